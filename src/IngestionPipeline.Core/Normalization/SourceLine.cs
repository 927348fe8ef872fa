using IngestionPipeline.Core.Extraction;

namespace IngestionPipeline.Core.Normalization;

/// <summary>One cell of a <see cref="SourceLine"/>: its 0-based column in the source row and its raw text.</summary>
internal sealed record LineCell(int Column, string Text);

/// <summary>
/// The normalizer's view of the document: one physical line (a text line, or one row of a table) with
/// its cells. Text lines have a single cell. Every format funnels into this, so the table parsers do not
/// care whether a row came from tab-separated text, an HTML table or a PDF grid.
/// </summary>
internal sealed record SourceLine(int Index, bool IsTable, int? TableRow, SourceLocation Location, IReadOnlyList<LineCell> Cells)
{
    public string Text => string.Join('\t', Cells.Select(c => c.Text));

    public bool IsBlank => Cells.All(c => string.IsNullOrWhiteSpace(c.Text));

    /// <summary>
    /// True for a row of a table that carries a real grid (HTML/DOCX/ruled PDF: some cell spans rows or
    /// columns), so a cell's column is its grid position and an empty cell is an EMPTY value, not padding.
    /// </summary>
    public bool Structured { get; init; }

    public static List<SourceLine> From(ExtractedDocument document)
    {
        var lines = new List<SourceLine>();
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case TextBlock text:
                    lines.Add(new SourceLine(lines.Count, false, null, text.Location, [new LineCell(0, text.Text)]));
                    break;
                case TableBlock table:
                    var structured = table.Cells.Any(c => c.RowSpan > 1 || c.ColumnSpan > 1);
                    foreach (var row in table.Cells.GroupBy(c => c.Row).OrderBy(g => g.Key))
                    {
                        var cells = row.OrderBy(c => c.Column).ToList();
                        lines.Add(new SourceLine(
                            lines.Count,
                            true,
                            row.Key,
                            cells[0].Location,
                            cells.Select(c => new LineCell(c.Column, c.Text)).ToList())
                        {
                            Structured = structured,
                        });
                    }

                    break;
            }
        }

        return lines;
    }
}

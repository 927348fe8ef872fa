using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// One cell of a <see cref="SourceLine"/>: its 0-based column in the source row and its raw text; for a cell of a
/// source table also its spans (as the extractor found them, 1 elsewhere) and its box on the page (PDF).
/// </summary>
internal sealed record LineCell(int Column, string Text, int RowSpan = 1, int ColumnSpan = 1, SourceBox? Box = null)
{
    /// <summary>The OCR confidence of the source table cell; null when it was not read by OCR.</summary>
    public double? Confidence { get; init; }

    /// <summary>True when the cell covers grid column <paramref name="column"/> (its own or one it spans).</summary>
    public bool Covers(int column) => column >= Column && column < Column + ColumnSpan;
}

/// <summary>
/// The normalizer's view of the document: one physical line (a text line, or one row of a table) with
/// its cells. Text lines have a single cell. Every format funnels into this, so the table parsers do not
/// care whether a row came from tab-separated text, an HTML table or a PDF grid. A table row keeps what the
/// extractor knew: its table's id, its 0-based row (<see cref="TableRow"/>), and each cell's column, spans and box,
/// so a value read from it can say where it stood (<see cref="Model.CellSource"/>: row and column + 1).
/// </summary>
internal sealed record SourceLine(int Index, bool IsTable, int? TableRow, SourceLocation Location, IReadOnlyList<LineCell> Cells)
{
    /// <summary>The cells joined by tabs; computed once, because every detector reads it.</summary>
    public string Text { get; } = JoinCells(Cells);

    public bool IsBlank { get; } = AllBlank(Cells);

    /// <summary>
    /// True for a row of a table that carries a real grid (HTML/DOCX/ruled PDF: some cell spans rows or
    /// columns), so a cell's column is its grid position and an empty cell is an EMPTY value, not padding.
    /// </summary>
    public bool Structured { get; init; }

    /// <summary>The id of the source table this row belongs to (<see cref="TableBlock.Id"/>); null for text lines.</summary>
    public string? TableId { get; init; }

    /// <summary>The cell starting at <paramref name="column"/>, or null (no cell starts there).</summary>
    public LineCell? CellAt(int column)
    {
        for (var i = 0; i < Cells.Count; i++)
        {
            if (Cells[i].Column == column)
            {
                return Cells[i];
            }
        }

        return null;
    }

    /// <summary>
    /// One line per table row, rows by index and cells by column (stable, as the former GroupBy/OrderBy). Extractors
    /// emit cells in row-major order, so the sort is usually skipped.
    /// </summary>
    private static void AddTableRows(List<SourceLine> lines, TableBlock table, string tableId)
    {
        var source = table.Cells;
        var structured = false;
        var ordered = true;
        for (var i = 0; i < source.Count; i++)
        {
            var c = source[i];
            structured |= c.RowSpan > 1 || c.ColumnSpan > 1;
            if (i > 0 && (source[i - 1].Row > c.Row || (source[i - 1].Row == c.Row && source[i - 1].Column > c.Column)))
            {
                ordered = false;
            }
        }

        IReadOnlyList<TableCell> cells = source;
        if (!ordered)
        {
            // OrderBy is stable: ties keep document order, so sort by (row, column, position).
            var indexed = new (TableCell Cell, int Position)[source.Count];
            for (var i = 0; i < indexed.Length; i++)
            {
                indexed[i] = (source[i], i);
            }

            Array.Sort(indexed, static (a, b) =>
                a.Cell.Row != b.Cell.Row ? a.Cell.Row.CompareTo(b.Cell.Row)
                : a.Cell.Column != b.Cell.Column ? a.Cell.Column.CompareTo(b.Cell.Column)
                : a.Position.CompareTo(b.Position));
            cells = Array.ConvertAll(indexed, x => x.Cell);
        }

        var start = 0;
        while (start < cells.Count)
        {
            var row = cells[start].Row;
            var end = start + 1;
            while (end < cells.Count && cells[end].Row == row)
            {
                end++;
            }

            var lineCells = new List<LineCell>(end - start);
            for (var i = start; i < end; i++)
            {
                var cell = cells[i];
                lineCells.Add(new LineCell(cell.Column, cell.Text, cell.RowSpan, cell.ColumnSpan, cell.Box) { Confidence = cell.Confidence });
            }

            lines.Add(new SourceLine(lines.Count, true, row, cells[start].Location, lineCells) { Structured = structured, TableId = tableId });
            start = end;
        }
    }

    private static string JoinCells(IReadOnlyList<LineCell> cells)
    {
        if (cells.Count == 1)
        {
            return cells[0].Text;
        }

        var texts = new string[cells.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = cells[i].Text;
        }

        return string.Join('\t', texts);
    }

    private static bool AllBlank(IReadOnlyList<LineCell> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(cells[i].Text))
            {
                return false;
            }
        }

        return true;
    }

    public static List<SourceLine> From(ExtractedDocument document)
    {
        var lines = new List<SourceLine>();
        var tables = 0;
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case TextBlock text:
                    lines.Add(new SourceLine(lines.Count, false, null, text.Location, [new LineCell(0, text.Text)]));
                    break;
                case TableBlock table:
                    // Ids are assigned at extraction; a document built elsewhere gets the same numbering here.
                    AddTableRows(lines, table, table.Id ?? TableIds.Of(tables + 1));
                    tables++;
                    break;
            }
        }

        return lines;
    }
}

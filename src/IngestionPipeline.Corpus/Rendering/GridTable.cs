namespace IngestionPipeline.Corpus.Rendering;

/// <summary>A table cell that starts in its row (HTML semantics: cells covered by a row span are not repeated).</summary>
public sealed record GridCell(string Text, int ColSpan = 1, int RowSpan = 1, bool IsValue = false);

/// <summary>
/// A table laid out as the official Word template lays it out (merged cells as spans). One model feeds every
/// renderer: HTML writes it as is, DOCX as gridSpan/vMerge, the text layouts flatten it.
/// </summary>
public sealed record GridTable(IReadOnlyList<IReadOnlyList<GridCell>> Rows, int ColumnCount, string Key)
{
    /// <summary>
    /// Each row as Word stores it: one entry per <c>w:tc</c>, i.e. the cells starting in the row plus a
    /// continuation entry (<see cref="PlacedCell.Continuation"/>) where a cell from above extends into this row.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<PlacedCell>> Placed()
    {
        // covering[r, c] = origin cell covering (r, c) from an earlier row.
        var rowsCount = Rows.Count;
        var maxSpan = Rows.SelectMany(row => row).Select(cell => cell.RowSpan).DefaultIfEmpty(1).Max();
        var covered = new (GridCell Cell, int StartColumn)?[rowsCount + maxSpan, ColumnCount];
        var result = new List<IReadOnlyList<PlacedCell>>(rowsCount);
        for (var r = 0; r < rowsCount; r++)
        {
            var placed = new List<PlacedCell>();
            var queue = new Queue<GridCell>(Rows[r]);
            var c = 0;
            while (c < ColumnCount)
            {
                if (covered[r, c] is { } cover)
                {
                    placed.Add(new PlacedCell(c, cover.Cell, Continuation: true));
                    c += cover.Cell.ColSpan;
                    continue;
                }

                if (queue.Count == 0)
                {
                    break;
                }

                var cell = queue.Dequeue();
                placed.Add(new PlacedCell(c, cell, Continuation: false));
                for (var rr = r + 1; rr < r + cell.RowSpan; rr++)
                {
                    covered[rr, c] = (cell, c);
                }

                c += cell.ColSpan;
            }

            if (queue.Count > 0)
            {
                throw new InvalidOperationException($"Table {Key} row {r} has more cells than columns.");
            }

            result.Add(placed);
        }

        return result;
    }

    /// <summary>The full grid: every position holds the text of the cell starting there, "" elsewhere (spanned or covered).</summary>
    public IReadOnlyList<string[]> Dense()
    {
        var dense = new List<string[]>();
        foreach (var row in Placed())
        {
            var cells = Enumerable.Repeat(string.Empty, ColumnCount).ToArray();
            foreach (var p in row.Where(p => !p.Continuation))
            {
                cells[p.Column] = p.Cell.Text;
            }

            dense.Add(cells);
        }

        return dense;
    }
}

/// <summary>A cell at its grid column; a continuation is the part of a vertically merged cell below its first row.</summary>
public sealed record PlacedCell(int Column, GridCell Cell, bool Continuation);

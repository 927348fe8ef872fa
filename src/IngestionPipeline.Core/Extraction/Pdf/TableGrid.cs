namespace IngestionPipeline.Core.Extraction.Pdf;

/// <summary>
/// A cell grid rebuilt from ruling lines. Rules that touch each other form one table; the distinct x of
/// its vertical rules and y of its horizontal rules give the grid, and two neighbouring grid slots belong
/// to the same (spanning) cell when no rule separates them.
/// </summary>
internal sealed class TableGrid
{
    private readonly double[] xs;   // ascending
    private readonly double[] ys;   // descending (top first)
    private readonly int[] owner;   // grid slot → representative slot of its cell
    private readonly double tolerance;

    private TableGrid(double[] xs, double[] ys, int[] owner, double tolerance)
    {
        this.xs = xs;
        this.ys = ys;
        this.owner = owner;
        this.tolerance = tolerance;
    }

    public int RowCount => ys.Length - 1;

    public int ColumnCount => xs.Length - 1;

    /// <summary>Grids with more cells than this are not rebuilt as tables (a report table has a few hundred).</summary>
    public const int MaxCells = 10_000;

    public static IEnumerable<TableGrid> Build(IReadOnlyList<Rule> rules, double tolerance)
    {
        // Connected components of touching rules.
        var parent = Enumerable.Range(0, rules.Count).ToArray();
        int Find(int i)
        {
            // Iterative with path halving: a recursive find could go as deep as there are rules.
            while (parent[i] != i)
            {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }

            return i;
        }

        for (var i = 0; i < rules.Count; i++)
        {
            for (var j = i + 1; j < rules.Count; j++)
            {
                if (Touch(rules[i], rules[j], tolerance))
                {
                    parent[Find(i)] = Find(j);
                }
            }
        }

        foreach (var component in Enumerable.Range(0, rules.Count).GroupBy(Find))
        {
            var members = component.Select(i => rules[i]).ToList();
            var xs = Cluster(members.Where(r => !r.IsHorizontal).Select(r => r.At), tolerance).ToArray();
            var ys = Cluster(members.Where(r => r.IsHorizontal).Select(r => r.At), tolerance).Reverse().ToArray();
            if (xs.Length < 2 || ys.Length < 2 || (long)(xs.Length - 1) * (ys.Length - 1) > MaxCells)
            {
                continue; // not a table, or a mesh no report table comes near (its cells would all be emitted)
            }

            yield return Create(xs, ys, members, tolerance);
        }
    }

    public bool Contains(Glyph glyph) =>
        glyph.CenterX > xs[0] && glyph.CenterX < xs[^1] && glyph.CenterY < ys[0] && glyph.CenterY > ys[^1];

    /// <summary>Puts the glyphs into their cells; every cell is emitted, empty ones with empty text (a blank cell is not a zero).</summary>
    public RuledTable Fill(IReadOnlyList<Glyph> glyphs)
    {
        var byCell = new Dictionary<int, List<Glyph>>();
        foreach (var glyph in glyphs)
        {
            var column = Math.Clamp(Array.FindLastIndex(xs, x => x <= glyph.CenterX), 0, ColumnCount - 1);
            var row = Math.Clamp(Array.FindLastIndex(ys, y => y >= glyph.CenterY), 0, RowCount - 1);
            var cell = owner[(row * ColumnCount) + column];
            if (!byCell.TryGetValue(cell, out var list))
            {
                byCell[cell] = list = [];
            }

            list.Add(glyph);
        }

        var cells = new List<RuledCell>();
        foreach (var group in Enumerable.Range(0, owner.Length).GroupBy(slot => owner[slot]))
        {
            var rows = group.Select(s => s / ColumnCount).ToList();
            var columns = group.Select(s => s % ColumnCount).ToList();
            var (row0, row1, column0, column1) = (rows.Min(), rows.Max(), columns.Min(), columns.Max());
            var (text, box) = byCell.TryGetValue(group.Key, out var list)
                ? (CellText(list), PageBox.Around(list.Select(g => g.Box)))
                : (string.Empty, new PageBox(xs[column0], ys[row1 + 1], xs[column1 + 1], ys[row0]));
            cells.Add(new RuledCell(row0, column0, row1 - row0 + 1, column1 - column0 + 1, text, box));
        }

        // Drop rows that are only slivers between double rules (no cell starts there with text and they are thin).
        return new RuledTable(ys[0], Compact(cells.OrderBy(c => c.Row).ThenBy(c => c.Column).ToList()));
    }

    private List<RuledCell> Compact(List<RuledCell> cells)
    {
        var thinRows = Enumerable.Range(0, RowCount).Where(r => ys[r] - ys[r + 1] < tolerance * 1.5 && cells.All(c => c.Row != r || c.Text.Length == 0)).ToHashSet();
        var thinColumns = Enumerable.Range(0, ColumnCount).Where(c => xs[c + 1] - xs[c] < tolerance * 1.5 && cells.All(x => x.Column != c || x.Text.Length == 0)).ToHashSet();
        if (thinRows.Count == 0 && thinColumns.Count == 0)
        {
            return cells;
        }

        int NewIndex(int index, HashSet<int> dropped) => index - dropped.Count(d => d < index);
        int NewSpan(int start, int span, HashSet<int> dropped) => Math.Max(1, span - Enumerable.Range(start, span).Count(dropped.Contains));
        return cells
            .Where(c => !(thinRows.Contains(c.Row) && c.RowSpan == 1) && !(thinColumns.Contains(c.Column) && c.ColumnSpan == 1))
            .Select(c => c with
            {
                Row = NewIndex(c.Row, thinRows),
                Column = NewIndex(c.Column, thinColumns),
                RowSpan = NewSpan(c.Row, c.RowSpan, thinRows),
                ColumnSpan = NewSpan(c.Column, c.ColumnSpan, thinColumns),
            })
            .ToList();
    }

    /// <summary>Text of a cell: its lines top to bottom, joined without a separator (CJK labels wrap mid-word) except between Latin/digits.</summary>
    private static string CellText(List<Glyph> glyphs)
    {
        var text = new System.Text.StringBuilder();
        foreach (var line in PdfPageLayout.GroupLines(glyphs))
        {
            var part = PdfPageLayout.LineText(line);
            if (text.Length > 0 && char.IsAsciiLetterOrDigit(text[^1]) && char.IsAsciiLetterOrDigit(part[0]))
            {
                text.Append(' ');
            }

            text.Append(part);
        }

        return text.ToString();
    }

    private static TableGrid Create(double[] xs, double[] ys, List<Rule> rules, double tolerance)
    {
        var columns = xs.Length - 1;
        var rows = ys.Length - 1;
        var parent = Enumerable.Range(0, rows * columns).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        void Union(int a, int b)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra != rb)
            {
                parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
            }
        }

        bool Covered(bool horizontal, double at, double mid) =>
            rules.Any(r => r.IsHorizontal == horizontal && Math.Abs(r.At - at) <= tolerance && r.From - tolerance <= mid && mid <= r.To + tolerance);

        for (var r = 0; r < rows; r++)
        {
            var midY = (ys[r] + ys[r + 1]) / 2;
            for (var c = 0; c < columns; c++)
            {
                var midX = (xs[c] + xs[c + 1]) / 2;
                if (c + 1 < columns && !Covered(false, xs[c + 1], midY))
                {
                    Union((r * columns) + c, (r * columns) + c + 1);
                }

                if (r + 1 < rows && !Covered(true, ys[r + 1], midX))
                {
                    Union((r * columns) + c, ((r + 1) * columns) + c);
                }
            }
        }

        var owner = Enumerable.Range(0, rows * columns).Select(Find).ToArray();
        return new TableGrid(xs, ys, owner, tolerance);
    }

    private static bool Touch(Rule a, Rule b, double tolerance)
    {
        if (a.IsHorizontal == b.IsHorizontal)
        {
            // Collinear pieces of the same rule.
            return Math.Abs(a.At - b.At) <= tolerance && a.From <= b.To + tolerance && b.From <= a.To + tolerance;
        }

        var (h, v) = a.IsHorizontal ? (a, b) : (b, a);
        return v.At >= h.From - tolerance && v.At <= h.To + tolerance && h.At >= v.From - tolerance && h.At <= v.To + tolerance;
    }

    private static IEnumerable<double> Cluster(IEnumerable<double> values, double tolerance)
    {
        var sorted = values.Order().ToList();
        var clusters = new List<List<double>>();
        foreach (var value in sorted)
        {
            if (clusters.Count > 0 && value - clusters[^1][^1] <= tolerance)
            {
                clusters[^1].Add(value);
            }
            else
            {
                clusters.Add([value]);
            }
        }

        return clusters.Select(c => c.Average());
    }
}

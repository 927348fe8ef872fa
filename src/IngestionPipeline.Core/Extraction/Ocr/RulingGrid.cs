using OpenCvSharp;

namespace IngestionPipeline.Core.Extraction.Ocr;

/// <summary>A ruling line found on a page image, in pixels: <see cref="At"/> is its y (horizontal) or x (vertical).</summary>
internal sealed record PixelRule(bool IsHorizontal, int At, int From, int To)
{
    /// <summary>The ink the rule covers (its thickness included).</summary>
    public Rect Extent { get; init; }
}

/// <summary>A cell of a <see cref="RulingGrid"/>: 0-based grid position and spans, and its ruled box in pixels.</summary>
internal sealed record GridCell(int Row, int Column, int RowSpan, int ColumnSpan, Rect Box);

/// <summary>
/// A table grid rebuilt from the ruling lines of a page image (the image counterpart of the PDF extractor's grid):
/// horizontal and vertical rules come from morphological opening of the binarised page; rules that touch form one
/// table; the distinct x of its vertical rules and y of its horizontal rules give the grid; two neighbouring grid
/// slots are one (spanning) cell when no rule separates them.
/// </summary>
internal sealed class RulingGrid
{
    /// <summary>Grids with more slots than this are not tables (a report table has a few hundred cells).</summary>
    public const int MaxSlots = 5_000;

    private RulingGrid(int[] xs, int[] ys, IReadOnlyList<GridCell> cells)
    {
        Xs = xs;
        Ys = ys;
        Cells = cells;
    }

    /// <summary>Column boundaries, ascending.</summary>
    public int[] Xs { get; }

    /// <summary>Row boundaries, top first.</summary>
    public int[] Ys { get; }

    public IReadOnlyList<GridCell> Cells { get; }

    /// <summary>The table's outer box.</summary>
    public Rect Bounds => new(Xs[0], Ys[0], Xs[^1] - Xs[0], Ys[^1] - Ys[0]);

    /// <summary>The rules of the grid (vertical runs that are character strokes left out).</summary>
    public IReadOnlyList<PixelRule> Rules { get; private init; } = [];

    /// <summary>
    /// The ruling lines of a binarised page (ink = 255): horizontal runs at least <paramref name="minHorizontal"/> px long
    /// and vertical runs at least <paramref name="minVertical"/> px long.
    /// </summary>
    public static List<PixelRule> FindRules(Mat binary, int minHorizontal, int minVertical)
    {
        // Opening keeps only long runs (text goes); a scanned rule broken into pieces is put together again by Build.
        using var horizontal = new Mat();
        using var vertical = new Mat();
        using (var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(minHorizontal, 1)))
        {
            Cv2.MorphologyEx(binary, horizontal, MorphTypes.Open, kernel);
        }

        using (var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(1, minVertical)))
        {
            Cv2.MorphologyEx(binary, vertical, MorphTypes.Open, kernel);
        }

        var rules = new List<PixelRule>();
        Cv2.FindContours(horizontal, out var hContours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        foreach (var c in hContours)
        {
            var r = Cv2.BoundingRect(c);
            rules.Add(new PixelRule(true, r.Top + (r.Height / 2), r.Left, r.Right) { Extent = r });
        }

        Cv2.FindContours(vertical, out var vContours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        foreach (var c in vContours)
        {
            var r = Cv2.BoundingRect(c);
            rules.Add(new PixelRule(false, r.Left + (r.Width / 2), r.Top, r.Bottom) { Extent = r });
        }

        return rules;
    }

    /// <summary>The tables the rules form (at least two rows or two columns with rules on every side).</summary>
    public static List<RulingGrid> Build(IReadOnlyList<PixelRule> allRules, int tolerance)
    {
        // A vertical run that does not meet a horizontal rule at both ends is a character stroke, not a rule.
        // A real rule runs into the ink of the rules it meets; a stroke inside a cell stops short of them by the cell's
        // padding, so the ends are held to a tighter tolerance than positions.
        var horizontalRules = allRules.Where(r => r.IsHorizontal).ToList();
        const int endTolerance = 2;
        bool Meets(int x, int y) => horizontalRules.Any(h => Math.Abs(h.At - y) <= endTolerance + (h.Extent.Height / 2) && h.From - tolerance <= x && x <= h.To + tolerance);
        var rules = allRules.Where(r => r.IsHorizontal || (Meets(r.At, r.From) && Meets(r.At, r.To))).ToList();

        var parent = Enumerable.Range(0, rules.Count).ToArray();
        int Find(int i)
        {
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

        var grids = new List<RulingGrid>();
        foreach (var component in Enumerable.Range(0, rules.Count).GroupBy(Find))
        {
            var members = component.Select(i => rules[i]).ToList();
            var xs = Cluster(members.Where(r => !r.IsHorizontal).Select(r => r.At), tolerance);
            var ys = Cluster(members.Where(r => r.IsHorizontal).Select(r => r.At), tolerance);
            if (xs.Length < 2 || ys.Length < 2 || (xs.Length - 1) * (ys.Length - 1) < 2 || (long)(xs.Length - 1) * (ys.Length - 1) > MaxSlots)
            {
                continue;
            }

            grids.Add(Create(xs, ys, members, tolerance));
        }

        return grids;
    }

    private static RulingGrid Create(int[] xs, int[] ys, List<PixelRule> rules, int tolerance)
    {
        var columns = xs.Length - 1;
        var rows = ys.Length - 1;
        var parent = Enumerable.Range(0, rows * columns).ToArray();
        int Find(int i)
        {
            while (parent[i] != i)
            {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }

            return i;
        }

        void Union(int a, int b)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra != rb)
            {
                parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
            }
        }

        // A slot edge is ruled when rules along it cover most of it (a scanned rule can be broken anywhere, the middle too).
        bool Covered(bool horizontal, int at, int from, int to)
        {
            var covered = 0;
            var cursor = from;
            foreach (var r in rules.Where(r => r.IsHorizontal == horizontal && Math.Abs(r.At - at) <= tolerance).OrderBy(r => r.From))
            {
                var start = Math.Max(cursor, r.From);
                var end = Math.Min(to, r.To);
                if (end > start)
                {
                    covered += end - start;
                    cursor = end;
                }
            }

            return covered * 2 >= to - from;
        }

        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                if (c + 1 < columns && !Covered(false, xs[c + 1], ys[r], ys[r + 1]))
                {
                    Union((r * columns) + c, (r * columns) + c + 1);
                }

                if (r + 1 < rows && !Covered(true, ys[r + 1], xs[c], xs[c + 1]))
                {
                    Union((r * columns) + c, ((r + 1) * columns) + c);
                }
            }
        }

        var cells = Enumerable.Range(0, rows * columns)
            .GroupBy(Find)
            .Select(g =>
            {
                var (row0, row1) = (g.Min(s => s / columns), g.Max(s => s / columns));
                var (col0, col1) = (g.Min(s => s % columns), g.Max(s => s % columns));
                return new GridCell(row0, col0, row1 - row0 + 1, col1 - col0 + 1, new Rect(xs[col0], ys[row0], xs[col1 + 1] - xs[col0], ys[row1 + 1] - ys[row0]));
            })
            .OrderBy(c => c.Row).ThenBy(c => c.Column)
            .ToList();
        return new RulingGrid(xs, ys, cells) { Rules = rules };
    }

    private static bool Touch(PixelRule a, PixelRule b, int tolerance)
    {
        if (a.IsHorizontal == b.IsHorizontal)
        {
            return Math.Abs(a.At - b.At) <= tolerance && a.From <= b.To + tolerance && b.From <= a.To + tolerance;
        }

        var (h, v) = a.IsHorizontal ? (a, b) : (b, a);
        return v.At >= h.From - tolerance && v.At <= h.To + tolerance && h.At >= v.From - tolerance && h.At <= v.To + tolerance;
    }

    private static int[] Cluster(IEnumerable<int> values, int tolerance)
    {
        var clusters = new List<List<int>>();
        foreach (var value in values.Order())
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

        return [.. clusters.Select(c => (int)Math.Round(c.Average()))];
    }
}

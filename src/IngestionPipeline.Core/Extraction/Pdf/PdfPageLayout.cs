using System.Text.RegularExpressions;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace IngestionPipeline.Core.Extraction.Pdf;

/// <summary>
/// One glyph of the text layer in page space (y grows upwards); <see cref="Size"/> is the em size, <see cref="Bottom"/>
/// and <see cref="Top"/> the vertical extent of the visible glyph.
/// </summary>
internal sealed record Glyph(string Text, double X0, double X1, double Y, double Size, double Bottom, double Top)
{
    public PageBox Box => new(X0, Bottom, X1, Top);

    public double CenterX => (X0 + X1) / 2;

    public double CenterY => Y + (Size * 0.35);
}

/// <summary>A horizontal (<see cref="IsHorizontal"/>) or vertical ruling line: fixed coordinate and extent.</summary>
internal sealed record Rule(bool IsHorizontal, double At, double From, double To);

/// <summary>A visual line of glyphs outside any ruled table, split into segments at wide gaps.</summary>
internal sealed record PageLine(double Top, double Y, double Size, IReadOnlyList<Segment> Segments)
{
    public string Text => string.Join(" ", Segments.Select(s => s.Text));
}

/// <summary>A run of glyphs of one line with no wide gap inside, and the box around its glyphs.</summary>
internal sealed record Segment(string Text, double X0, double X1, PageBox Box);

/// <summary>A rectangle in page space (y grows upwards): the box of some glyphs or of a ruled cell.</summary>
internal readonly record struct PageBox(double X0, double Y0, double X1, double Y1)
{
    public PageBox Union(PageBox other) => new(Math.Min(X0, other.X0), Math.Min(Y0, other.Y0), Math.Max(X1, other.X1), Math.Max(Y1, other.Y1));

    public static PageBox Around(IEnumerable<PageBox> boxes) => boxes.Aggregate((a, b) => a.Union(b));
}

/// <summary>A table rebuilt from ruling lines: cells in grid coordinates with spans.</summary>
internal sealed record RuledTable(double Top, IReadOnlyList<RuledCell> Cells);

/// <summary>
/// A cell of a <see cref="RuledTable"/>; <see cref="Box"/> surrounds its glyphs, or is the ruled cell itself when it
/// prints nothing (a blank cell is still a place on the page).
/// </summary>
internal sealed record RuledCell(int Row, int Column, int RowSpan, int ColumnSpan, string Text, PageBox Box);

/// <summary>The layout analysis of one page: prose lines and ruled tables in reading order.</summary>
internal sealed partial class PdfPageLayout
{
    private const double RuleTolerance = 2.0;

    private readonly int pageNumber;
    private readonly double pageHeight;
    private readonly (double Left, double Top) origin;
    private readonly List<PageLine> lines;
    private readonly List<RuledTable> tables;

    private PdfPageLayout(int pageNumber, double pageHeight, (double Left, double Top) origin, int glyphCount, List<PageLine> lines, List<RuledTable> tables)
    {
        this.pageNumber = pageNumber;
        this.pageHeight = pageHeight;
        this.origin = origin;
        GlyphCount = glyphCount;
        this.lines = lines;
        this.tables = tables;
    }

    public int GlyphCount { get; }

    /// <summary>The 1-based page number.</summary>
    public int PageNumber => pageNumber;

    /// <summary>
    /// Pages with more ruling segments than this are read without ruled tables (column alignment still applies):
    /// grid rebuilding compares segments pairwise, and a real report page has a few hundred.
    /// </summary>
    public const int MaxRulesPerPage = 4_000;

    public static PdfPageLayout Analyze(Page page, int pageNumber)
    {
        var glyphs = ReadGlyphs(page);
        var rules = ReadRules(page);
        if (rules.Count > MaxRulesPerPage)
        {
            rules = [];
        }

        var tables = new List<RuledTable>();
        var remaining = glyphs;
        foreach (var grid in TableGrid.Build(rules, RuleTolerance))
        {
            var inside = remaining.Where(grid.Contains).ToList();
            if (inside.Count == 0 && grid.RowCount * grid.ColumnCount < 4)
            {
                continue; // a frame or a decoration, not a table
            }

            tables.Add(grid.Fill(inside));
            remaining = remaining.Where(g => !grid.Contains(g)).ToList();
        }

        var lines = GroupLines(remaining).Select(ToPageLine).ToList();
        var visible = page.CropBox.Bounds;
        return new PdfPageLayout(pageNumber, page.Height, (visible.Left, visible.Top), glyphs.Count, lines, tables);
    }

    /// <summary>
    /// Drops running page numbers anywhere in the top/bottom margin (and decorated ones such as <c>- 4 -</c>
    /// anywhere), and lines repeated in the margins of most pages (running headers and footers).
    /// </summary>
    public static void RemoveRunningHeadersAndFooters(IReadOnlyList<PdfPageLayout> pages)
    {
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        if (pages.Count >= 3)
        {
            var counts = pages
                .SelectMany(p => p.lines.Where(p.InMargin).Select(l => MarginKey(l.Text)).Distinct())
                .GroupBy(k => k)
                .Where(g => g.Count() >= Math.Max(3, pages.Count * 0.6));
            repeated.UnionWith(counts.Select(g => g.Key));
        }

        foreach (var page in pages)
        {
            page.lines.RemoveAll(l =>
                DecoratedPageNumber().IsMatch(Compact(l.Text))
                || (page.InMargin(l) && (BarePageNumber().IsMatch(Compact(l.Text)) || repeated.Contains(MarginKey(l.Text)))));
        }
    }

    /// <summary>The page's blocks in reading order; consecutive multi-column lines become a table (column alignment fallback).</summary>
    public IEnumerable<DocumentBlock> ToBlocks()
    {
        var items = lines.Select(l => (Top: l.Top, Line: (PageLine?)l, Table: (RuledTable?)null))
            .Concat(tables.Select(t => (Top: t.Top, Line: (PageLine?)null, Table: (RuledTable?)t)))
            .OrderByDescending(i => i.Top)
            .ToList();
        var blocks = new List<DocumentBlock>();
        var lineNumber = 0;
        var run = new List<(PageLine Line, int Number)>();

        void FlushRun()
        {
            if (run.Count > 0)
            {
                blocks.Add(AlignedTable(run));
                run.Clear();
            }
        }

        foreach (var item in items)
        {
            if (item.Table is { } table)
            {
                FlushRun();
                var firstLine = lineNumber + 1;
                var rowCount = table.Cells.Count == 0 ? 0 : table.Cells.Max(c => c.Row + c.RowSpan);
                lineNumber += Math.Max(rowCount, 1);
                blocks.Add(new TableBlock(
                    table.Cells.Select(c => new TableCell(c.Row, c.Column, c.Text, new SourceLocation(pageNumber, firstLine + c.Row), c.RowSpan, c.ColumnSpan) { Box = ToSourceBox(c.Box) }).ToList(),
                    new SourceLocation(pageNumber, firstLine)));
                continue;
            }

            var line = item.Line!;
            lineNumber++;
            if (line.Segments.Count >= 2)
            {
                run.Add((line, lineNumber));
                continue;
            }

            FlushRun();
            blocks.Add(new TextBlock(line.Text, new SourceLocation(pageNumber, lineNumber)));
        }

        FlushRun();
        return blocks;
    }

    private TableBlock AlignedTable(List<(PageLine Line, int Number)> run)
    {
        // Column bands: merge the x-intervals of all segments that overlap horizontally.
        var bands = new List<(double X0, double X1)>();
        foreach (var segment in run.SelectMany(r => r.Line.Segments).OrderBy(s => s.X0))
        {
            if (bands.Count > 0 && segment.X0 <= bands[^1].X1)
            {
                bands[^1] = (bands[^1].X0, Math.Max(bands[^1].X1, segment.X1));
            }
            else
            {
                bands.Add((segment.X0, segment.X1));
            }
        }

        var cells = new List<TableCell>();
        for (var row = 0; row < run.Count; row++)
        {
            var (line, number) = run[row];
            var location = new SourceLocation(pageNumber, number);
            foreach (var group in line.Segments.GroupBy(s => bands.FindIndex(b => s.X0 >= b.X0 && s.X0 <= b.X1)).OrderBy(g => g.Key))
            {
                cells.Add(new TableCell(row, Math.Max(group.Key, 0), string.Join(" ", group.Select(s => s.Text)), location)
                {
                    Box = ToSourceBox(PageBox.Around(group.Select(s => s.Box))),
                });
            }
        }

        return new TableBlock(cells, new SourceLocation(pageNumber, run[0].Number));
    }

    /// <summary>
    /// A page-space box as the canonical report gives it: PDF points from the top-left corner of the visible page
    /// (its crop box), rounded to 0.01 pt.
    /// </summary>
    private Model.SourceBox ToSourceBox(PageBox box) => new(
        Math.Round(box.X0 - origin.Left, 2, MidpointRounding.AwayFromZero),
        Math.Round(origin.Top - box.Y1, 2, MidpointRounding.AwayFromZero),
        Math.Round(box.X1 - origin.Left, 2, MidpointRounding.AwayFromZero),
        Math.Round(origin.Top - box.Y0, 2, MidpointRounding.AwayFromZero));

    private bool InMargin(PageLine line) => line.Y > pageHeight * 0.9 || line.Y < pageHeight * 0.1;

    private static string Compact(string text) => WhitespaceRun().Replace(text, string.Empty);

    private static string MarginKey(string text) => Digits().Replace(Compact(text), "#");

    private static List<Glyph> ReadGlyphs(Page page)
    {
        var glyphs = new List<Glyph>();
        var seen = new HashSet<(string, long, long)>();
        foreach (var letter in page.Letters)
        {
            if (string.IsNullOrWhiteSpace(letter.Value))
            {
                continue;
            }

            var x0 = Math.Min(letter.StartBaseLine.X, letter.EndBaseLine.X);
            var x1 = Math.Max(letter.StartBaseLine.X, letter.EndBaseLine.X);
            if (x1 - x0 < 0.01)
            {
                x0 = letter.BoundingBox.Left;
                x1 = letter.BoundingBox.Right;
            }

            // Fake bold draws every glyph twice at (almost) the same place: keep one.
            if (!seen.Add((letter.Value, (long)Math.Round(x0 * 2), (long)Math.Round(letter.StartBaseLine.Y * 2))))
            {
                continue;
            }

            var size = letter.PointSize > 0.5 ? letter.PointSize : Math.Max(letter.BoundingBox.Height, 1);
            var bottom = Math.Min(letter.BoundingBox.Bottom, letter.BoundingBox.Top);
            var top = Math.Max(letter.BoundingBox.Bottom, letter.BoundingBox.Top);
            if (top - bottom < 0.01)
            {
                // No visible extent reported (some Type 3 and broken fonts): the em box above the baseline.
                (bottom, top) = (letter.StartBaseLine.Y, letter.StartBaseLine.Y + size);
            }

            glyphs.Add(new Glyph(letter.Value, x0, x1, letter.StartBaseLine.Y, size, bottom, top));
        }

        return glyphs;
    }

    private static List<Rule> ReadRules(Page page)
    {
        var rules = new List<Rule>();
        foreach (var path in page.Paths)
        {
            if (path.IsClipping || (!path.IsStroked && !path.IsFilled))
            {
                continue;
            }

            foreach (var subpath in path)
            {
                if (path.IsFilled && subpath.GetBoundingRectangle() is { } box)
                {
                    // Thin filled rectangles are how many producers (Word, LibreOffice) draw borders.
                    if (box.Height <= 3 && box.Width > box.Height)
                    {
                        rules.Add(new Rule(true, (box.Bottom + box.Top) / 2, box.Left, box.Right));
                        continue;
                    }

                    if (box.Width <= 3 && box.Height > box.Width)
                    {
                        rules.Add(new Rule(false, (box.Left + box.Right) / 2, box.Bottom, box.Top));
                        continue;
                    }

                    if (!path.IsStroked)
                    {
                        continue; // a shaded area, not a rule
                    }
                }

                AddSegments(subpath, rules);
            }
        }

        return rules;
    }

    private static void AddSegments(PdfSubpath subpath, List<Rule> rules)
    {
        PdfPoint? start = null;
        PdfPoint? current = null;
        foreach (var command in subpath.Commands)
        {
            switch (command)
            {
                case PdfSubpath.Move move:
                    start = current = move.Location;
                    break;
                case PdfSubpath.Line line:
                    AddSegment(line.From, line.To, rules);
                    current = line.To;
                    start ??= line.From;
                    break;
                case PdfSubpath.Close when start is { } s && current is { } c:
                    AddSegment(c, s, rules);
                    current = s;
                    break;
                case PdfSubpath.BezierCurve curve:
                    current = curve.EndPoint;
                    break;
            }
        }
    }

    private static void AddSegment(PdfPoint from, PdfPoint to, List<Rule> rules)
    {
        var dx = Math.Abs(to.X - from.X);
        var dy = Math.Abs(to.Y - from.Y);
        if (dy <= 1 && dx > 2)
        {
            rules.Add(new Rule(true, (from.Y + to.Y) / 2, Math.Min(from.X, to.X), Math.Max(from.X, to.X)));
        }
        else if (dx <= 1 && dy > 2)
        {
            rules.Add(new Rule(false, (from.X + to.X) / 2, Math.Min(from.Y, to.Y), Math.Max(from.Y, to.Y)));
        }
    }

    /// <summary>Groups glyphs into visual lines (top to bottom), each sorted left to right.</summary>
    internal static List<List<Glyph>> GroupLines(IEnumerable<Glyph> glyphs)
    {
        var result = new List<(double CenterY, double Size, List<Glyph> Glyphs)>();
        foreach (var glyph in glyphs.OrderByDescending(g => g.CenterY))
        {
            var index = result.FindLastIndex(l => Math.Abs(l.CenterY - glyph.CenterY) < Math.Min(l.Size, glyph.Size) * 0.5);
            if (index >= 0)
            {
                result[index].Glyphs.Add(glyph);
            }
            else
            {
                result.Add((glyph.CenterY, glyph.Size, [glyph]));
            }
        }

        return result.Select(l => l.Glyphs.OrderBy(g => g.X0).ToList()).ToList();
    }

    /// <summary>
    /// The text of one line. CJK has no spaces, and justified or glyph-spaced text has gaps between
    /// characters, so a space is kept only where the gap is wide relative to the glyph size: between two
    /// CJK glyphs a full em, elsewhere half an em (so <c>2023 年</c> becomes <c>2023年</c>, while
    /// <c>10 82</c> with a real word space stays as printed).
    /// </summary>
    internal static string LineText(IReadOnlyList<Glyph> line)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < line.Count; i++)
        {
            if (i > 0 && NeedsSpace(line[i - 1], line[i]))
            {
                text.Append(' ');
            }

            text.Append(line[i].Text);
        }

        return text.ToString();
    }

    private static bool NeedsSpace(Glyph previous, Glyph next)
    {
        var gap = next.X0 - previous.X1;
        var size = Math.Min(previous.Size, next.Size);
        var bothCjk = IsCjk(previous.Text) && IsCjk(next.Text);
        var bothAscii = IsAsciiWord(previous.Text) && IsAsciiWord(next.Text);
        return gap > size * (bothCjk ? 1.0 : bothAscii ? 0.2 : 0.5);
    }

    private static PageLine ToPageLine(List<Glyph> line)
    {
        var segments = new List<Segment>();
        var start = 0;
        for (var i = 1; i <= line.Count; i++)
        {
            if (i == line.Count || line[i].X0 - line[i - 1].X1 > Math.Min(line[i].Size, line[i - 1].Size) * 1.0)
            {
                var part = line.GetRange(start, i - start);
                segments.Add(new Segment(LineText(part), part[0].X0, part[^1].X1, PageBox.Around(part.Select(g => g.Box))));
                start = i;
            }
        }

        var size = line.Max(g => g.Size);
        return new PageLine(line.Max(g => g.Y + g.Size), line.Average(g => g.Y), size, segments);
    }

    private static bool IsCjk(string text) => text.Length > 0 && (text[0] >= '\u2E80' || char.IsSurrogate(text[0]));

    private static bool IsAsciiWord(string text) => text.Length > 0 && text[0] < 128 && char.IsLetterOrDigit(text[0]);

    [GeneratedRegex(@"^(?:[-－—–_~－]+\d{1,4}[-－—–_~－]+|第\d{1,4}页(?:[,，/]?共\d{1,4}页)?|\d{1,4}/\d{1,4}|[Pp]age\d{1,4}(?:of\d{1,4})?)$")]
    private static partial Regex DecoratedPageNumber();

    [GeneratedRegex(@"^\d{1,4}$")]
    private static partial Regex BarePageNumber();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}

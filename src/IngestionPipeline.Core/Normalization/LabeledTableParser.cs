using System.Text.RegularExpressions;

namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// Reads a labelled table (二 or 三) from its region by matching row labels, whatever the layout: one
/// row per line (tab text, HTML/DOCX rows), one cell per line (seed 001), labels wrapped over several
/// lines, two labels merged into one cell with the second row's values on the next line, values of one
/// row wrapped over two lines (merged by column index).
/// <para>
/// The walk: every physical line is split into label fragments and value cells. A line whose labels
/// name template rows not seen yet opens those rows (closing the previous ones); its value cells go to
/// the first row it opened. A line naming no new row continues the open rows: its values go to the
/// first open row still short of values, and only if they fit — values that fit nowhere are orphans,
/// never pushed into a neighbouring row. A row whose value count does not match its columns is
/// reported as <see cref="RowStatus.WrongCount"/> and not guessed.
/// </para>
/// </summary>
/// <para>
/// With <c>valueColumns</c> (the grid columns of the value columns, known from a real header grid), a
/// row's values are read by column position: a blank cell at the edge of the row is an EMPTY value, and
/// columns not named (a printed 小计) are ignored.
/// </para>
internal sealed partial class LabeledTableParser(TableLayout layout, ApplicantGrid? grid = null)
{
    private readonly IReadOnlyList<int>? valueColumns = grid?.Columns;
    private readonly int? ignoredColumn = grid?.SubtotalColumn;

    public LabeledTableResult Parse(IReadOnlyList<SourceLine> lines)
    {
        int? group = null;
        var lastOpened = -1;
        var opened = new HashSet<int>();
        var open = new List<OpenRow>();
        var rows = new List<AssembledRow>();
        var orphans = new List<ValueToken>();
        var header = new List<SourceLine>();

        void CloseAll()
        {
            rows.AddRange(open.Select(Finalize));
            open.Clear();
        }

        foreach (var line in lines)
        {
            if (line.IsBlank || IsNoise(line))
            {
                continue;
            }

            var matches = new List<(int Index, int Column)>();
            for (var k = 0; k < line.Cells.Count; k++)
            {
                var cell = line.Cells[k];
                if (string.IsNullOrWhiteSpace(cell.Text) || ValueParser.IsValueLike(cell.Text))
                {
                    continue;
                }

                foreach (var fragment in LabelText.Fragments(cell.Text, cell.Column))
                {
                    group = UpdateGroup(fragment, group);
                    if (Match(fragment, group, opened, matches, lastOpened) is { } index)
                    {
                        matches.Add((index, cell.Column));
                        group = layout.Rows[index].Group ?? (layout.Rows[index].Numbering == NumberingKind.Sub ? group : null);
                    }
                }
            }

            if (matches.Count > 0)
            {
                CloseAll();
                var anchor = matches.Max(m => m.Column);
                var newRows = matches
                    .Select((m, k) => new OpenRow(layout.Rows[m.Index], line, detached: k > 0))
                    .ToList();
                foreach (var (index, _) in matches)
                {
                    opened.Add(index);
                    lastOpened = Math.Max(lastOpened, index);
                }

                open.AddRange(newRows);
                if (newRows.Count == 1 && ByColumn(line, anchor) is { } byColumn)
                {
                    newRows[0].Segments.Add(byColumn);
                    continue;
                }

                // Exactly one cell per value column after the label, the first one a value, the rest values or
                // blank: a trailing blank is an EMPTY value here, not padding (a markdown or dense tab row). A
                // leading blank may be the label's span padding before a short row, so it does not qualify.
                var after = line.Cells.Where(c => c.Column > anchor).ToList();
                if (newRows.Count == 1 && line.IsTable && after.Count == newRows[0].Spec.Expected
                    && !string.IsNullOrWhiteSpace(after[0].Text)
                    && after.All(c => string.IsNullOrWhiteSpace(c.Text) || ValueParser.IsValueLike(c.Text)))
                {
                    newRows[0].Segments.Add(after.Select(c => new ValueToken(c.Text.Trim(), line, c.Column, Blank: string.IsNullOrWhiteSpace(c.Text))).ToList());
                    continue;
                }

                var tokens = Tokens(line, line.Cells.Where(c => c.Column > anchor), allValues: true);
                var values = tokens.Where(t => !t.Blank).ToList();
                if (values.Count == 0)
                {
                    continue;
                }

                var expected = newRows[0].Spec.Expected;
                if (newRows.Count > 1 && newRows.All(r => r.Spec.Expected == expected) && values.Count == newRows.Count * expected)
                {
                    // Several labels in one line with all their values in the same line: split in order.
                    for (var k = 0; k < newRows.Count; k++)
                    {
                        newRows[k].Segments.Add(values.Skip(k * expected).Take(expected).ToList());
                        newRows[k].Detached = false;
                    }
                }
                else
                {
                    newRows[0].Segments.Add(tokens);
                }
            }
            else
            {
                if (opened.Count == 0)
                {
                    header.Add(line);
                }

                var tokens = Tokens(line, line.Cells, allValues: false);
                var count = tokens.Count(t => !t.Blank);
                if (count == 0)
                {
                    continue;
                }

                // Only the first row still short of values may take them, and only if they fit: skipping a
                // short row or overfilling one would shift numbers into the wrong cells.
                var target = open.FirstOrDefault(r => r.Need > 0);
                if (target is not null && target.Need >= count)
                {
                    target.Segments.Add(tokens);
                }
                else if (target is null
                    && (ByColumn(line, LabelColumn(line)) ?? tokens) is var placed
                    && NextByOrder(line, placed.Count(t => !t.Blank || valueColumns is not null), opened, lastOpened) is { } next)
                {
                    // A row whose label is unreadable (OCR: (八) 共尼人生 for (六) 其他处理) but which prints a
                    // full set of values right after the previous row: the template order places it. Flagged.
                    CloseAll();
                    opened.Add(next);
                    lastOpened = next;
                    var row = new OpenRow(layout.Rows[next], line, detached: true);
                    row.Segments.Add(placed);
                    open.Add(row);
                }
                else
                {
                    orphans.AddRange(tokens.Where(t => !t.Blank));
                }
            }
        }

        CloseAll();
        return new LabeledTableResult(rows, orphans, header);
    }

    /// <summary>The row's values by grid column, when the value columns are known and the line is a grid row.</summary>
    private List<ValueToken>? ByColumn(SourceLine line, int anchor)
    {
        if (grid?.Widths is { } widths && line.Structured)
        {
            return BySpans(line, anchor, grid.Columns, widths);
        }

        if (valueColumns is null || !line.IsTable || anchor >= valueColumns.Min())
        {
            return null;
        }

        var cells = valueColumns.Select(col => line.Cells.FirstOrDefault(c => c.Column == col)).ToList();
        var tokens = cells
            .Select((c, i) => c is null || string.IsNullOrWhiteSpace(c.Text)
                ? new ValueToken(string.Empty, line, valueColumns[i], Blank: true)
                : new ValueToken(c.Text.Trim(), line, c.Column, Blank: false))
            .ToList();

        // A grid row prints every value cell (blank ones too); a text row that stops short is not a grid row.
        var complete = line.Structured ? cells.Any(c => c is not null) : cells[^1] is not null;
        if (!complete || (!line.Structured && tokens.All(t => t.Blank)))
        {
            return null;
        }

        // A non-blank cell after the label outside the value columns (other than a printed subtotal) means this
        // row does not sit on the header's grid (PDF column drift): read it by count instead.
        return line.Cells.Any(c => c.Column > anchor && !string.IsNullOrWhiteSpace(c.Text) && c.Column != ignoredColumn && !valueColumns.Contains(c.Column))
            ? null
            : tokens;
    }

    /// <summary>
    /// The row's values under the header's leaves, by the columns the cells and the leaves span (a value cell need not
    /// start where its header does: Word rows often divide the grid differently). A leaf with no cell after the label
    /// under it reads as an EMPTY value; null (read by count instead) when a leaf has two printed cells under it, one
    /// cell stands under two leaves, or a printed cell after the label stands under none (nor under the subtotal).
    /// </summary>
    private List<ValueToken>? BySpans(SourceLine line, int anchor, IReadOnlyList<int> columns, IReadOnlyList<int> widths)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] + widths[i] - 1 <= anchor)
            {
                return null; // the label stands over a value column: not a row of this header's grid
            }
        }

        var tokens = new List<ValueToken>(columns.Count);
        var used = new HashSet<LineCell>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < columns.Count; i++)
        {
            LineCell? printed = null;
            LineCell? blank = null;
            foreach (var cell in line.Cells)
            {
                if (cell.Column <= anchor || !Overlaps(cell, columns[i], widths[i]))
                {
                    continue;
                }

                if (string.IsNullOrWhiteSpace(cell.Text))
                {
                    blank ??= cell;
                }
                else if (printed is null)
                {
                    printed = cell;
                }
                else
                {
                    return null;
                }
            }

            var match = printed ?? blank;
            if (match is not null && !used.Add(match))
            {
                return null;
            }

            tokens.Add(printed is null
                ? new ValueToken(string.Empty, line, match?.Column ?? columns[i], Blank: true)
                : new ValueToken(printed.Text.Trim(), line, printed.Column, Blank: false));
        }

        if (used.Count == 0)
        {
            return null;
        }

        var subtotal = grid!.SubtotalColumn;
        foreach (var cell in line.Cells)
        {
            if (cell.Column > anchor && !string.IsNullOrWhiteSpace(cell.Text) && !used.Contains(cell)
                && !(subtotal is { } st && Overlaps(cell, st, grid.SubtotalWidth)))
            {
                return null;
            }
        }

        return tokens;
    }

    private static bool Overlaps(LineCell cell, int column, int width) => cell.Column < column + width && column < cell.Column + cell.ColumnSpan;

    private static int LabelColumn(SourceLine line) =>
        line.Cells.Where(c => !string.IsNullOrWhiteSpace(c.Text) && !ValueParser.IsValueLike(c.Text)).Select(c => c.Column).DefaultIfEmpty(-1).Max();

    /// <summary>
    /// The next template row, for a line with an unrecognised label and exactly one row's values printed
    /// right after a completed row (only in tables whose rows all have the same width: table 三).
    /// </summary>
    private int? NextByOrder(SourceLine line, int count, HashSet<int> opened, int lastOpened)
    {
        var next = lastOpened + 1;
        if (lastOpened < 0 || next >= layout.Rows.Count || opened.Contains(next) || count != layout.Rows[next].Expected)
        {
            return null;
        }

        if (layout.Rows.Any(r => r.Expected != layout.Rows[next].Expected))
        {
            return null;
        }

        var label = line.Cells.Where(c => !string.IsNullOrWhiteSpace(c.Text) && !ValueParser.IsValueLike(c.Text)).ToList();
        if (label.Count == 0 || line.Cells.Any(c => ValueParser.IsValueLike(c.Text) && label.Any(l => l.Column > c.Column)))
        {
            return null;
        }

        // Group labels (（三）不予公开) carry no values and are not this case.
        var fragments = label.SelectMany(c => LabelText.Fragments(c.Text, c.Column)).ToList();
        return fragments.Any(f => layout.Groups.Any(g => g.Aliases.Any(a => f.Body.Contains(a, StringComparison.Ordinal)))) ? null : next;
    }

    /// <summary>Separator rows (<c>---|---</c>) and page numbers (<c>- 4 -</c>, <c>第 3 页</c>) carry no cells.</summary>
    internal static bool IsNoise(SourceLine line)
    {
        // Loops instead of a LINQ list per line: this runs on every line of tables 二, 三 and 四.
        var count = 0;
        var allSeparators = true;
        string? single = null;
        var cells = line.Cells;
        for (var k = 0; k < cells.Count; k++)
        {
            var cell = cells[k];
            if (string.IsNullOrWhiteSpace(cell.Text))
            {
                continue;
            }

            var text = cell.Text.Trim();
            count++;
            single = text;
            allSeparators = allSeparators && SeparatorPattern().IsMatch(text);
        }

        if (count == 0 || allSeparators)
        {
            return true;
        }

        return count == 1 && PageNumberPattern().IsMatch(single!);
    }

    internal static List<ValueToken> Tokens(SourceLine line, IEnumerable<LineCell> cells, bool allValues)
    {
        var tokens = new List<ValueToken>();
        foreach (var cell in cells)
        {
            if (string.IsNullOrWhiteSpace(cell.Text))
            {
                tokens.Add(new ValueToken(string.Empty, line, cell.Column, Blank: true));
            }
            else if (allValues || ValueParser.IsValueLike(cell.Text))
            {
                tokens.Add(new ValueToken(cell.Text.Trim(), line, cell.Column, Blank: false));
            }
        }

        if (allValues)
        {
            // Cells between the row label and the first value that read as text continue the label
            // (本年新收政府信息 | 思公开申请数量 | 0 …; a repeated (七) 总计), they are not TEXT values.
            var firstValue = tokens.FindIndex(t => t.IsValueLike);
            if (firstValue > 0)
            {
                tokens.RemoveRange(0, firstValue);
            }
        }

        // Leading and trailing blank cells are layout (merged label columns, padding), not empty values.
        var first = tokens.FindIndex(t => !t.Blank);
        if (first < 0)
        {
            return [];
        }

        var last = tokens.FindLastIndex(t => !t.Blank);
        return tokens.GetRange(first, last - first + 1);
    }

    private int? UpdateGroup(LabelFragment fragment, int? group)
    {
        // Indexed loops over the IReadOnlyList members: foreach through the interface boxes an enumerator per call.
        var groups = layout.Groups;
        for (var k = 0; k < groups.Count; k++)
        {
            var g = groups[k];
            if ((fragment.Kind == NumberingKind.Paren && fragment.Number == g.Number) || ContainsAny(fragment.Body, g.Aliases))
            {
                return g.Number;
            }
        }

        return group;
    }

    private int? Match(LabelFragment fragment, int? group, HashSet<int> opened, List<(int Index, int Column)> inLine, int lastOpened)
    {
        int? best = null;
        var bestStrength = 0;
        for (var i = 0; i < layout.Rows.Count; i++)
        {
            if (opened.Contains(i) || InLine(inLine, i))
            {
                continue;
            }

            var strength = Strength(layout.Rows[i], fragment, group);
            if (strength == 0)
            {
                continue;
            }

            // Prefer the strongest match; among equals, the next row in template order.
            var better = best is null
                || strength > bestStrength
                || (strength == bestStrength && best < lastOpened && i > lastOpened);
            if (better)
            {
                best = i;
                bestStrength = strength;
            }
        }

        return best;
    }

    private static int Strength(RowSpec spec, LabelFragment fragment, int? group)
    {
        var body = fragment.Body;
        var strong = spec.Strong;
        for (var k = 0; k < strong.Count; k++)
        {
            var a = strong[k];
            if (body.Length - a.Length <= spec.MaxExtraChars && body.Contains(a, StringComparison.Ordinal))
            {
                return 3;
            }
        }

        var numberingAgrees = spec.Numbering switch
        {
            NumberingKind.Top => fragment.Kind == NumberingKind.Top && fragment.Number == spec.Number,
            NumberingKind.Paren => fragment.Kind == NumberingKind.Paren && fragment.Number == spec.Number,
            NumberingKind.Sub => fragment.Kind == NumberingKind.Sub && fragment.Number == spec.Number && group == spec.Group,
            _ => false,
        };
        if (!numberingAgrees)
        {
            return 0;
        }

        var trimmed = body.TrimEnd('.', ',', ':', ';', '、', '。');
        if (spec.Weak.Contains(trimmed))
        {
            return 2;
        }

        var full = spec.NormalizedFullLabel;
        if (trimmed.Length >= 2 && full.StartsWith(trimmed, StringComparison.Ordinal))
        {
            return 2;
        }

        // The numbering agrees and most of the label is there: an OCR-damaged label (一个错字).
        return trimmed.Length >= 4 && Lcs(trimmed, full) * 10 >= Math.Max(trimmed.Length, full.Length) * 7 ? 1 : 0;
    }

    private static bool ContainsAny(string body, IReadOnlyList<string> aliases)
    {
        for (var k = 0; k < aliases.Count; k++)
        {
            if (body.Contains(aliases[k], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InLine(List<(int Index, int Column)> inLine, int index)
    {
        foreach (var m in inLine)
        {
            if (m.Index == index)
            {
                return true;
            }
        }

        return false;
    }

    internal static int Lcs(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : Math.Max(prev[j], cur[j - 1]);
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }

    private static AssembledRow Finalize(OpenRow row)
    {
        var expected = row.Spec.Expected;
        var segments = row.Segments.Where(s => s.Count > 0).ToList();
        var raw = segments.SelectMany(s => s).ToList();
        var nonBlank = raw.Where(t => !t.Blank).ToList();
        List<ValueToken>? values = null;
        var assembled = row.Detached;

        if (segments.Count == 1)
        {
            var seg = new List<ValueToken>(segments[0]);
            while (seg.Count > expected && (seg[^1].Blank || !seg[^1].IsValueLike))
            {
                seg.RemoveAt(seg.Count - 1);
            }

            if (seg.Count == expected)
            {
                values = seg;
            }
            else if (nonBlank.Count == expected)
            {
                values = nonBlank;
            }
        }
        else if (segments.Count > 1 && nonBlank.Count == expected)
        {
            var columns = nonBlank.Select(t => t.Column).ToList();
            var byColumn = nonBlank.OrderBy(t => t.Column).ToList();
            // Only grid rows re-order: a continuation line that starts again at the first column (a Markdown row
            // split by a page break) has no column positions to go by, so its values follow in printed order.
            var gridContinuation = segments.Skip(1).All(s => s.Where(t => !t.Blank).Select(t => t.Column).DefaultIfEmpty(0).Min() > 0);
            if (gridContinuation && columns.Distinct().Count() == columns.Count && !byColumn.SequenceEqual(nonBlank))
            {
                // A row wrapped over lines by PDF extraction: each line holds some of the columns.
                values = byColumn;
                assembled = true;
            }
            else
            {
                values = nonBlank;
            }
        }

        return new AssembledRow(
            row.Spec,
            values is null ? RowStatus.WrongCount : RowStatus.Ok,
            values ?? [],
            raw,
            assembled && values is not null,
            row.LabelLine.Location.Line ?? row.LabelLine.Index + 1);
    }

    [GeneratedRegex(@"^[-:=|—–_\s]{3,}$")]
    private static partial Regex SeparatorPattern();

    [GeneratedRegex(@"^(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,/共]\s*\d+\s*页)?)$")]
    private static partial Regex PageNumberPattern();

    private sealed class OpenRow(RowSpec spec, SourceLine labelLine, bool detached)
    {
        public RowSpec Spec { get; } = spec;

        public SourceLine LabelLine { get; } = labelLine;

        public bool Detached { get; set; } = detached;

        public List<List<ValueToken>> Segments { get; } = [];

        public int Need
        {
            get
            {
                var filled = 0;
                foreach (var segment in Segments)
                {
                    foreach (var t in segment)
                    {
                        if (!t.Blank)
                        {
                            filled++;
                        }
                    }
                }

                return Spec.Expected - filled;
            }
        }
    }
}

namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// Reads a table whose rows all have the same width (table 三) by aligning the printed value rows to the
/// template's row sequence, so a row does not need its own label to be placed. This is how the table reads
/// when a PDF-to-Markdown converter or OCR detached labels from their values (the label printed as loose
/// text somewhere near, or lost), garbled them (<c>思公开申请数量</c>), or split one label over several cells.
/// <para>
/// Every line of the region becomes either a value row (its label cells, if any, and its value cells) or a
/// floating label. A dynamic programme over (value rows × template rows), both in printed order, chooses the
/// monotone alignment that scores best: a value row whose own label names a template row is pulled onto that
/// row; an unlabeled one is placed by its neighbours (and weakly by a floating label just before it); a row
/// with the wrong number of values is placed only when that keeps the sequence, and then its cells stay
/// MISSING; a value row that fits nowhere is left over (an orphan), never forced. Each placed row says whether
/// its own label or its position placed it. A row is placed by position only when its gap (between the
/// label-placed rows around it, or the table's ends) holds exactly as many value rows as template rows; in any
/// other gap, which row is which would be a guess, so those values are left unplaced and reported.
/// </para>
/// </summary>
internal static class RowSequenceAligner
{
    private const double SkipTemplateRow = -2.0;
    private const double SkipValueRow = -3.0;
    private const double Recognised = 0.6;

    /// <summary>A table 三 prints 25 rows; a region with far more value rows is not one to align (and a hostile one must stay cheap).</summary>
    private const int MaxValueRows = 200;

    /// <summary>One placed template row: the assembled row, and how it was placed.</summary>
    internal sealed record AlignedRow(AssembledRow Row, bool ByPosition);

    /// <summary>The placed rows, the values placed nowhere, and the lines of unlabeled value rows left unplaced because their position was ambiguous.</summary>
    internal sealed record Result(IReadOnlyList<AlignedRow> Rows, IReadOnlyList<ValueToken> Orphans, IReadOnlyList<int> AmbiguousLines);

    private sealed record Item(SourceLine Line, IReadOnlyList<string> Labels, IReadOnlyList<ValueToken> Values, int Order)
    {
        public int Count => Values.Count;

        /// <summary>Label text printed on its own lines between the previous value row and this one.</summary>
        public IReadOnlyList<string> Preceding { get; init; } = [];

        /// <summary>True when the values were gathered from several printed rows.</summary>
        public bool Assembled { get; init; }
    }

    /// <summary>Where label text printed on its own lines is taken to belong: nowhere, to the value row after it, or to the one before it.</summary>
    public enum FloatingLabels
    {
        Ignored,
        BeforeValues,
        AfterValues,
    }

    /// <summary>One reading per <see cref="FloatingLabels"/> choice, from one pass over the region.</summary>
    public static IReadOnlyList<(FloatingLabels Mode, Result Result)> AlignAll(IReadOnlyList<SourceLine> region, TableLayout layout)
    {
        var rows = layout.Rows;
        var expected = rows[0].Expected;
        var valueItems = new List<Item>();
        var floating = new List<string>();
        foreach (var line in region)
        {
            if (valueItems.Count > MaxValueRows)
            {
                break;
            }

            if (ToItem(line, expected, valueItems.Count) is not { } item)
            {
                continue;
            }

            if (item.Values.Count == 0)
            {
                floating.AddRange(item.Labels);
            }
            else
            {
                valueItems.Add(item with { Preceding = [.. floating] });
                floating.Clear();
            }
        }

        if (valueItems.Count > MaxValueRows)
        {
            return [];
        }

        valueItems = MergeSplitRows(valueItems, expected, rows);

        var n = valueItems.Count;
        var m = rows.Count;
        var sim = new double[n, m];
        var best = new double[n];
        var before = new double[n, m];
        for (var i = 0; i < n; i++)
        {
            var own = Fragments(valueItems[i].Labels);
            var preceding = Fragments(valueItems[i].Preceding);
            for (var j = 0; j < m; j++)
            {
                sim[i, j] = Similarity(own, rows[j]);
                best[i] = Math.Max(best[i], sim[i, j]);
                before[i, j] = Similarity(preceding, rows[j]);
            }
        }

        // The labels printed after a value row are the ones printed before the next (the last row's: those at the end).
        var after = new double[n, m];
        var trailing = Fragments(floating);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                after[i, j] = i + 1 < n ? before[i + 1, j] : Similarity(trailing, rows[j]);
            }
        }

        var none = new double[n, m];
        return
        [
            (FloatingLabels.Ignored, Solve(valueItems, rows, sim, best, none)),
            (FloatingLabels.BeforeValues, Solve(valueItems, rows, sim, best, before)),
            (FloatingLabels.AfterValues, Solve(valueItems, rows, sim, best, after)),
        ];
    }

    /// <summary>The best monotone alignment of the value rows to the template rows, given how floating labels hint.</summary>
    private static Result Solve(List<Item> valueItems, IReadOnlyList<RowSpec> rows, double[,] sim, double[] best, double[,] hint)
    {
        var n = valueItems.Count;
        var m = rows.Count;
        var expected = rows[0].Expected;
        var hintBest = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                hintBest[i] = Math.Max(hintBest[i], hint[i, j]);
            }
        }

        // dp[i, j]: best score with the first i value rows and the first j template rows decided.
        var dp = new double[n + 1, m + 1];
        var move = new byte[n + 1, m + 1]; // 1 = match, 2 = skip value row, 3 = skip template row
        for (var i = 0; i <= n; i++)
        {
            for (var j = 0; j <= m; j++)
            {
                if (i == 0 && j == 0)
                {
                    continue;
                }

                var score = double.NegativeInfinity;
                byte how = 0;
                if (i > 0 && j > 0)
                {
                    var s = dp[i - 1, j - 1] + MatchScore(valueItems[i - 1], rows[j - 1], sim[i - 1, j - 1], best[i - 1], hint[i - 1, j - 1], hintBest[i - 1]);
                    if (s > score)
                    {
                        score = s;
                        how = 1;
                    }
                }

                if (j > 0 && dp[i, j - 1] + SkipTemplateRow > score)
                {
                    score = dp[i, j - 1] + SkipTemplateRow;
                    how = 3;
                }

                if (i > 0)
                {
                    var s = dp[i - 1, j] + SkipValueRow - (best[i - 1] >= 0.8 ? 6 : 0);
                    if (s > score)
                    {
                        score = s;
                        how = 2;
                    }
                }

                dp[i, j] = score;
                move[i, j] = how;
            }
        }

        var assignment = new int[n];
        Array.Fill(assignment, -1);
        for (int i = n, j = m; i > 0 || j > 0;)
        {
            switch (move[i, j])
            {
                case 1:
                    assignment[i - 1] = j - 1;
                    i--;
                    j--;
                    break;
                case 2:
                    i--;
                    break;
                default:
                    j--;
                    break;
            }
        }

        var byLabel = new bool[n];
        var anchor = new bool[n];
        for (var i = 0; i < n; i++)
        {
            byLabel[i] = assignment[i] >= 0 && best[i] >= Recognised && sim[i, assignment[i]] >= best[i] - 0.05;
            anchor[i] = byLabel[i];
            if (assignment[i] >= 0 && best[i] < Recognised && hintBest[i] >= 0.75 && hint[i, assignment[i]] >= hintBest[i] - 0.05)
            {
                // The floating label next to it names this row and no other: an anchor for its neighbours, though the
                // row itself is still placed by position (converters also float labels to the wrong place).
                var named = 0;
                for (var j = 0; j < m; j++)
                {
                    named += hint[i, j] >= hintBest[i] - 0.05 ? 1 : 0;
                }

                anchor[i] = named == 1;
            }
        }

        var placed = new List<AlignedRow>();
        var orphans = new List<ValueToken>();
        var unplaced = new List<int>();
        for (var i = 0; i < n; i++)
        {
            var item = valueItems[i];
            if (assignment[i] < 0)
            {
                orphans.AddRange(item.Values.Where(v => !v.Blank));
                continue;
            }

            var spec = rows[assignment[i]];
            var ambiguous = !anchor[i] && !Forced(i, assignment, anchor, valueItems, expected, m);
            if (ambiguous)
            {
                // More (or fewer) unlabeled rows than template rows between two anchors: which is which is a guess.
                orphans.AddRange(item.Values.Where(v => !v.Blank));
                unplaced.Add(item.Line.Location.Line ?? item.Line.Index + 1);
                continue;
            }

            var ok = item.Count == spec.Expected;
            var row = new AssembledRow(
                spec,
                ok ? RowStatus.Ok : RowStatus.WrongCount,
                ok ? item.Values : [],
                item.Values,
                Assembled: item.Assembled && ok,
                item.Line.Location.Line ?? item.Line.Index + 1);
            placed.Add(new AlignedRow(row, !byLabel[i]));
        }

        return new Result(placed, orphans, unplaced);
    }

    /// <summary>
    /// One printed row split over several pipe rows by a page break or a merged cell (<c>| 5.属于三类内部事务信息 | 1 | 0 | 0 |</c>
    /// then <c>| 0 | 0 | 0 | 1 |</c>): a short value row followed by unlabeled value rows whose counts add up to
    /// exactly one row is one row, flagged as assembled.
    /// </summary>
    private static List<Item> MergeSplitRows(List<Item> items, int expected, IReadOnlyList<RowSpec> rows)
    {
        var merged = new List<Item>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var count = item.Count;
            var end = i;
            while (count < expected && end + 1 < items.Count && !Labelled(items[end + 1]) && count + items[end + 1].Count <= expected)
            {
                end++;
                count += items[end].Count;
            }

            if (end > i && count == expected)
            {
                var values = items.Skip(i).Take(end - i + 1).SelectMany(x => x.Values).ToList();
                var labels = items.Skip(i).Take(end - i + 1).SelectMany(x => x.Labels).ToList();
                merged.Add(new Item(item.Line, labels, values, item.Order) { Assembled = true, Preceding = item.Preceding });
                i = end;
            }
            else
            {
                merged.Add(item);
            }
        }

        return merged;

        bool Labelled(Item item) => Fragments(item.Labels) is var fragments && rows.Any(r => Similarity(fragments, r) >= Recognised);
    }

    /// <summary>
    /// True when a position-placed row sits in a gap (between the label-placed rows around it, or the table's
    /// ends) that holds exactly as many full value rows as template rows: the only reading of that gap.
    /// </summary>
    private static bool Forced(int i, int[] assignment, bool[] byLabel, List<Item> items, int expected, int templateRows)
    {
        var lo = i - 1;
        while (lo >= 0 && !byLabel[lo])
        {
            lo--;
        }

        var hi = i + 1;
        while (hi < items.Count && !byLabel[hi])
        {
            hi++;
        }

        var firstRow = lo >= 0 ? assignment[lo] + 1 : 0;
        var lastRow = hi < items.Count ? assignment[hi] - 1 : templateRows - 1;
        var candidates = 0;
        for (var k = lo + 1; k < hi; k++)
        {
            if (items[k].Count >= expected - 2)
            {
                candidates++;
            }
        }

        return candidates == lastRow - firstRow + 1;
    }

    private static double MatchScore(Item item, RowSpec spec, double sim, double best, double hint, double hintBest)
    {
        var expected = spec.Expected;
        var count = item.Count;
        var score = 2.0;
        score += count == expected ? 2 : count > expected ? -3 : count >= expected - 2 ? -1 : -8;
        if (best >= Recognised)
        {
            // The row's own label: pulled onto the row it names, pushed away from the others.
            score += (4 * sim) - (8 * Math.Max(0, best - sim - 0.05));
        }

        if (best < Recognised && hintBest >= Recognised)
        {
            // No label of its own, but label text printed on the lines just before it (OCR and converters put a
            // row's label and values on separate lines): half the weight of an own label, since converters also
            // float labels to the wrong place.
            score += 0.5 * ((4 * hint) - (8 * Math.Max(0, hintBest - hint - 0.05)));
        }

        return score;
    }

    /// <summary>The label fragments of label texts: each text's, and (for a label split over cells) the joined text's.</summary>
    private static List<LabelFragment> Fragments(IReadOnlyList<string> labels)
    {
        var texts = labels.Count > 1 ? labels.Append(string.Concat(labels)) : labels;
        return [.. texts.SelectMany(t => LabelText.Fragments(t, 0))];
    }

    /// <summary>How well label fragments name a template row, 0..1 (1: a strong alias; 0: nothing in common).</summary>
    private static double Similarity(List<LabelFragment> fragments, RowSpec spec)
    {
        var best = 0.0;
        foreach (var fragment in fragments)
        {
            best = Math.Max(best, FragmentSimilarity(fragment, spec));
        }

        return best;
    }

    private static double FragmentSimilarity(LabelFragment fragment, RowSpec spec)
    {
        var body = fragment.Body.TrimEnd('.', ',', ':', ';', '、', '。');
        if (body.Length == 0)
        {
            return 0;
        }

        foreach (var a in spec.Strong)
        {
            if (body.Length - a.Length <= spec.MaxExtraChars && body.Contains(a, StringComparison.Ordinal))
            {
                return 1.0;
            }
        }

        var numbered = fragment.Kind == spec.Numbering && fragment.Number == spec.Number && fragment.Kind != NumberingKind.None;
        if (fragment.Kind == spec.Numbering && fragment.Kind is NumberingKind.Top or NumberingKind.Paren && !numbered)
        {
            return 0; // a readable numbering that names another row outweighs a damaged label's resemblance
        }

        var full = spec.NormalizedFullLabel;
        if (spec.Weak.Contains(body))
        {
            return numbered ? 0.95 : 0.7;
        }

        if (body.Length >= 2 && full.StartsWith(body, StringComparison.Ordinal))
        {
            return numbered ? 0.9 : body.Length >= 4 ? 0.8 : 0;
        }

        if (body.Length >= 5 && full.Contains(body, StringComparison.Ordinal))
        {
            return 0.7;
        }

        if (body.Length >= 4)
        {
            // An OCR-damaged label: most of its characters in the template label's order.
            var ratio = (double)LabeledTableParser.Lcs(body, full) / body.Length;
            var cover = (double)LabeledTableParser.Lcs(body, full) / full.Length;
            if (ratio >= 0.7 && (cover >= 0.35 || body.Length >= 6))
            {
                return Math.Min(0.75, 0.5 + (0.3 * ratio) + (numbered ? 0.1 : 0));
            }
        }

        return 0;
    }

    /// <summary>A line as label texts and value cells (text lines split at their trailing values), or null for noise.</summary>
    private static Item? ToItem(SourceLine line, int expected, int order)
    {
        if (line.IsBlank || LabeledTableParser.IsNoise(line))
        {
            return null;
        }

        var cells = line.IsTable ? line.Cells : TrailingValues.Split(line);
        var first = -1;
        for (var k = 0; k < cells.Count; k++)
        {
            if (!string.IsNullOrWhiteSpace(cells[k].Text) && ValueParser.IsValueLike(cells[k].Text))
            {
                first = k;
                break;
            }
        }

        var labels = new List<string>();
        var lastLabel = -1;
        for (var k = 0; k < (first < 0 ? cells.Count : first); k++)
        {
            if (!string.IsNullOrWhiteSpace(cells[k].Text))
            {
                labels.Add(cells[k].Text);
                lastLabel = k;
            }
        }

        var values = new List<ValueToken>();
        if (first >= 0)
        {
            // Blank cells between the label and the first value are the label's padding (merged label columns in tab
            // text and converted grids), as the label parser reads them; blanks between values are blank values.
            for (var k = first; k < cells.Count; k++)
            {
                var text = cells[k].Text;
                if (string.IsNullOrWhiteSpace(text))
                {
                    values.Add(new ValueToken(string.Empty, line, cells[k].Column, Blank: true));
                }
                else if (ValueParser.IsValueLike(text))
                {
                    values.Add(new ValueToken(text.Trim(), line, cells[k].Column, Blank: false));
                }
            }

            // Trailing blank cells are padding (a trailing empty column), except where the first value sits right
            // after the label and the row is short of values without them: then the last printed cell is a blank
            // value (总计 left empty).
            var last = values.FindLastIndex(v => !v.Blank);
            var keep = first == lastLabel + 1 ? Math.Max(last + 1, Math.Min(values.Count, expected)) : last + 1;
            values.RemoveRange(keep, values.Count - keep);
        }

        return labels.Count == 0 && values.Count == 0 ? null : new Item(line, labels, values, order);
    }
}

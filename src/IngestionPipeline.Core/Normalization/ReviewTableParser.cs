namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// Table 四 has no row labels: one data row of fifteen values (复议 ×5, 直接起诉 ×5, 复议后起诉 ×5). The
/// values are read in order from the region (one row, or one value per line); a bare row without the
/// header (seed 000) is placed by position only when it has exactly fifteen values, and a sixteen-value
/// row (seed 003) is resolved only when a single deletion makes all three sums hold (spec §6).
/// </summary>
internal static class ReviewTableParser
{
    public const int ValueCount = 15;
    private const int GroupSize = 5;

    public static ReviewTableResult Parse(IReadOnlyList<SourceLine>? region, IReadOnlyList<ValueToken> fallback)
    {
        var tokens = new List<ValueToken>();
        var header = false;
        var headerWidth = 0;
        if (region is not null)
        {
            var text = string.Concat(region.Select(l => LabelText.Normalize(l.Text)));
            header = text.Contains("复议", StringComparison.Ordinal) && text.Contains("维持", StringComparison.Ordinal);
            foreach (var raw in region.Where(l => !LabeledTableParser.IsNoise(l)))
            {
                // A row of values printed as text (OCR: "2 0 0 2 4 0 0 0 …") reads like a table row.
                var split = raw.IsTable ? raw.Cells : TrailingValues.Split(raw);
                var line = ReferenceEquals(split, raw.Cells) || split.Any(c => !ValueParser.IsValueLike(c.Text))
                    ? raw
                    : new SourceLine(raw.Index, true, null, raw.Location, split);
                var valueRow = ValueRow(line);
                if (line.IsTable && valueRow is null)
                {
                    var labels = line.Cells.Where(c => !string.IsNullOrWhiteSpace(c.Text) && !ValueParser.IsValueLike(c.Text)).ToList();
                    headerWidth = Math.Max(headerWidth, labels.Count == 0 ? 0 : labels.Max(c => c.Column) + 1);
                }

                tokens.AddRange(valueRow ?? LabeledTableParser.Tokens(line, line.Cells, allValues: false));
            }
        }

        if (!tokens.Any(t => !t.Blank))
        {
            header = false;
            tokens = [.. fallback];
        }

        var values = tokens.Where(t => !t.Blank).ToList();
        if (values.Count == 0)
        {
            return new ReviewTableResult([], ReviewPlacement.NotFound, []);
        }

        if (tokens.Count == ValueCount)
        {
            return new ReviewTableResult(tokens, header ? ReviewPlacement.Header : ReviewPlacement.Positional, tokens);
        }

        if (values.Count == ValueCount)
        {
            return new ReviewTableResult(values, header ? ReviewPlacement.Header : ReviewPlacement.Positional, tokens);
        }

        if (values.Count == ValueCount + 1 && ResolveExtraValue(values) is { Placement: ReviewPlacement.ExtraValueDropped } resolved)
        {
            return resolved;
        }

        if (tokens.Count == ValueCount + 1 && header && headerWidth == ValueCount && tokens[^1].Column == ValueCount && SumsHold(tokens[..ValueCount], lenient: true))
        {
            // Blank or NA cells make the sums unusable to find the spurious cell, but the grid shows it: the
            // header spans fifteen columns and the sixteenth cell stands outside it.
            return new ReviewTableResult(tokens[..ValueCount], ReviewPlacement.ExtraValueDropped, tokens, ValueCount);
        }

        if (values.Count == ValueCount + 1)
        {
            return ResolveExtraValue(values);
        }

        return new ReviewTableResult([], ReviewPlacement.WrongCount, tokens);
    }

    /// <summary>
    /// A row of value cells only (a grid row of 15, 16 or — split into sub-tables — 5 cells): its blank cells,
    /// even at the edges, are EMPTY values, not padding.
    /// </summary>
    private static List<ValueToken>? ValueRow(SourceLine line)
    {
        if (!line.IsTable || line.Cells.Count is not (GroupSize or ValueCount or ValueCount + 1))
        {
            return null;
        }

        if (!line.Cells.All(c => string.IsNullOrWhiteSpace(c.Text) || ValueParser.IsValueLike(c.Text)) || line.Cells.All(c => string.IsNullOrWhiteSpace(c.Text)))
        {
            return null;
        }

        return line.Cells.Select(c => new ValueToken(c.Text.Trim(), line, c.Column, Blank: string.IsNullOrWhiteSpace(c.Text))).ToList();
    }

    private static ReviewTableResult ResolveExtraValue(List<ValueToken> values)
    {
        var passing = new List<(int Dropped, List<ValueToken> Candidate)>();
        for (var d = 0; d < values.Count; d++)
        {
            var candidate = values.Where((_, i) => i != d).ToList();
            if (SumsHold(candidate))
            {
                passing.Add((d, candidate));
            }
        }

        var distinct = passing
            .Select(p => string.Join('|', p.Candidate.Select(t => ValueParser.Clean(t.Raw))))
            .Distinct(StringComparer.Ordinal)
            .Count();
        if (distinct != 1)
        {
            return new ReviewTableResult([], ReviewPlacement.Ambiguous, values);
        }

        // All surviving readings hold the same values; take the one dropping the latest position, the
        // usual place of a spurious trailing cell, so the cells' source columns are the likeliest.
        var (dropped, chosen) = passing[^1];
        return new ReviewTableResult(chosen, ReviewPlacement.ExtraValueDropped, values, dropped);
    }

    private static bool SumsHold(List<ValueToken> candidate, bool lenient = false)
    {
        var numbers = candidate.Select(t => t.Blank ? new ParsedValue(Model.CellSemantic.Empty, null) : ValueParser.Parse(t.Raw, ValueKind.Count)).ToList();
        if (!lenient && numbers.Any(n => n.Value is null))
        {
            return false;
        }

        for (var g = 0; g < ValueCount / GroupSize; g++)
        {
            if (numbers.Skip(g * GroupSize).Take(GroupSize).Any(n => n.Value is null))
            {
                continue; // lenient: a group with a blank or NA cell cannot contradict
            }

            var group = numbers.Skip(g * GroupSize).Take(GroupSize).Select(n => n.Value!.Value).ToList();
            if (group[0] + group[1] + group[2] + group[3] != group[4])
            {
                return false;
            }
        }

        return true;
    }
}

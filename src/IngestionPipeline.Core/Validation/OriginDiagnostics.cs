using System.Globalization;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>
/// Patterns that explain a failed identity by a faulty extraction rather than by the publisher: split
/// digits (spec §5.3, KIROGOV <c>table3Diagnostics.js</c>), a row whose cells slid by one position, rows
/// swapped with their neighbour, a table 四 row read one position off. Each returns human-readable
/// hints (empty when nothing fits). A hypothesis counts only when it makes the failed equation hold and
/// contradicts no other equation that could be checked; nothing is ever "fixed".
/// </summary>
internal static class OriginDiagnostics
{
    public const string SplitDigitsHint = "SPLIT_DIGITS_SUSPECTED";

    private const string RawMarker = "Raw values:";

    /// <summary>Hints for a failed <c>T3-COLSUM-{row}</c>.</summary>
    public static IEnumerable<string> ColumnSum(ValidationContext context, string row)
    {
        var paths = PrintedOrder(context, row);
        if (paths.Any(p => !context.IsRead(p)))
        {
            yield break;
        }

        var values = paths.Select(p => context[p].Value!.Value).ToArray();
        var totalAt = paths.FindIndex(p => p == TemplateDefinition.ApplicationPath("total", row));
        if (values.Where((_, j) => j != totalAt).Sum() == values[totalAt])
        {
            yield break; // the row adds up: nothing to explain
        }

        if (SplitDigits(context, paths, values, totalAt) is { } split)
        {
            yield return split;
        }

        if (ShiftedRow(context, row, paths, values, totalAt) is { } shift)
        {
            yield return shift;
        }

        foreach (var swap in context.RowSwaps.Where(s => s.Contains($"'{row}'", StringComparison.Ordinal)))
        {
            yield return swap;
        }
    }

    /// <summary>
    /// Hint for a COLSUM that could not be assessed because the normalizer refused the row for printing one
    /// value too many (<c>EXTRACT-ROW-VALUE-COUNT</c>, raw values quoted in its message): merging two adjacent
    /// single-digit values back into one number gives a row that adds up.
    /// </summary>
    public static IEnumerable<string> UnplacedRowSplitDigits(ValidationContext context, string row)
    {
        var totalPath = TemplateDefinition.ApplicationPath("total", row);
        foreach (var f in context.Report.Findings.Where(f => f.RuleId == Normalization.ExtractionRuleIds.RowValueCount && f.Paths.Contains(totalPath)))
        {
            var at = f.Message.LastIndexOf(RawMarker, StringComparison.Ordinal);
            if (at < 0 || f.Paths.Count != TemplateDefinition.ApplicantColumns.Count)
            {
                continue;
            }

            var tokens = f.Message[(at + RawMarker.Length)..].Split('|', StringSplitOptions.TrimEntries)
                .Where(t => t.Length > 0 && t != "∅")
                .ToList();
            if (tokens.Count != f.Paths.Count + 1 || tokens.Any(t => !t.All(char.IsAsciiDigit)))
            {
                continue;
            }

            var v = tokens.Select(t => decimal.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            var totalAt = f.Paths.ToList().IndexOf(totalPath);
            for (var i = 0; i + 1 < v.Length; i++)
            {
                if (tokens[i].Length != 1 || tokens[i + 1].Length != 1 || v[i] == 0)
                {
                    continue;
                }

                var merged = (v[i] * 10) + v[i + 1];
                var w = v.Take(i).Append(merged).Concat(v.Skip(i + 2)).ToArray();
                if (w.Where((_, j) => j != totalAt).Sum() == w[totalAt])
                {
                    yield return $"{SplitDigitsHint}: the row printed {tokens.Count} values for {f.Paths.Count} columns; merging {tokens[i]} and {tokens[i + 1]} (values #{i + 1}, #{i + 2}) into {Fmt(merged)} gives a row that adds up";
                    yield break;
                }
            }
        }
    }

    /// <summary>Hints for a failed <c>T3-IDENT-{c}</c> / <c>T3-RESULTS-{c}</c>: neighbouring rows that look swapped.</summary>
    public static IEnumerable<string> ColumnIdentity(ValidationContext context, IReadOnlyCollection<string> participants)
    {
        var rows = participants.Select(RowOf).Distinct(StringComparer.Ordinal).ToList();
        foreach (var swap in context.RowSwaps.Where(s => rows.Any(r => s.Contains($"'{r}'", StringComparison.Ordinal))))
        {
            yield return swap;
        }

        // A participating row that does not add up itself, in a way that points at the extraction.
        foreach (var row in rows)
        {
            var hints = ColumnSum(context, row).Where(h => !h.StartsWith("the values of rows", StringComparison.Ordinal)).ToList();
            if (hints.Count > 0)
            {
                yield return $"row '{row}' looks mis-extracted ({string.Join("; ", hints)})";
            }
        }
    }

    /// <summary>Hints for a failed <c>T4-SUM-{group}</c>: the fifteen values read one position off satisfy the sums.</summary>
    public static IEnumerable<string> ReviewRow(ValidationContext context)
    {
        var paths = TemplateDefinition.ReviewGroups.SelectMany(g => TemplateDefinition.ReviewColumns.Select(c => TemplateDefinition.ReviewPath(g, c))).ToList();
        if (paths.Any(p => !context.IsRead(p)))
        {
            yield break;
        }

        var v = paths.Select(p => context[p].Value!.Value).ToArray();

        // Left: the first value was lost and a stray value taken at the end -> true[i] = v[i-1].
        // Right: a stray value was read first -> true[i] = v[i+1]. Compare only the groups fully known.
        foreach (var (name, offset) in new[] { ("left", -1), ("right", 1) })
        {
            var checkedGroups = 0;
            var holds = true;
            var nonTrivial = false;
            for (var g = 0; g < 3; g++)
            {
                var idx = Enumerable.Range(g * 5, 5).Select(i => i + offset).ToArray();
                if (idx.Any(i => i < 0 || i >= v.Length))
                {
                    continue;
                }

                checkedGroups++;
                var parts = idx.Take(4).Sum(i => v[i]);
                holds &= parts == v[idx[4]];
                nonTrivial |= v[idx[4]] != 0;
            }

            if (checkedGroups >= 2 && holds && nonTrivial)
            {
                yield return $"the table 四 row read one position to the {name} satisfies the sums (cells look shifted by one position)";
                yield break;
            }
        }
    }

    /// <summary>
    /// Adjacent table 三 rows whose swap makes every checkable column identity (一+二 = 三(七)+四, results
    /// sum) hold while some fails as read: values detached from their labels and placed one row off.
    /// </summary>
    public static IReadOnlyList<string> RowSwaps(ValidationContext context)
    {
        var rows = context.Template.ApplicationRows;
        if (CountFailingColumnIdentities(context, null) == 0)
        {
            return [];
        }

        var swaps = new List<string>();
        for (var i = 0; i + 1 < rows.Count; i++)
        {
            var (a, b) = (rows[i], rows[i + 1]);
            if (TemplateDefinition.ApplicantColumns.All(c => SameValue(context, c, a, b)))
            {
                continue;
            }

            var swap = new Dictionary<string, Cell>(StringComparer.Ordinal);
            foreach (var c in TemplateDefinition.ApplicantColumns)
            {
                swap[TemplateDefinition.ApplicationPath(c, a)] = context[TemplateDefinition.ApplicationPath(c, b)];
                swap[TemplateDefinition.ApplicationPath(c, b)] = context[TemplateDefinition.ApplicationPath(c, a)];
            }

            if (CountFailingColumnIdentities(context, swap) == 0)
            {
                swaps.Add($"the values of rows '{a}' and '{b}' satisfy every column identity when swapped (rows look shifted by one position)");
            }
        }

        return swaps;
    }

    /// <summary>A merge of two adjacent single-digit cells (<c>1</c>,<c>2</c> → <c>12</c>) that satisfies the row sum.</summary>
    private static string? SplitDigits(ValidationContext context, List<string> paths, decimal[] v, int totalAt)
    {
        if (totalAt != v.Length - 1)
        {
            return null;
        }

        for (var i = 0; i + 1 < v.Length; i++)
        {
            if (!SingleDigit(context[paths[i]], v[i]) || !SingleDigit(context[paths[i + 1]], v[i + 1]) || v[i] == 0)
            {
                continue;
            }

            var merged = (v[i] * 10) + v[i + 1];
            var w = v.Take(i).Append(merged).Concat(v.Skip(i + 2)).ToArray();
            if (w.Length >= 2 && w[..^1].Sum() == w[^1])
            {
                return $"{SplitDigitsHint}: merging adjacent cells {Fmt(v[i])} and {Fmt(v[i + 1])} ({paths[i]}, {paths[i + 1]}) into {Fmt(merged)} satisfies the row sum";
            }
        }

        return null;
    }

    /// <summary>
    /// A blank cell lost at printed position k with the later values slid left (and a stray value in the last
    /// slot): the row read back in place satisfies its sum and every checkable column identity.
    /// </summary>
    private static string? ShiftedRow(ValidationContext context, string row, List<string> paths, decimal[] v, int totalAt)
    {
        for (var k = 0; k < v.Length - 1; k++)
        {
            var t = new decimal[v.Length];
            for (var j = 0; j < v.Length; j++)
            {
                t[j] = j < k ? v[j] : j == k ? 0 : v[j - 1];
            }

            if (t.SequenceEqual(v) || t[totalAt] == 0)
            {
                continue;
            }

            var parts = t.Where((_, j) => j != totalAt).Sum();
            if (parts != t[totalAt])
            {
                continue;
            }

            var overrides = new Dictionary<string, Cell>(StringComparer.Ordinal);
            for (var j = 0; j < paths.Count; j++)
            {
                overrides[paths[j]] = new Cell(t[j], t[j] == 0 ? CellSemantic.Zero : CellSemantic.Numeric, null);
            }

            var (assessed, failing) = ColumnIdentities(context, overrides, row);
            if (assessed > 0 && failing == 0)
            {
                return $"row '{row}' read with a lost blank cell at printed position {k + 1} (values slid left by one position) satisfies its sum and the column identities";
            }
        }

        return null;
    }

    private static int CountFailingColumnIdentities(ValidationContext context, IReadOnlyDictionary<string, Cell>? overrides) =>
        ColumnIdentities(context, overrides, null).Failing;

    /// <summary>Column identities (IDENT, RESULTS) over all seven columns, optionally only those touching <paramref name="row"/>.</summary>
    private static (int Assessed, int Failing) ColumnIdentities(ValidationContext context, IReadOnlyDictionary<string, Cell>? overrides, string? row)
    {
        var assessed = 0;
        var failing = 0;
        foreach (var (left, right) in ColumnEquations(context.Template))
        {
            if (row is not null && !left.Concat(right).Any(p => RowOf(p) == row))
            {
                continue;
            }

            decimal? Val(string p) => overrides is not null && overrides.TryGetValue(p, out var o) ? o.Value : context.IsRead(p) ? context[p].Value : null;
            var all = left.Concat(right).Select(Val).ToList();
            if (all.Any(x => x is null))
            {
                continue;
            }

            assessed++;
            if (left.Sum(p => Val(p)!.Value) != right.Sum(p => Val(p)!.Value))
            {
                failing++;
            }
        }

        return (assessed, failing);
    }

    internal static IEnumerable<(IReadOnlyList<string> Left, IReadOnlyList<string> Right)> ColumnEquations(TemplateDefinition template)
    {
        var resultRows = ResultRows(template);
        foreach (var column in TemplateDefinition.ApplicantColumns)
        {
            string P(string r) => TemplateDefinition.ApplicationPath(column, r);
            yield return ([P("newReceived"), P("carriedOver")], [P("results.totalProcessed"), P("results.carriedForward")]);
            yield return ([P("results.totalProcessed")], resultRows.Select(P).ToList());
        }
    }

    internal static List<string> ResultRows(TemplateDefinition template) => template.ApplicationRows
        .Where(r => r.StartsWith("results.", StringComparison.Ordinal) && r is not "results.totalProcessed" and not "results.carriedForward")
        .ToList();

    /// <summary>The row part of a table 三 path (<c>applications.legalPerson.other.results.granted</c> → <c>results.granted</c>).</summary>
    internal static string RowOf(string path)
    {
        foreach (var c in TemplateDefinition.ApplicantColumns)
        {
            var prefix = $"applications.{c}.";
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return path[prefix.Length..];
            }
        }

        return string.Empty;
    }

    /// <summary>The seven cells of a table 三 row in the order they were printed (source column when known).</summary>
    private static List<string> PrintedOrder(ValidationContext context, string row)
    {
        var paths = TemplateDefinition.ApplicantColumns.Select(c => TemplateDefinition.ApplicationPath(c, row)).ToList();
        var columns = paths.Select(p => context[p].Source?.Column).ToList();
        return columns.All(c => c is not null) && columns.Distinct().Count() == columns.Count
            ? paths.OrderBy(p => context[p].Source!.Column).ToList()
            : paths;
    }

    private static bool SameValue(ValidationContext context, string column, string a, string b) =>
        context[TemplateDefinition.ApplicationPath(column, a)].Value == context[TemplateDefinition.ApplicationPath(column, b)].Value;

    private static bool SingleDigit(Cell cell, decimal value) =>
        value is >= 0 and <= 9 && decimal.Truncate(value) == value && (cell.Raw is null || cell.Raw.Trim().Length == 1);

    private static string Fmt(decimal d) => ReportJson.Canonical(d).ToString(CultureInfo.InvariantCulture);
}

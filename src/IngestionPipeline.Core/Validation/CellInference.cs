using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>
/// Fills a MISSING cell that the template's arithmetic pins uniquely: an identity of the catalogue
/// (IDENT, RESULTS, COLSUM, T4-SUM) in which it is the only unknown and every other member was read.
/// The derived value is offered, never passed off as read: the cell gets <c>inferred: true</c> and
/// <c>raw: null</c>, and an info finding <c>INFERRED-&lt;path&gt;</c> names the identity. Nothing is inferred
/// from an identity with another unknown, from inferred cells, when two identities disagree, when the
/// value would be negative or fractional, or when it contradicts another identity that can be checked.
/// Re-validation first turns inferred cells back into MISSING, so the result is idempotent.
/// </summary>
internal static class CellInference
{
    public const string Prefix = "INFERRED-";

    /// <summary>The report with earlier inferences undone (cells back to MISSING).</summary>
    public static CanonicalReport Undo(CanonicalReport report)
    {
        if (!report.Cells.Values.Any(c => c.Inferred))
        {
            return report;
        }

        var cells = new Dictionary<string, Cell>(report.Cells.Count, StringComparer.Ordinal);
        foreach (var (path, cell) in report.Cells)
        {
            cells[path] = cell.Inferred ? Cell.Missing : cell;
        }

        return report with { Cells = cells };
    }

    public static (CanonicalReport Report, IReadOnlyList<Finding> Findings) Apply(CanonicalReport report, IReadOnlyList<SumRule> identities)
    {
        static bool Read(CanonicalReport r, string p) => r[p] is { HasValue: true, Inferred: false };

        var candidates = new Dictionary<string, List<(SumRule Rule, decimal Value)>>(StringComparer.Ordinal);
        foreach (var rule in identities)
        {
            // The single participant not read, if exactly one (counted without a list: most identities have none).
            string? target = null;
            var unknownCount = 0;
            foreach (var p in rule.Participants)
            {
                if (!Read(report, p) && ++unknownCount == 1)
                {
                    target = p;
                }
            }

            if (unknownCount != 1 || target is null || report[target].Semantic != CellSemantic.Missing || !report.Cells.ContainsKey(target))
            {
                continue;
            }

            var left = rule.Left.Where(p => p != target).Sum(p => report[p].Value!.Value);
            var right = rule.Right.Where(p => p != target).Sum(p => report[p].Value!.Value);
            var value = rule.Left.Contains(target) ? right - left : left - right;
            if (!candidates.TryGetValue(target, out var list))
            {
                candidates[target] = list = [];
            }

            list.Add((rule, value));
        }

        var accepted = new List<(string Path, decimal Value, List<SumRule> Rules)>();
        foreach (var (path, list) in candidates)
        {
            var value = list[0].Value;
            if (list.Any(c => c.Value != value) || value < 0 || decimal.Truncate(value) != value)
            {
                continue;
            }

            accepted.Add((path, value, list.Select(c => c.Rule).ToList()));
        }

        if (accepted.Count == 0)
        {
            return (report, []);
        }

        var cells = new Dictionary<string, Cell>(report.Cells, StringComparer.Ordinal);
        var findings = new List<Finding>();
        foreach (var (path, value, rules) in accepted)
        {
            cells[path] = new Cell(value, value == 0 ? CellSemantic.Zero : CellSemantic.Numeric, null, Inferred: true);
            var paths = new List<string> { path };
            paths.AddRange(rules.SelectMany(r => r.Participants).Where(p => p != path).Distinct(StringComparer.Ordinal));
            findings.Add(new Finding(
                Prefix + path,
                FindingSeverity.Info,
                FindingStatus.Uncertain,
                $"{path} was not read; {string.Join(" and ", rules.Select(r => r.Id))} pin{(rules.Count == 1 ? "s" : string.Empty)} it to {SumRule.Format(value)} (all other members read). Offered as an inferred value, not as a reading.",
                paths,
                null));
        }

        return (report with { Cells = cells }, findings);
    }
}

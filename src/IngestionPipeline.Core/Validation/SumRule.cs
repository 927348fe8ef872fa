using System.Globalization;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>
/// <c>Σ left = Σ right</c> (or <c>≥</c>), exact: the counts are integers and the tolerance is 0. A
/// participant without a number makes the check NOT_ASSESSABLE (never read as 0) when
/// <paramref name="reportNotAssessable"/> is set, otherwise the check is silently skipped (heuristics).
/// </summary>
internal sealed class SumRule(
    string id,
    FindingSeverity severity,
    string description,
    IReadOnlyList<string> left,
    IReadOnlyList<string> right,
    bool greaterOrEqual = false,
    bool reportNotAssessable = true) : ValidationRule(id, severity, description)
{
    public override IEnumerable<Finding> Evaluate(ValidationContext context)
    {
        var participants = left.Concat(right).ToList();
        var unreadable = participants.Where(p => !context[p].HasValue).ToList();
        if (unreadable.Count > 0)
        {
            if (reportNotAssessable)
            {
                yield return NotAssessable(context, unreadable);
            }

            yield break;
        }

        var l = left.Sum(p => context[p].Value!.Value);
        var r = right.Sum(p => context[p].Value!.Value);
        var holds = greaterOrEqual ? l >= r : l == r;
        if (holds)
        {
            yield break;
        }

        var op = greaterOrEqual ? "≥" : "=";
        yield return new Finding(
            Id,
            Severity,
            FindingStatus.Fail,
            $"{Description}: expected {Side(left)} {op} {Side(right)}, got {Format(l)} vs {Format(r)} (difference {Format(l - r)}).",
            participants,
            context.OriginOf(participants));
    }

    private static string Side(IReadOnlyList<string> paths) => paths.Count == 0 ? "0" : string.Join(" + ", paths);

    private static string Format(decimal d) => CanonicalReportJson.Canonical(d).ToString(CultureInfo.InvariantCulture);
}

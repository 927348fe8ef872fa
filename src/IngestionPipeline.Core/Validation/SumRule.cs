using System.Globalization;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>
/// <c>Σ left = Σ right</c> (or <c>≥</c>), exact: the counts are integers and the tolerance is 0. A
/// participant without a number makes the check NOT_ASSESSABLE (never read as 0) when
/// <paramref name="reportNotAssessable"/> is set, otherwise the check is silently skipped (heuristics).
/// A failure carries its origin with the reasons (<see cref="ValidationContext.Explain"/>), helped by the
/// pattern hints of <paramref name="diagnose"/>; a not-assessable check may get hints from
/// <paramref name="diagnoseUnreadable"/> (split digits in a row the normalizer could not place).
/// </summary>
internal sealed class SumRule(
    string id,
    FindingSeverity severity,
    string description,
    IReadOnlyList<string> left,
    IReadOnlyList<string> right,
    bool greaterOrEqual = false,
    bool reportNotAssessable = true,
    string table = "",
    Func<ValidationContext, IReadOnlyCollection<string>, IEnumerable<string>>? diagnose = null,
    Func<ValidationContext, IEnumerable<string>>? diagnoseUnreadable = null) : ValidationRule(id, severity, description, table)
{
    public IReadOnlyList<string> Left { get; } = left;

    public IReadOnlyList<string> Right { get; } = right;

    /// <summary>A strict identity of the template (not a heuristic inequality): it may pin a missing cell.</summary>
    public bool IsIdentity => !greaterOrEqual && reportNotAssessable;

    /// <summary>Left then right; the rule is immutable, so the list is built once (it used to be per report).</summary>
    public IReadOnlyList<string> Participants { get; } = [.. left, .. right];

    public override IEnumerable<Finding> Evaluate(ValidationContext context)
    {
        if (AllRead(context))
        {
            // The common case: every participant has a number; sum without building lists.
            var sumLeft = Sum(Left, context);
            var sumRight = Sum(Right, context);
            if (greaterOrEqual ? sumLeft >= sumRight : sumLeft == sumRight)
            {
                yield break;
            }
        }

        var participants = Participants.ToList();
        var unreadable = participants.Where(p => !context[p].HasValue).ToList();
        if (unreadable.Count > 0)
        {
            if (reportNotAssessable)
            {
                var hints = diagnoseUnreadable?.Invoke(context).ToList() ?? [];
                var finding = NotAssessable(context, unreadable);
                yield return hints.Count == 0
                    ? finding
                    : finding with { Message = $"{finding.Message} Hint: {string.Join("; ", hints)}.", Origin = FindingOrigin.ExtractionSuspect };
            }

            yield break;
        }

        var l = Left.Sum(p => context[p].Value!.Value);
        var r = Right.Sum(p => context[p].Value!.Value);
        var holds = greaterOrEqual ? l >= r : l == r;
        if (holds)
        {
            yield break;
        }

        var op = greaterOrEqual ? "≥" : "=";
        var (origin, reason) = context.Explain(participants, diagnose?.Invoke(context, participants));
        yield return new Finding(
            Id,
            Severity,
            FindingStatus.Fail,
            $"{Description}: expected {Side(Left)} {op} {Side(Right)}, got {Format(l)} vs {Format(r)} (difference {Format(l - r)}); {reason}",
            participants,
            origin);
    }

    private bool AllRead(ValidationContext context)
    {
        foreach (var p in Participants)
        {
            if (!context[p].HasValue)
            {
                return false;
            }
        }

        return true;
    }

    private static decimal Sum(IReadOnlyList<string> paths, ValidationContext context)
    {
        var sum = 0m;
        foreach (var p in paths)
        {
            sum += context[p].Value!.Value;
        }

        return sum;
    }

    private static string Side(IReadOnlyList<string> paths) => paths.Count == 0 ? "0" : string.Join(" + ", paths);

    internal static string Format(decimal d) => ReportJson.Canonical(d).ToString(CultureInfo.InvariantCulture);
}

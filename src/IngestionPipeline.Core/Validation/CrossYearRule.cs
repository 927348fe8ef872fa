using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>
/// A cross-document check against the same agency's report of the year before (only when the validate
/// stage found one): <c>current = previous[previousPath] + Σ plus − Σ minus</c>. Examples:
/// <c>X-T3-CARRY-{c}</c> (上年结转 = last year's 结转下年度继续办理) and <c>X-T2-VALID-CARRY-{row}</c>
/// (现行有效件数 = last year's + 本年制发 − 本年废止). The findings name this report's cells; the previous
/// year's cell is quoted in the message. Without a previous report the rule does not run.
/// </summary>
internal sealed class CrossYearRule(
    string id,
    FindingSeverity severity,
    string description,
    string current,
    string previousPath,
    IReadOnlyList<string> plus,
    IReadOnlyList<string> minus) : ValidationRule(id, severity, description, "cross-year")
{
    /// <summary>This year's cell the rule checks.</summary>
    public string Current => current;

    /// <summary>The cell of the year before it is checked against.</summary>
    public string PreviousPath => previousPath;

    public override IEnumerable<Finding> Evaluate(ValidationContext context)
    {
        if (context.PreviousYear is not { } previous
            || previous.Meta.Year != context.Report.Meta.Year - 1
            || !previous.Cells.ContainsKey(previousPath))
        {
            yield break;
        }

        var paths = new[] { current }.Concat(plus).Concat(minus).ToList();
        var unreadable = paths.Where(p => !context[p].HasValue).ToList();
        var prevCell = previous[previousPath];
        if (unreadable.Count > 0 || !prevCell.HasValue)
        {
            var what = unreadable.Select(p => $"{p} ({ReportJson.SemanticToWire(context[p].Semantic)})").ToList();
            if (!prevCell.HasValue)
            {
                what.Add($"previous year's {previousPath} ({ReportJson.SemanticToWire(prevCell.Semantic)})");
            }

            yield return new Finding(
                Id,
                FindingSeverity.Info,
                FindingStatus.NotAssessable,
                $"{Description}: not assessable, no number in {string.Join(", ", what)}.",
                unreadable.Count > 0 ? unreadable : [current],
                unreadable.Any(context.SuspectPaths.Contains) ? FindingOrigin.ExtractionSuspect : null);
            yield break;
        }

        var expected = prevCell.Value!.Value + plus.Sum(p => context[p].Value!.Value) - minus.Sum(p => context[p].Value!.Value);
        var actual = context[current].Value!.Value;
        if (expected == actual)
        {
            yield break;
        }

        var formula = $"{Year(previous)} {previousPath} ({SumRule.Format(prevCell.Value.Value)})"
            + string.Concat(plus.Select(p => $" + {p} ({SumRule.Format(context[p].Value!.Value)})"))
            + string.Concat(minus.Select(p => $" − {p} ({SumRule.Format(context[p].Value!.Value)})"));
        var hints = prevCell.Inferred ? new[] { $"the previous year's {previousPath} was inferred, not read" } : [];
        var (origin, reason) = context.Explain(paths, hints);
        yield return new Finding(
            Id,
            Severity,
            FindingStatus.Fail,
            $"{Description}: {Year(context.Report)} {current} = {SumRule.Format(actual)}, expected {formula} = {SumRule.Format(expected)}; {reason}",
            paths,
            origin);
    }

    private static string Year(CanonicalReport report) => report.Meta.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

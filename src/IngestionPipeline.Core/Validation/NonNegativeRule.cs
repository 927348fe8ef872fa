using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>Every listed count or amount is ≥ 0; one finding per negative cell. Cells without a number are left to the identities.</summary>
internal sealed class NonNegativeRule(string id, FindingSeverity severity, string description, IReadOnlyList<string> paths, string table = "")
    : ValidationRule(id, severity, description, table)
{
    public override IEnumerable<Finding> Evaluate(ValidationContext context)
    {
        foreach (var path in paths)
        {
            if (context[path] is { HasValue: true, Value: < 0 } cell)
            {
                var (origin, reason) = context.Explain([path]);
                yield return new Finding(
                    Id,
                    Severity,
                    FindingStatus.Fail,
                    $"{Description}: {path} = {SumRule.Format(cell.Value.Value)}; {reason}",
                    [path],
                    origin);
            }
        }
    }
}

using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>Counts are whole numbers (T2-INT, T3-INT, T4-INT); one finding per fractional count.</summary>
internal sealed class IntegerRule(string id, FindingSeverity severity, string description, IReadOnlyList<string> paths, string table)
    : ValidationRule(id, severity, description, table)
{
    public override IEnumerable<Finding> Evaluate(ValidationContext context)
    {
        foreach (var path in paths)
        {
            if (context[path] is { HasValue: true } cell && decimal.Truncate(cell.Value!.Value) != cell.Value.Value)
            {
                var (origin, reason) = context.Explain([path]);
                yield return new Finding(
                    Id,
                    Severity,
                    FindingStatus.Fail,
                    $"{Description}: {path} = {SumRule.Format(cell.Value.Value)} (raw '{cell.Raw}'); {reason}",
                    [path],
                    origin);
            }
        }
    }
}

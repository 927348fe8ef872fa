using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>
/// gb2019 T2L-ITEMS-EQ-DECISIONS (info): 处理决定数量 equals 上一年项目数量 + 本年增/减, i.e. the agency
/// probably reported its current item count as decisions (seeds 000, 001). Flagged, never "fixed".
/// </summary>
internal sealed class ItemsEqualDecisionsRule(string id, string row)
    : ValidationRule(id, FindingSeverity.Info, $"处理决定数量 equals 上一年项目数量 + 本年增/减 ({row})", "二")
{
    public override IEnumerable<Finding> Evaluate(ValidationContext context)
    {
        var prev = TemplateDefinition.ActiveDisclosurePath(row, "prevYearItems");
        var change = TemplateDefinition.ActiveDisclosurePath(row, "itemChange");
        var processed = TemplateDefinition.ActiveDisclosurePath(row, "processed");
        if (context[prev] is { HasValue: true } p && context[change] is { HasValue: true } c && context[processed] is { HasValue: true } d
            && d.Value != 0 && d.Value == p.Value + c.Value)
        {
            yield return new Finding(
                Id,
                Severity,
                FindingStatus.Fail,
                $"{Description}: {p.Value} + ({c.Value}) = {d.Value}; 处理决定数量 may hold the current item count rather than this year's decisions.",
                [prev, change, processed],
                FindingOrigin.SourceInconsistency);
        }
    }
}

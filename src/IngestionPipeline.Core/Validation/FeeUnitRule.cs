using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>
/// T2-FEE-UNIT (warning, gb2021): 本年收费金额 is printed in 万元. A value printed with 元 or of a million or
/// more (i.e. ≥ 100 亿元 if really 万元) suggests the amount was given in 元: a possible 元-vs-万元 confusion.
/// </summary>
internal sealed class FeeUnitRule(string id, string path)
    : ValidationRule(id, FindingSeverity.Warning, "行政事业性收费 本年收费金额 is in 万元 (possible 元-vs-万元 confusion)", "二")
{
    private const decimal Implausible = 1_000_000m;

    public override IEnumerable<Finding> Evaluate(ValidationContext context)
    {
        var cell = context[path];
        if (!cell.HasValue)
        {
            yield break;
        }

        var unit = cell.Unit?.Trim();
        var why = unit is not null && unit != "万元" && unit != "万"
            ? $"the value is printed with unit '{unit}'"
            : cell.Value >= Implausible ? $"{SumRule.Format(cell.Value!.Value)} 万元 is implausibly large" : null;
        if (why is not null)
        {
            yield return new Finding(Id, Severity, FindingStatus.Uncertain, $"{Description}: {why} ({path}, raw '{cell.Raw}').", [path], context.OriginOf([path]));
        }
    }
}

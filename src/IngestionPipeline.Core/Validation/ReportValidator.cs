using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>
/// Runs the rule catalogue over a normalized report and returns it with its findings. The normalizer's
/// own findings are kept; findings of catalogue rules from an earlier run are replaced, so validating
/// a stored report again gives the same result.
/// </summary>
public sealed class ReportValidator
{
    public const string RuleSetVersion = "rules@1";

    public CanonicalReport Validate(CanonicalReport report)
    {
        var kept = report.Findings.Where(f => !RuleCatalog.Owns(f.RuleId)).ToList();
        var context = new ValidationContext(report with { Findings = kept });
        var produced = RuleCatalog.For(report.Meta.TemplateVersion).SelectMany(r => r.Evaluate(context));
        return report with
        {
            Findings = [.. kept, .. produced],
            Provenance = report.Provenance with { RuleSet = RuleSetVersion },
        };
    }
}

using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>
/// Runs the rule catalogue over a normalized report and returns it with its findings. The normalizer's
/// own findings are kept; findings of catalogue rules from an earlier run are replaced and cells the
/// validator inferred earlier are inferred afresh, so validating a stored report again gives the same
/// result. First, MISSING cells that an identity pins uniquely are offered as inferred values
/// (<see cref="CellInference"/>); then every rule runs. The cross-year rules run only when
/// <see cref="ValidationInputs.PreviousYear"/> is given (the validate stage loads it from the store; the
/// <c>parse</c> command has none).
/// </summary>
public sealed class ReportValidator
{
    public const string RuleSetVersion = "rules@2";

    public CanonicalReport Validate(CanonicalReport report) => Validate(report, null);

    public CanonicalReport Validate(CanonicalReport report, ValidationInputs? inputs)
    {
        var kept = report.Findings.Where(f => !RuleCatalog.Owns(f.RuleId)).ToList();
        var version = report.Meta.TemplateVersion;
        var clean = CellInference.Undo(report with { Findings = kept });
        var (inferred, inferences) = CellInference.Apply(clean, RuleCatalog.Identities(version));
        var context = new ValidationContext(inferred, inputs?.PreviousYear);
        var produced = RuleCatalog.For(version).SelectMany(r => r.Evaluate(context)).ToList();
        return inferred with
        {
            Findings = [.. kept, .. inferences, .. produced],
            Provenance = report.Provenance with { RuleSet = RuleSetVersion },
        };
    }
}

/// <summary>What the validator may use besides the report itself.</summary>
/// <param name="PreviousYear">The same agency's current report of the year before, for the cross-year checks.</param>
public sealed record ValidationInputs(CanonicalReport? PreviousYear = null);

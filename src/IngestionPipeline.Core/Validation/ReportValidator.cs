using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>Runs the rule catalogue over a normalized report and returns it with its findings.</summary>
public sealed class ReportValidator
{
    public const string RuleSetVersion = "rules@1";

    public CanonicalReport Validate(CanonicalReport report) =>
        throw new NotImplementedException("Being written.");
}

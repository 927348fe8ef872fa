using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>A rule of the catalogue: evaluates one report and yields its failed/uncertain/not-assessable findings.</summary>
internal abstract class ValidationRule(string id, FindingSeverity severity, string description, string table = "")
{
    public string Id { get; } = id;

    public FindingSeverity Severity { get; } = severity;

    public string Description { get; } = description;

    /// <summary>What the rule looks at: 二, 三, 四, cross-year or text.</summary>
    public string Table { get; } = table;

    public RuleDescriptor Describe() => new(Id, Severity, Description, Table);

    public abstract IEnumerable<Finding> Evaluate(ValidationContext context);

    /// <summary>
    /// An equation that cannot be computed because a participant is blank, NA, text or missing. The
    /// check could not run, which deserves attention but is not an error in the report: an error rule
    /// reports it as a warning.
    /// </summary>
    protected Finding NotAssessable(ValidationContext context, IReadOnlyList<string> unreadable) => new(
        Id,
        Severity == FindingSeverity.Info ? FindingSeverity.Info : FindingSeverity.Warning,
        FindingStatus.NotAssessable,
        $"{Description}: not assessable, no number in {string.Join(", ", unreadable.Select(p => $"{p} ({ReportJson.SemanticToWire(context[p].Semantic)})"))}.",
        unreadable,
        unreadable.Any(context.SuspectPaths.Contains) ? FindingOrigin.ExtractionSuspect : null);
}

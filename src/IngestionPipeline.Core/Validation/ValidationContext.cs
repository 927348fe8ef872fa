using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Normalization;

namespace IngestionPipeline.Core.Validation;

/// <summary>
/// What a rule sees: the report and the cells the normalizer flagged as extraction-suspect. The
/// suspect set is derived from the report's own <c>EXTRACT-*</c> findings, so validation gives the same
/// answer on a report fresh from the normalizer and on one read back from JSON.
/// </summary>
internal sealed class ValidationContext
{
    public ValidationContext(CanonicalReport report)
    {
        Report = report;
        SuspectPaths = report.Findings
            .Where(f => f.Origin == FindingOrigin.ExtractionSuspect && f.RuleId.StartsWith(ExtractionRuleIds.Prefix, StringComparison.Ordinal))
            .SelectMany(f => f.Paths)
            .ToHashSet(StringComparer.Ordinal);
    }

    public CanonicalReport Report { get; }

    public IReadOnlySet<string> SuspectPaths { get; }

    public Cell this[string path] => Report[path];

    public FindingOrigin OriginOf(IEnumerable<string> paths) =>
        paths.Any(SuspectPaths.Contains) ? FindingOrigin.ExtractionSuspect : FindingOrigin.SourceInconsistency;
}

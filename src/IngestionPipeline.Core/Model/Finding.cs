namespace IngestionPipeline.Core.Model;

/// <summary>One failed, uncertain or not-assessable check (contract §4). Passing checks are not listed.</summary>
public sealed record Finding(
    string RuleId,
    FindingSeverity Severity,
    FindingStatus Status,
    string Message,
    IReadOnlyList<string> Paths,
    FindingOrigin? Origin = null);

public enum FindingSeverity
{
    Error,
    Warning,
    Info,
}

public enum FindingStatus
{
    Fail,
    Uncertain,
    NotAssessable,
}

public enum FindingOrigin
{
    /// <summary>The cells were read unambiguously and the published numbers do not add up.</summary>
    SourceInconsistency,
    /// <summary>Our extraction is probably wrong (split digits, shifted cells, positional fallback, OCR text).</summary>
    ExtractionSuspect,
}

namespace IngestionPipeline.Components.Tracking;

public enum IngestionOutcomeKind
{
    VersionCreated,
    Unchanged,
    Rejected,
    Failed,
}

/// <summary>How one ingestion ended, as announced on the bus.</summary>
public sealed record IngestionOutcome(
    Guid IngestionId,
    IngestionOutcomeKind Kind,
    string? ReportKey = null,
    int? Version = null,
    int? Year = null,
    string? TemplateVersion = null,
    int? FindingCount = null,
    int? ChangedCellCount = null,
    string? ReasonCode = null,
    string? Reason = null);

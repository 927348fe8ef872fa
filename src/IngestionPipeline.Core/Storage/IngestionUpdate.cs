namespace IngestionPipeline.Core.Storage;

/// <summary>A status change of one ingestion; null members leave the stored value as it is.</summary>
public sealed record IngestionUpdate(
    Guid IngestionId,
    IngestionStatus Status,
    string Stage,
    DateTimeOffset At,
    string? ReasonCode = null,
    string? Reason = null,
    string? ReportKey = null,
    int? Version = null);

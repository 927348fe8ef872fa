namespace IngestionPipeline.Core.Storage;

public sealed record IngestionRecord(
    Guid IngestionId,
    string RawSha256,
    string FileName,
    string? SourceUrl,
    IngestionStatus Status,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    string? Stage = null,
    string? ReasonCode = null,
    string? Reason = null,
    string? ReportKey = null,
    int? Version = null);

namespace IngestionPipeline.Core.Storage;

/// <summary>
/// One immutable version of a report. <see cref="ContentHash"/> decides whether content changed;
/// <see cref="Fingerprint"/> also covers schema, normalizer and rule-set versions.
/// </summary>
public sealed record ReportVersionRecord(
    string ReportKey,
    int Version,
    int? PreviousVersion,
    Guid IngestionId,
    string SourceSha256,
    string? SourceFileName,
    string ContentHash,
    string Fingerprint,
    string Organization,
    string? OrganizationNormalized,
    string? Region,
    int Year,
    string TemplateVersion,
    int FindingCount,
    string DocumentJson,
    IReadOnlyList<CellChange> Changes,
    DateTimeOffset CreatedAt);

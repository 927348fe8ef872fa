using IngestionPipeline.Contracts;

namespace IngestionPipeline.Core.Storage;

/// <summary>
/// One immutable version of a report. <see cref="ContentHash"/> decides whether content changed;
/// <see cref="Fingerprint"/> also covers schema, normalizer and rule-set versions.
/// <see cref="ParserVersion"/> is the parser build that made it (<see cref="Parsing.ParserVersion"/>), <see cref="Reason"/>
/// why it exists, <see cref="MediaType"/> the detected format of its raw file and <see cref="Hints"/> the crawler's
/// hints it was submitted with (re-processing submits them again). These four are null on versions stored before
/// they were recorded.
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
    DateTimeOffset CreatedAt,
    string? ParserVersion = null,
    VersionReason? Reason = null,
    string? MediaType = null,
    SubmissionHints? Hints = null);

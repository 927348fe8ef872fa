using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Api.Models;

/// <summary>
/// One entry of a report's version history: where the version came from and the cells it changed.
/// <see cref="ParserVersion"/>, <see cref="Reason"/> (<c>new</c>, <c>source-change</c>, <c>parser-change</c>) and
/// <see cref="MediaType"/> are null on versions stored before they were recorded.
/// </summary>
public sealed record ReportVersionSummary(
    int Version,
    int? PreviousVersion,
    DateTimeOffset CreatedAt,
    Guid IngestionId,
    string SourceSha256,
    string? SourceFileName,
    string ContentHash,
    string Fingerprint,
    int FindingCount,
    IReadOnlyList<CellChange> Changes,
    string? ParserVersion = null,
    string? Reason = null,
    string? MediaType = null)
{
    public static ReportVersionSummary From(ReportVersionRecord v) =>
        new(v.Version, v.PreviousVersion, v.CreatedAt, v.IngestionId, v.SourceSha256, v.SourceFileName, v.ContentHash, v.Fingerprint, v.FindingCount, v.Changes, v.ParserVersion, v.Reason?.ToWire(), v.MediaType);
}

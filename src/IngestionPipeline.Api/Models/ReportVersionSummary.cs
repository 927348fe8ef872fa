using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Api.Models;

/// <summary>One entry of a report's version history: where the version came from and the cells it changed.</summary>
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
    IReadOnlyList<CellChange> Changes)
{
    public static ReportVersionSummary From(ReportVersionRecord v) =>
        new(v.Version, v.PreviousVersion, v.CreatedAt, v.IngestionId, v.SourceSha256, v.SourceFileName, v.ContentHash, v.Fingerprint, v.FindingCount, v.Changes);
}

using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Components.Versioning;

public enum VersionDecisionKind
{
    Created,
    Unchanged,
}

/// <summary>What the store step decided for one ingestion.</summary>
public sealed record VersionDecision(
    VersionDecisionKind Kind,
    string ReportKey,
    int Version,
    int? PreviousVersion,
    string Fingerprint,
    int ChangedCellCount,
    int FindingCount,
    VersionReason? Reason = null,
    string? ParserVersion = null)
{
    /// <summary>The cells the created version changed (empty for version 1 and for unchanged content).</summary>
    public IReadOnlyList<CellChange> Changes { get; init; } = [];

    public static VersionDecision FromCreated(ReportVersionRecord record) =>
        new(VersionDecisionKind.Created, record.ReportKey, record.Version, record.PreviousVersion, record.Fingerprint, record.Changes.Count, record.FindingCount, record.Reason, record.ParserVersion)
        {
            Changes = record.Changes,
        };
}

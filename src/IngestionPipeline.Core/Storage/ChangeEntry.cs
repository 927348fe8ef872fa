namespace IngestionPipeline.Core.Storage;

/// <summary>
/// One final outcome of an ingestion in the changes feed (<see cref="IChangeFeed"/>), in the order the stores
/// committed it: a version created (with the cells it changed), unchanged content, or a rejection (with its reason).
/// Every ingestion that reaches a final status appears exactly once.
/// </summary>
/// <param name="Sequence">The position in the feed: strictly increasing in commit order, never reused.</param>
/// <param name="IngestionId">The ingestion that ended.</param>
/// <param name="Outcome"><see cref="IngestionStatus.VersionCreated"/>, <see cref="IngestionStatus.Unchanged"/> or <see cref="IngestionStatus.Rejected"/>.</param>
/// <param name="At">When the final status was written.</param>
/// <param name="RawSha256">The raw file of the ingestion.</param>
/// <param name="FileName">The submitted file name.</param>
/// <param name="Stage">The stage that wrote the final status (for a rejection, the stage that rejected).</param>
/// <param name="ReportKey">The report (null for a rejection before the report was identified).</param>
/// <param name="Version">The version created, or the current version the content matched.</param>
/// <param name="PreviousVersion">For a version created: the version it supersedes (null for the first).</param>
/// <param name="Organization">The organization as printed, when the report is known.</param>
/// <param name="Region">The region, when known.</param>
/// <param name="Year">The report year, when known.</param>
/// <param name="TemplateVersion"><c>gb2019</c> or <c>gb2021</c>, when the report is known.</param>
/// <param name="Fingerprint">The fingerprint of <paramref name="Version"/>, when the report is known.</param>
/// <param name="FindingCount">The findings of <paramref name="Version"/>, when the report is known.</param>
/// <param name="ReasonCode">For a rejection: its stable reason code.</param>
/// <param name="Reason">For a rejection: its one-line reason.</param>
/// <param name="Changes">For a version created: the cells that differ from the previous version (empty for a first version).</param>
public sealed record ChangeEntry(
    long Sequence,
    Guid IngestionId,
    IngestionStatus Outcome,
    DateTimeOffset At,
    string RawSha256,
    string FileName,
    string? Stage,
    string? ReportKey,
    int? Version,
    int? PreviousVersion,
    string? Organization,
    string? Region,
    int? Year,
    string? TemplateVersion,
    string? Fingerprint,
    int? FindingCount,
    string? ReasonCode,
    string? Reason,
    IReadOnlyList<CellChange>? Changes);

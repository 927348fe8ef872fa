namespace IngestionPipeline.Contracts;

/// <summary>
/// A new immutable version of a report is stored. Delivery is at-least-once: deduplicate on
/// <see cref="ReportKey"/> + <see cref="Version"/>. A redelivered ingestion re-publishes the same event.
/// </summary>
/// <param name="IngestionId">Correlation id of the ingestion that created the version.</param>
/// <param name="ReportKey">The stable identity of the report (agency + year).</param>
/// <param name="Version">The new version number, starting at 1.</param>
/// <param name="PreviousVersion">The version it supersedes, or null for the first.</param>
/// <param name="Organization">The organization as printed.</param>
/// <param name="Year">The report year.</param>
/// <param name="TemplateVersion"><c>gb2019</c> or <c>gb2021</c>.</param>
/// <param name="Fingerprint">Fingerprint of content + schema + normalizer + rule-set versions.</param>
/// <param name="ChangedCellCount">Cells that differ from the previous version (0 for version 1).</param>
/// <param name="FindingCount">Validation findings of the version.</param>
/// <param name="RawSha256">The raw file it came from.</param>
/// <param name="Reason">
/// Why the version exists: <c>new</c> (the report's first), <c>source-change</c> (another raw file: the agency re-published
/// or corrected the report) or <c>parser-change</c> (the same raw file read by a changed parser: a correction by us,
/// e.g. <c>ingest reprocess</c>). Null from publishers older than this field.
/// </param>
/// <param name="ParserVersion">The parser build that made the version (<c>p-</c> + 16 hex digits); null from older publishers.</param>
/// <param name="Changes">
/// The cells that differ from the previous version, at most <see cref="MaxChanges"/> (null from publishers before this
/// member existed; empty for version 1). When <paramref name="ChangesTruncated"/> is true there were more: fetch them
/// with <c>GET /reports/{reportKey}/versions</c> or the changes feed.
/// </param>
/// <param name="ChangesTruncated">True when <paramref name="Changes"/> holds only the first <see cref="MaxChanges"/> of <paramref name="ChangedCellCount"/> changes.</param>
public sealed record ReportVersionCreated(
    Guid IngestionId,
    string ReportKey,
    int Version,
    int? PreviousVersion,
    string Organization,
    int Year,
    string TemplateVersion,
    string Fingerprint,
    int ChangedCellCount,
    int FindingCount,
    string RawSha256,
    string? Reason = null,
    string? ParserVersion = null,
    IReadOnlyList<ChangedCell>? Changes = null,
    bool ChangesTruncated = false)
{
    /// <summary>The most changed cells one event carries.</summary>
    public const int MaxChanges = 200;

    /// <summary>
    /// The first <see cref="MaxChanges"/> of <paramref name="changes"/> and whether that left some out: the values of
    /// <see cref="Changes"/> and <see cref="ChangesTruncated"/>.
    /// </summary>
    public static (IReadOnlyList<ChangedCell> Changes, bool Truncated) Bound(IReadOnlyList<ChangedCell> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return changes.Count > MaxChanges ? ([.. changes.Take(MaxChanges)], true) : (changes, false);
    }
}

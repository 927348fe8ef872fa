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
    string? ParserVersion = null);

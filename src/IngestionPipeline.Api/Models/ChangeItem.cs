using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Api.Models;

/// <summary>
/// One outcome of the changes feed as the API serves it: <see cref="ChangeEntry"/> with its opaque
/// <see cref="Cursor"/> (resume after this entry with <c>?after=</c>) instead of the store's sequence number.
/// </summary>
public sealed record ChangeItem(
    string Cursor,
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
    IReadOnlyList<CellChange>? Changes)
{
    public static ChangeItem From(ChangeEntry e) => new(
        ChangeCursor.Format(e.Sequence), e.IngestionId, e.Outcome, e.At, e.RawSha256, e.FileName, e.Stage, e.ReportKey, e.Version,
        e.PreviousVersion, e.Organization, e.Region, e.Year, e.TemplateVersion, e.Fingerprint, e.FindingCount, e.ReasonCode, e.Reason, e.Changes);
}

/// <summary>
/// A page of the changes feed. <see cref="Next"/> is the cursor to poll with next (after the last entry of this
/// page, or the cursor given when the page is empty), so a subscriber can keep following the feed;
/// <see cref="HasMore"/> tells whether more entries are there already (then a <c>Link: rel="next"</c> header gives the
/// next page's URL).
/// </summary>
public sealed record ChangePage(IReadOnlyList<ChangeItem> Changes, string Next, bool HasMore);

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

/// <summary>The body of <c>POST /changes/replay</c>: the queue to replay to and the same filters as <c>GET /changes</c>.</summary>
/// <param name="ToQueue">The subscriber's queue; it must exist.</param>
/// <param name="Since">Only outcomes written at or after this instant.</param>
/// <param name="After">Only outcomes after this changes-feed cursor.</param>
/// <param name="Year">Only outcomes of reports of this year.</param>
/// <param name="Region">Only outcomes of reports whose region or key contains this.</param>
/// <param name="Organization">Only outcomes of reports whose organization contains this.</param>
public sealed record ReplayRequest(string ToQueue, DateTimeOffset? Since = null, string? After = null, int? Year = null, string? Region = null, string? Organization = null);

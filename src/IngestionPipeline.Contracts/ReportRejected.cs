namespace IngestionPipeline.Contracts;

/// <summary>
/// A file was refused for a business reason (not a report, unreadable, unsupported, too large). The
/// raw bytes stay in the store under <see cref="RawSha256"/>. Technical failures are MassTransit's
/// <c>Fault&lt;T&gt;</c> instead.
/// </summary>
/// <param name="IngestionId">Correlation id.</param>
/// <param name="Stage">The stage that rejected the file (<c>extract</c>, <c>normalize</c>, …).</param>
/// <param name="ReasonCode">A stable code such as <c>NOT_A_REPORT</c> or <c>CORRUPT_FILE</c>.</param>
/// <param name="Reason">A one-line human-readable reason.</param>
/// <param name="RawSha256">The raw file that was rejected.</param>
/// <param name="FileName">The submitted file name.</param>
public sealed record ReportRejected(
    Guid IngestionId,
    string Stage,
    string ReasonCode,
    string Reason,
    string RawSha256,
    string FileName);

namespace IngestionPipeline.Core.Storage;

/// <summary>What <see cref="IIdempotencyKeyStore.ClaimIdempotencyKeyAsync"/> found for a key.</summary>
public enum IdempotencyKeyState
{
    /// <summary>The key is new (or its earlier request was abandoned): this request owns it and performs the submission.</summary>
    Claimed,

    /// <summary>A request with this key and the same fingerprint was accepted: answer with its <see cref="IdempotencyKeyClaim.IngestionId"/>.</summary>
    Completed,

    /// <summary>A request with this key is still being accepted: the client retries later.</summary>
    InProgress,

    /// <summary>The key was used for a different request (another fingerprint): refused, the key is not reused.</summary>
    Mismatch,
}

/// <summary>The state of an idempotency key, and the ingestion the first request created when <see cref="IdempotencyKeyState.Completed"/>.</summary>
public sealed record IdempotencyKeyClaim(IdempotencyKeyState State, Guid? IngestionId = null);

/// <summary>
/// Idempotency keys of submissions (the <c>Idempotency-Key</c> header of <c>POST /ingestions</c>): a retried request
/// carrying the key of an accepted one is answered with the first ingestion instead of creating a second. Kept in
/// the store, so that every API process sharing it agrees. Both adapters implement it beside <see cref="IReportStore"/>.
/// </summary>
public interface IIdempotencyKeyStore
{
    /// <summary>
    /// Claims <paramref name="key"/> for a request with <paramref name="fingerprint"/> (e.g. the sha256 of the file and
    /// hints), atomically: <see cref="IdempotencyKeyState.Claimed"/> when no request holds it, or when the one that
    /// claimed it did not complete within <paramref name="abandonAfter"/> (a crashed process); otherwise what the
    /// first request left.
    /// </summary>
    Task<IdempotencyKeyClaim> ClaimIdempotencyKeyAsync(string key, string fingerprint, TimeSpan abandonAfter, CancellationToken cancellationToken = default);

    /// <summary>Records the ingestion the claiming request created; later claims of the key get <see cref="IdempotencyKeyState.Completed"/>.</summary>
    Task CompleteIdempotencyKeyAsync(string key, Guid ingestionId, CancellationToken cancellationToken = default);

    /// <summary>Gives up a claim that created nothing (the submission failed), so that a retry can claim the key again.</summary>
    Task ReleaseIdempotencyKeyAsync(string key, CancellationToken cancellationToken = default);
}

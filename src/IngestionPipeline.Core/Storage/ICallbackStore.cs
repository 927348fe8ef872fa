namespace IngestionPipeline.Core.Storage;

/// <summary>Where the delivery of an ingestion's callback stands.</summary>
public enum CallbackDeliveryStatus
{
    /// <summary>Registered at intake; no outcome delivered yet.</summary>
    Pending,

    /// <summary>The receiver answered 2xx to the outcome.</summary>
    Delivered,

    /// <summary>Every attempt failed; <see cref="CallbackRegistration.LastError"/> says why.</summary>
    Failed,
}

/// <summary>The callback URL of one ingestion and how its delivery went.</summary>
public sealed record CallbackRegistration(
    Guid IngestionId,
    Uri Url,
    CallbackDeliveryStatus Status,
    int Attempts,
    string? LastError,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? CompletedAt);

/// <summary>
/// Per-submission callback URLs (the <c>callbackUrl</c> of <c>POST /ingestions</c>): stored with the submission,
/// before it is published, so that the outcome's consumer always finds it; its delivery status survives restarts.
/// Both adapters implement it beside <see cref="IReportStore"/>.
/// </summary>
public interface ICallbackStore
{
    /// <summary>Registers <paramref name="url"/> for <paramref name="ingestionId"/> (again: replaces it, status pending).</summary>
    Task SaveCallbackAsync(Guid ingestionId, Uri url, DateTimeOffset registeredAt, CancellationToken cancellationToken = default);

    /// <summary>The callback of <paramref name="ingestionId"/>, or null when the submission named none.</summary>
    Task<CallbackRegistration?> GetCallbackAsync(Guid ingestionId, CancellationToken cancellationToken = default);

    /// <summary>Records the end of a delivery: <see cref="CallbackDeliveryStatus.Delivered"/> or <see cref="CallbackDeliveryStatus.Failed"/> after <paramref name="attempts"/>.</summary>
    Task RecordCallbackDeliveryAsync(Guid ingestionId, CallbackDeliveryStatus status, int attempts, string? lastError, DateTimeOffset completedAt, CancellationToken cancellationToken = default);
}

namespace IngestionPipeline.Components.Configuration;

/// <summary>The queues of a prefix on the broker belong to another store: this process must not consume or feed them.</summary>
public sealed class StoreQueueConflictException : Exception
{
    public StoreQueueConflictException()
    {
    }

    public StoreQueueConflictException(string message)
        : base(message)
    {
    }

    public StoreQueueConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoreQueueConflictException(string claimQueue, string? queuePrefix, string claimedBy, string thisStore)
        : base($"The queues with prefix '{queuePrefix ?? ""}' on this broker belong to store {claimedBy}; this process uses store {thisStore}. "
            + $"Give this deployment its own Pipeline:QueuePrefix (--queue-prefix), or point it at the same store. "
            + $"If the other store is gone for good, delete the claim: rabbitmqctl delete_queue {claimQueue}")
    {
        ClaimQueue = claimQueue;
        ClaimedBy = claimedBy;
        ThisStore = thisStore;
    }

    public string? ClaimQueue { get; }

    public string? ClaimedBy { get; }

    public string? ThisStore { get; }
}

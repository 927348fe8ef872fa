namespace IngestionPipeline.Core.Storage;

/// <summary>
/// Artifact retention by age and outcome: artifacts serve debugging and claim checks, so those of an ingestion that
/// succeeded (<see cref="IngestionStatus.VersionCreated"/> or <see cref="IngestionStatus.Unchanged"/>) go early, the
/// others (rejected, failed, or never finished) are kept longer. Both store adapters implement it.
/// </summary>
public interface IArtifactRetentionStore
{
    /// <summary>
    /// Deletes the artifacts of succeeded ingestions written before <paramref name="succeededBefore"/> and every
    /// artifact written before <paramref name="othersBefore"/>; returns how many were deleted. Runs in small chunks,
    /// so that it never holds a write lock for long, and may run in several processes at once.
    /// </summary>
    Task<int> PurgeArtifactsAsync(DateTimeOffset succeededBefore, DateTimeOffset othersBefore, CancellationToken cancellationToken = default);
}

namespace IngestionPipeline.Core.Storage;

/// <summary>A store whose files can be rewritten to give back the space of deleted rows (SQLite's VACUUM).</summary>
public interface ICompactableStore
{
    /// <summary>Rewrites the store's files; returns their total size before and after.</summary>
    Task<StoreCompaction> CompactAsync(CancellationToken cancellationToken = default);
}

/// <summary>What a compaction did: the store's bytes on disk (database and write-ahead log) before and after.</summary>
public sealed record StoreCompaction(long BytesBefore, long BytesAfter, TimeSpan Elapsed);

namespace IngestionPipeline.Core.Storage;

/// <summary>
/// The changes feed: every final outcome of an ingestion (version created, unchanged, rejected), written by the
/// store in the same commit as the final status and read back in commit order. It is how a subscriber that
/// started late catches up (<c>GET /changes</c>, <c>ingest changes</c>) and what <c>ingest replay</c> republishes.
/// A store adapter implements it next to <see cref="IReportStore"/>.
/// </summary>
public interface IChangeFeed
{
    /// <summary>
    /// The entries matching <paramref name="query"/> in sequence order. An entry becomes visible only once
    /// every entry with a smaller sequence is visible, so a reader that resumes after the last sequence it saw
    /// never misses one.
    /// </summary>
    Task<IReadOnlyList<ChangeEntry>> ReadChangesAsync(ChangeQuery query, CancellationToken cancellationToken = default);
}

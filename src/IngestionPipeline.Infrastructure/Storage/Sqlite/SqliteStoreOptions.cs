namespace IngestionPipeline.Infrastructure.Storage.Sqlite;

/// <summary>Where the embedded store lives and how long a writer waits for another one.</summary>
public sealed class SqliteStoreOptions
{
    public const string DatabaseFileName = "ingestion.db";

    /// <summary>Directory holding <c>ingestion.db</c> (plus its <c>-wal</c> and <c>-shm</c> files); created if missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// How long an operation keeps retrying while another connection or process holds the write lock
    /// before it gives up with <c>SQLITE_BUSY</c>. The CLI and several workers share one file, so this
    /// must comfortably exceed the longest write transaction.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Fsync on every commit (SQLite <c>synchronous=FULL</c>, the default): a committed write survives a power
    /// loss or kernel crash, not only a process crash. Stage consumers acknowledge their message right after
    /// their write commits, so anything weaker could lose acknowledged work when a machine dies. Only durable writes
    /// pay for it (progress and artifact deletions never fsync), and group commit shares one fsync between all the
    /// writes queued at the time: at most two per report. <c>false</c> (<c>synchronous=NORMAL</c>) trades that for
    /// throughput: still consistent, and durable across process crashes, but the last commits before a power
    /// loss can roll back.
    /// </summary>
    public bool DurableCommits { get; init; } = true;

    /// <summary>
    /// How long a stage's progress (<see cref="Core.Storage.IIngestionStore.RecordProgressAsync"/>) may wait in memory
    /// before it is written, unless a write commit takes it along first. Progress is not durable: it is written
    /// without an fsync and lost if the process dies within this interval. Reads of one ingestion see it at once;
    /// counts by status lag by at most this interval.
    /// </summary>
    public TimeSpan ProgressFlushInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Connection pooling (on by default). Tests turn it off to make instances behave like separate processes.</summary>
    public bool Pooling { get; init; } = true;

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), DatabaseFileName);
}

using System.Diagnostics.Metrics;

namespace IngestionPipeline.Infrastructure.Storage.Sqlite;

/// <summary>
/// Counters of the embedded store's work, for benchmarks and operators (<c>dotnet-counters monitor
/// --counters IngestionPipeline.Storage.Sqlite</c>). Nothing is recorded unless someone listens.
/// </summary>
public static class SqliteStoreMetrics
{
    public const string MeterName = "IngestionPipeline.Storage.Sqlite";

    /// <summary>Committed write transactions (<c>BEGIN IMMEDIATE … COMMIT</c>), one per batch of writes.</summary>
    public const string WriteTransactions = "sqlite.write_transactions";

    /// <summary>Write operations (store calls that modify data) committed; several share a transaction when batched.</summary>
    public const string WriteOperations = "sqlite.write_operations";

    /// <summary>
    /// Committed write transactions that held at least one durable write (fsync'ed when
    /// <see cref="SqliteStoreOptions.DurableCommits"/>); the others only carried progress or artifact deletions.
    /// </summary>
    public const string DurableCommits = "sqlite.durable_commits";

    /// <summary>Write operations per committed transaction (a histogram; its sum equals <see cref="WriteOperations"/>).</summary>
    public const string BatchSize = "sqlite.batch_size";

    /// <summary>Progress updates received (<c>RecordProgressAsync</c> calls), buffered in memory.</summary>
    public const string ProgressUpdates = "sqlite.progress_updates";

    /// <summary>Progress rows written: what is left of <see cref="ProgressUpdates"/> after coalescing and superseding.</summary>
    public const string ProgressWrites = "sqlite.progress_writes";

    /// <summary>SQL commands executed (a command may hold several statements), reads and writes, pragmas included.</summary>
    public const string Commands = "sqlite.commands";

    /// <summary>Connections opened (from the pool or new).</summary>
    public const string ConnectionOpens = "sqlite.connection_opens";

    /// <summary>Write lock waits that ended in SQLITE_BUSY and a retry (another connection or process held the lock).</summary>
    public const string BusyRetries = "sqlite.busy_retries";

    /// <summary>Milliseconds spent inside write transactions (BEGIN IMMEDIATE acquired → COMMIT done): the single write lock's busy time.</summary>
    public const string WriteLockHeldMilliseconds = "sqlite.write_lock_held_ms";

    /// <summary>Characters of artifact content written (stage outputs, mostly JSON).</summary>
    public const string ArtifactChars = "sqlite.artifact_chars";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<double> WriteLockHeldCounter = Meter.CreateCounter<double>(WriteLockHeldMilliseconds);

    internal static readonly Counter<long> ArtifactCharsCounter = Meter.CreateCounter<long>(ArtifactChars);

    internal static readonly Counter<long> WriteTransactionCounter = Meter.CreateCounter<long>(WriteTransactions);

    internal static readonly Counter<long> WriteOperationCounter = Meter.CreateCounter<long>(WriteOperations);

    internal static readonly Counter<long> DurableCommitCounter = Meter.CreateCounter<long>(DurableCommits);

    internal static readonly Histogram<long> BatchSizeHistogram = Meter.CreateHistogram<long>(BatchSize);

    internal static readonly Counter<long> ProgressUpdateCounter = Meter.CreateCounter<long>(ProgressUpdates);

    internal static readonly Counter<long> ProgressWriteCounter = Meter.CreateCounter<long>(ProgressWrites);

    internal static readonly Counter<long> CommandCounter = Meter.CreateCounter<long>(Commands);

    internal static readonly Counter<long> ConnectionOpenCounter = Meter.CreateCounter<long>(ConnectionOpens);

    internal static readonly Counter<long> BusyRetryCounter = Meter.CreateCounter<long>(BusyRetries);
}

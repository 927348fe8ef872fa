using System.Diagnostics;
using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Infrastructure.Storage.Sqlite;

/// <summary>
/// <c>ingest compact</c>: deleted rows (purged artifacts) leave free pages that SQLite reuses but never returns to the
/// file system; VACUUM rewrites the file without them. Other processes may keep running: their writes wait for the
/// VACUUM (busy timeout), their reads do not (WAL).
/// </summary>
public sealed partial class SqliteReportStore : ICompactableStore
{
    public async Task<StoreCompaction> CompactAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        await FlushProgressAsync(cancellationToken);
        await CheckpointAsync(cancellationToken);
        var before = StoreBytes();
        await RunAsync(async (connection, ct) =>
        {
            // VACUUM cannot run inside a transaction: its own connection, outside the writer loop.
            await using var vacuum = connection.Command(null, "VACUUM;");
            await vacuum.ExecuteNonQueryAsync(ct);
            return true;
        }, cancellationToken);

        // VACUUM may renumber the rowids of report_heads (it has no INTEGER PRIMARY KEY): the trigram index, keyed by
        // those rowids, is rebuilt from the heads in one transaction.
        await WriteAsync(async (connection, transaction, ct) =>
        {
            await using var rebuild = connection.Command(transaction, """
                DELETE FROM report_heads_text;
                INSERT INTO report_heads_text (rowid, organization, organization_normalized, region, report_key)
                SELECT rowid, organization, organization_normalized, region, report_key FROM report_heads;
                INSERT INTO report_heads_text (report_heads_text) VALUES ('optimize');
                PRAGMA optimize;
                """);
            return await rebuild.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
        await CheckpointAsync(cancellationToken);
        return new StoreCompaction(before, StoreBytes(), clock.Elapsed);
    }

    /// <summary>Copies the write-ahead log into the database and truncates it (waits for readers and writers).</summary>
    private Task<bool> CheckpointAsync(CancellationToken cancellationToken) =>
        RunAsync(async (connection, ct) =>
        {
            await using var checkpoint = connection.Command(null, "PRAGMA wal_checkpoint(TRUNCATE);");
            await checkpoint.ExecuteNonQueryAsync(ct);
            return true;
        }, cancellationToken);

    /// <summary>The database file and its write-ahead log, in bytes.</summary>
    internal long StoreBytes() =>
        new[] { options.DatabasePath, options.DatabasePath + "-wal" }
            .Select(path => new FileInfo(path))
            .Where(file => file.Exists)
            .Sum(file => file.Length);
}

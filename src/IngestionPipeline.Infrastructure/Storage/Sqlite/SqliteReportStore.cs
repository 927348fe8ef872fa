using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using Microsoft.Data.Sqlite;

namespace IngestionPipeline.Infrastructure.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode shared by the CLI and any number of worker processes
/// on the same machine. Every read opens its own (pooled) connection. Writes are queued to one writer loop
/// per store instance, which commits whatever is queued in one <c>BEGIN IMMEDIATE</c> transaction (group
/// commit, see <see cref="WriteAsync{T}"/>), so writers from different processes queue for the single write
/// lock instead of failing halfway, writers of one process never race for it, and readers never block on them.
/// <para>
/// Durability where it is owed and nowhere else: a transaction that holds a durable write (an accepted submission,
/// a version with its final status, an artifact, a status) commits with <c>synchronous=FULL</c> (one fsync for the
/// whole batch, see <see cref="SqliteStoreOptions.DurableCommits"/>); progress (<see cref="RecordProgressAsync"/>)
/// and artifact deletions commit with <c>synchronous=NORMAL</c> (no fsync; lost at most on power loss). Progress
/// is buffered in memory per ingestion (latest wins), written along with the next commit or after
/// <see cref="SqliteStoreOptions.ProgressFlushInterval"/>, and never replaces a final status.
/// </para>
/// </summary>
public sealed partial class SqliteReportStore : IReportStore, IAsyncDisposable, IDisposable
{
    private const int SqliteBusy = 5;

    // SQLite's own busy handler waits in small steps (1..100 ms) and takes the lock as soon as it is
    // free, but cannot be cancelled; keeping each wait short and retrying from RunAsync bounds how long a
    // wait for another process's lock blocks a thread (a cancelled writer is answered at once anyway).
    private const int NativeBusyWaitMilliseconds = 250;

    private static readonly JsonSerializerOptions ChangesJson = new(JsonSerializerDefaults.Web);

    // Group commit: at most this many queued writes share one transaction.
    private const int MaxWritesPerTransaction = 64;

    // Rows deleted per transaction by PurgeArtifactsAsync.
    private const int PurgeChunkSize = 500;

    private const string FullSync = "FULL";
    private const string NormalSync = "NORMAL";

    // Native connections (kept alive by the pool) that already have the per-connection pragmas, with the
    // synchronous level each one is at (the writer loop switches it per transaction).
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, StrongBox<string>> ConfiguredConnections = new();

    // Wakes the writer loop to write buffered progress (queued by the progress timer).
    private static readonly PendingWrite FlushSignal = new PendingWrite<bool>(static (_, _, _) => Task.FromResult(true), durable: false, CancellationToken.None);

    private readonly SqliteStoreOptions options;
    private readonly TimeProvider timeProvider;
    private readonly Channel<PendingWrite> pendingWrites = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<Task> writer;

    // Progress not written yet, one (coalesced) update per ingestion; see RecordProgressAsync.
    private readonly ConcurrentDictionary<Guid, IngestionUpdate> progress = new();
    private readonly ITimer progressTimer;
    private int progressFlushScheduled;
    private int disposed;

    public SqliteReportStore(SqliteStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory);
        this.options = options;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        writer = new Lazy<Task>(() => Task.Run(WriterLoopAsync));
        progressTimer = this.timeProvider.CreateTimer(static state => ((SqliteReportStore)state!).OnProgressTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = options.Pooling,
            // Microsoft.Data.Sqlite's own busy retry (150 ms sleeps until this many seconds pass). Kept at
            // its minimum: RunAsync does the long, cancellable waiting.
            DefaultTimeout = 1,
        }.ToString();
    }

    internal string ConnectionString { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(options.DataDirectory);

        // journal_mode is persistent in the file but cannot change inside a transaction, hence its own step.
        var journalMode = await RunAsync(async (connection, ct) =>
        {
            await using var command = connection.Command(null, "PRAGMA journal_mode = WAL;");
            return (string?)await command.ExecuteScalarAsync(ct);
        }, cancellationToken);
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Could not switch {options.DatabasePath} to WAL journal mode (got '{journalMode}'); is it on a network file system?");
        }

        await WriteAsync(async (connection, transaction, ct) =>
        {
            await SqliteSchema.MigrateAsync(connection, transaction, ct);
            return true;
        }, cancellationToken);
    }

    public Task<string> GetStoreIdAsync(CancellationToken cancellationToken = default) =>
        // Outside the numbered migrations: created on first use, by whichever process asks first (one row, never changed).
        WriteAsync(async (connection, transaction, ct) =>
        {
            await using var command = connection.Command(transaction, """
                CREATE TABLE IF NOT EXISTS store_identity (
                    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                    store_id TEXT    NOT NULL
                );
                INSERT OR IGNORE INTO store_identity (id, store_id) VALUES (1, lower(hex(randomblob(16))));
                SELECT store_id FROM store_identity WHERE id = 1;
                """);
            return (string)(await command.ExecuteScalarAsync(ct))!;
        }, cancellationToken);

    // ---- raw files -------------------------------------------------------------------------------

    public Task<StoredRawFile> PutRawFileAsync(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var sha256 = Sha256Hex.Of(content.Span);
        var bytes = content.ToArray();
        return WriteAsync(
            (connection, transaction, ct) => InsertRawFileAsync(connection, transaction, sha256, bytes, fileName, ct),
            cancellationToken);
    }

    /// <summary>
    /// The raw file and its submission in one write, so one durable commit (shared with whatever else is queued):
    /// the submission never exists without its bytes. <paramref name="record"/> is stored with the sha256 of
    /// <paramref name="content"/>, as the port's default does.
    /// </summary>
    public Task<StoredRawFile> AcceptSubmissionAsync(ReadOnlyMemory<byte> content, IngestionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sha256 = Sha256Hex.Of(content.Span);
        var bytes = content.ToArray();
        var submission = record with { RawSha256 = sha256 };
        return WriteAsync(async (connection, transaction, ct) =>
        {
            var raw = await InsertRawFileAsync(connection, transaction, sha256, bytes, submission.FileName, ct);
            await InsertSubmissionAsync(connection, transaction, submission, ct);
            return raw;
        }, cancellationToken);
    }

    private async Task<StoredRawFile> InsertRawFileAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sha256, byte[] bytes, string fileName, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(transaction, """
            INSERT INTO raw_files (sha256, length, content, file_name, created_at)
            VALUES ($sha256, $length, $content, $file_name, $created_at)
            ON CONFLICT (sha256) DO NOTHING;
            """)
            .With("$sha256", sha256)
            .With("$length", bytes.LongLength)
            .With("$content", bytes)
            .With("$file_name", fileName)
            .With("$created_at", timeProvider.GetUtcNow());
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken);
        return new StoredRawFile(sha256, bytes.LongLength, AlreadyStored: inserted == 0);
    }

    public Task<byte[]?> GetRawFileAsync(string sha256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        return RunAsync(async (connection, ct) =>
        {
            await using var command = connection.Command(null, "SELECT content FROM raw_files WHERE sha256 = $sha256;")
                .With("$sha256", sha256.ToLowerInvariant());
            return (byte[]?)await command.ExecuteScalarAsync(ct);
        }, cancellationToken);
    }

    // ---- ingestions ------------------------------------------------------------------------------

    public Task RecordSubmissionAsync(IngestionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return WriteAsync((connection, transaction, ct) => InsertSubmissionAsync(connection, transaction, record, ct), cancellationToken);
    }

    private static async Task<int> InsertSubmissionAsync(SqliteConnection connection, SqliteTransaction transaction, IngestionRecord record, CancellationToken cancellationToken)
    {
        // A redelivered submission must not reset the status a later stage already wrote.
        await using var command = connection.Command(transaction, """
            INSERT INTO ingestions (ingestion_id, raw_sha256, file_name, source_url, status, submitted_at,
                                    updated_at, stage, reason_code, reason, report_key, version)
            VALUES ($ingestion_id, $raw_sha256, $file_name, $source_url, $status, $submitted_at,
                    $updated_at, $stage, $reason_code, $reason, $report_key, $version)
            ON CONFLICT (ingestion_id) DO NOTHING;
            """)
            .With("$ingestion_id", record.IngestionId)
            .With("$raw_sha256", record.RawSha256)
            .With("$file_name", record.FileName)
            .With("$source_url", record.SourceUrl)
            .With("$status", record.Status.ToString())
            .With("$submitted_at", record.SubmittedAt)
            .With("$updated_at", record.UpdatedAt)
            .With("$stage", record.Stage)
            .With("$reason_code", record.ReasonCode)
            .With("$reason", record.Reason)
            .With("$report_key", record.ReportKey)
            .With("$version", record.Version);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // One statement per target status, built once: its WHERE clause lists the statuses the update may replace.
    private static readonly string[] UpdateIngestionSql =
        [.. Enum.GetValues<IngestionStatus>().Order().Select(status => $"""
            UPDATE ingestions
            SET status      = $status,
                stage       = $stage,
                updated_at  = $updated_at,
                reason_code = COALESCE($reason_code, reason_code),
                reason      = COALESCE($reason, reason),
                report_key  = COALESCE($report_key, report_key),
                version     = COALESCE($version, version)
            WHERE ingestion_id = $ingestion_id AND status IN ({string.Join(", ", IngestionStatusTransitions.ReplaceableBy(status).Select(s => $"'{s}'"))});
            """)];

    // The same statements without the final statuses among those replaced: complete an ingestion only if unfinished.
    private static readonly string[] CompleteUnfinishedSql =
        [.. Enum.GetValues<IngestionStatus>().Order().Select(status => UpdateIngestionSql[(int)status].Replace(
            $"status IN ({string.Join(", ", IngestionStatusTransitions.ReplaceableBy(status).Select(s => $"'{s}'"))})",
            $"status IN ({string.Join(", ", IngestionStatusTransitions.ReplaceableBy(status).Where(s => !IngestionStatusTransitions.IsFinal(s)).Select(s => $"'{s}'"))})",
            StringComparison.Ordinal))];

    public Task UpdateIngestionAsync(IngestionUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        // A buffered progress update this one would replace is dropped now (its members folded in), so that it
        // cannot be written after this one and move the status back (e.g. Validated over a later Failed).
        var durable = Supersede(update);
        return WriteAsync((connection, transaction, ct) => ApplyUpdateAsync(connection, transaction, durable, ct), cancellationToken);
    }

    /// <summary>
    /// Buffers <paramref name="update"/> in memory and returns at once: it is written without an fsync along with
    /// the next commit, or after <see cref="SqliteStoreOptions.ProgressFlushInterval"/>. Per ingestion only the update
    /// the status rules let win is kept (a late Extracted does not replace a buffered Normalized), the way the
    /// stored status would have moved. A status that is not a stage's progress (final, Failed) is written durably.
    /// </summary>
    public Task RecordProgressAsync(IngestionUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(update.Stage);
        if (!IsProgress(update.Status))
        {
            return UpdateIngestionAsync(update, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        progress.AddOrUpdate(
            update.IngestionId,
            static (_, next) => next,
            static (_, buffered, next) => IngestionStatusTransitions.CanMove(buffered.Status, next.Status) ? Coalesce(buffered, next) : buffered,
            update);
        SqliteStoreMetrics.ProgressUpdateCounter.Add(1);
        ScheduleProgressFlush();
        return Task.CompletedTask;
    }

    private static bool IsProgress(IngestionStatus status) =>
        status is not IngestionStatus.Failed && !IngestionStatusTransitions.IsFinal(status);

    /// <summary><paramref name="later"/> applied after <paramref name="earlier"/>: its null members keep the earlier values.</summary>
    private static IngestionUpdate Coalesce(IngestionUpdate earlier, IngestionUpdate later) => later with
    {
        ReasonCode = later.ReasonCode ?? earlier.ReasonCode,
        Reason = later.Reason ?? earlier.Reason,
        ReportKey = later.ReportKey ?? earlier.ReportKey,
        Version = later.Version ?? earlier.Version,
    };

    /// <summary>
    /// Drops the buffered progress of <paramref name="update"/>'s ingestion when <paramref name="update"/> would replace
    /// it, and returns <paramref name="update"/> with the dropped one's members folded in (as if both were written).
    /// </summary>
    private IngestionUpdate Supersede(IngestionUpdate update)
    {
        while (progress.TryGetValue(update.IngestionId, out var buffered)
               && IngestionStatusTransitions.CanMove(buffered.Status, update.Status))
        {
            if (progress.TryRemove(KeyValuePair.Create(update.IngestionId, buffered)))
            {
                return Coalesce(buffered, update);
            }
        }

        return update;
    }

    /// <summary>A stored record with its buffered progress applied, if the status rules let that progress replace it.</summary>
    private IngestionRecord WithBufferedProgress(IngestionRecord record)
    {
        if (!progress.TryGetValue(record.IngestionId, out var buffered)
            || !IngestionStatusTransitions.CanMove(record.Status, buffered.Status))
        {
            return record;
        }

        return record with
        {
            Status = buffered.Status,
            Stage = buffered.Stage,
            UpdatedAt = buffered.At,
            ReasonCode = buffered.ReasonCode ?? record.ReasonCode,
            Reason = buffered.Reason ?? record.Reason,
            ReportKey = buffered.ReportKey ?? record.ReportKey,
            Version = buffered.Version ?? record.Version,
        };
    }

    private static async Task<int> ApplyUpdateAsync(
        SqliteConnection connection, SqliteTransaction transaction, IngestionUpdate update, CancellationToken cancellationToken, bool onlyIfUnfinished = false)
    {
        // An unknown ingestion id updates nothing (same as an un-upserted update in a document store). The status
        // only moves forward (IngestionStatusTransitions): the WHERE clause is the compare-and-set.
        var sql = (onlyIfUnfinished ? CompleteUnfinishedSql : UpdateIngestionSql)[(int)update.Status];
        await using var command = connection.Command(transaction, sql)
            .With("$ingestion_id", update.IngestionId)
            .With("$status", update.Status.ToString())
            .With("$stage", update.Stage)
            .With("$updated_at", update.At)
            .With("$reason_code", update.ReasonCode)
            .With("$reason", update.Reason)
            .With("$report_key", update.ReportKey)
            .With("$version", update.Version);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IReadOnlyDictionary<IngestionStatus, int>> CountIngestionsByStatusAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyDictionary<IngestionStatus, int>>(async (connection, ct) =>
        {
            // Timestamps are stored as round-trip strings with their offset: compare them as instants.
            await using var command = connection.Command(null, """
                SELECT status, COUNT(*)
                FROM ingestions
                WHERE julianday(updated_at) >= julianday($since)
                GROUP BY status;
                """)
                .With("$since", since);
            var counts = new Dictionary<IngestionStatus, int>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (Enum.TryParse<IngestionStatus>(reader.GetString(0), out var status))
                {
                    counts[status] = reader.GetInt32(1);
                }
            }

            return counts;
        }, cancellationToken);

    /// <summary>The <c>ingestions</c> columns <see cref="ReadIngestion"/> reads, in its order.</summary>
    private const string IngestionColumns =
        "ingestion_id, raw_sha256, file_name, source_url, status, submitted_at, updated_at, stage, reason_code, reason, report_key, version";

    /// <summary>One ingestion from a row selected with <see cref="IngestionColumns"/>.</summary>
    private static IngestionRecord ReadIngestion(SqliteDataReader reader) =>
        new(
            reader.GetId(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetNullableString(3),
            Enum.Parse<IngestionStatus>(reader.GetString(4)),
            reader.GetTimestamp(5),
            reader.GetTimestamp(6),
            reader.GetNullableString(7),
            reader.GetNullableString(8),
            reader.GetNullableString(9),
            reader.GetNullableString(10),
            reader.GetNullableInt32(11));

    public Task<IngestionRecord?> GetIngestionAsync(Guid ingestionId, CancellationToken cancellationToken = default) =>
        RunAsync(async (connection, ct) =>
        {
            await using var command = connection.Command(null, $"""
                SELECT {IngestionColumns}
                FROM ingestions
                WHERE ingestion_id = $ingestion_id;
                """)
                .With("$ingestion_id", ingestionId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            return WithBufferedProgress(ReadIngestion(reader));
        }, cancellationToken);

    // ---- artifacts -------------------------------------------------------------------------------

    public Task PutArtifactAsync(Guid ingestionId, string stage, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(content);
        SqliteStoreMetrics.ArtifactCharsCounter.Add(content.Length);
        var compressed = CompressArtifact(content); // outside the write lock
        return WriteAsync(async (connection, transaction, ct) =>
        {
            var now = timeProvider.GetUtcNow();
            await using var command = connection.Command(transaction, """
                INSERT INTO artifacts (ingestion_id, stage, content, updated_at, written_at)
                VALUES ($ingestion_id, $stage, $content, $updated_at, $written_at)
                ON CONFLICT (ingestion_id, stage) DO UPDATE
                SET content = excluded.content, updated_at = excluded.updated_at, written_at = excluded.written_at;
                """)
                .With("$ingestion_id", ingestionId)
                .With("$stage", stage)
                .With("$content", compressed)
                .With("$updated_at", now)
                .With("$written_at", now.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
    }

    /// <summary>Not durable (no fsync): a deletion lost on power loss leaves garbage that a purge removes later.</summary>
    public Task DeleteArtifactsAsync(Guid ingestionId, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction, ct) =>
        {
            await using var command = connection.Command(transaction, "DELETE FROM artifacts WHERE ingestion_id = $ingestion_id;")
                .With("$ingestion_id", ingestionId);
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken, durable: false);

    /// <summary>
    /// Deletes in chunks of <see cref="PurgeChunkSize"/> rows, each its own (non-durable) transaction, so that a large
    /// purge never holds the single write lock for long.
    /// </summary>
    public async Task<int> PurgeArtifactsAsync(DateTimeOffset writtenBefore, CancellationToken cancellationToken = default)
    {
        var before = writtenBefore.ToUnixTimeMilliseconds();
        var total = 0;
        while (true)
        {
            var deleted = await WriteAsync(async (connection, transaction, ct) =>
            {
                await using var command = connection.Command(transaction, """
                    DELETE FROM artifacts
                    WHERE rowid IN (SELECT rowid FROM artifacts WHERE written_at < $before LIMIT $limit);
                    """)
                    .With("$before", before)
                    .With("$limit", PurgeChunkSize);
                return await command.ExecuteNonQueryAsync(ct);
            }, cancellationToken, durable: false);
            total += deleted;
            if (deleted < PurgeChunkSize)
            {
                return total;
            }
        }
    }

    public Task<string?> GetArtifactAsync(Guid ingestionId, string stage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return RunAsync(async (connection, ct) =>
        {
            await using var command = connection.Command(null,
                    "SELECT content FROM artifacts WHERE ingestion_id = $ingestion_id AND stage = $stage;")
                .With("$ingestion_id", ingestionId)
                .With("$stage", stage);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? ReadCompressedText(reader, 0) : null;
        }, cancellationToken);
    }

    // ---- report versions -------------------------------------------------------------------------

    public Task<AppendOutcome> TryAppendVersionAsync(ReportVersionRecord version, int expectedCurrentVersion, CancellationToken cancellationToken = default)
    {
        var changesJson = ValidateAppend(version, expectedCurrentVersion);
        return WriteAsync((connection, transaction, ct) => AppendAsync(connection, transaction, version, expectedCurrentVersion, changesJson, ct), cancellationToken);
    }

    /// <summary>
    /// The version, the head and the final status in one write, so one durable commit (shared with whatever else is
    /// queued). The final status is written when the version is appended (it supersedes buffered progress), and on
    /// <see cref="AppendOutcome.DuplicateIngestion"/> only if the ingestion is still unfinished (its version was
    /// appended by <see cref="TryAppendVersionAsync"/> alone), as the MongoDB adapter does.
    /// </summary>
    public Task<AppendOutcome> AppendVersionAndCompleteAsync(
        ReportVersionRecord version, int expectedCurrentVersion, IngestionUpdate finalStatus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finalStatus);
        ArgumentNullException.ThrowIfNull(finalStatus.Stage);
        var changesJson = ValidateAppend(version, expectedCurrentVersion);
        IngestionUpdate? final = null;
        return WriteAsync(async (connection, transaction, ct) =>
        {
            var outcome = await AppendAsync(connection, transaction, version, expectedCurrentVersion, changesJson, ct);
            if (outcome == AppendOutcome.Appended)
            {
                // Once: a batch that starts over (SQLITE_BUSY) runs this again, and the progress is gone by then.
                final ??= Supersede(finalStatus);
                await ApplyUpdateAsync(connection, transaction, final, ct);
            }
            else if (outcome == AppendOutcome.DuplicateIngestion)
            {
                await ApplyUpdateAsync(connection, transaction, finalStatus, ct, onlyIfUnfinished: true);
            }

            return outcome;
        }, cancellationToken);
    }

    /// <summary>Checks the arguments of an append and returns the changes as JSON.</summary>
    private static string ValidateAppend(ReportVersionRecord version, int expectedCurrentVersion)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedCurrentVersion);
        if (version.Version != expectedCurrentVersion + 1)
        {
            // A version number that does not follow the expected head would leave a gap or a fork.
            throw new ArgumentException(
                $"Version {version.Version} does not follow expected current version {expectedCurrentVersion}.", nameof(version));
        }

        return JsonSerializer.Serialize(version.Changes, ChangesJson);
    }

    private static async Task<AppendOutcome> AppendAsync(
        SqliteConnection connection, SqliteTransaction transaction, ReportVersionRecord version, int expectedCurrentVersion, string changesJson, CancellationToken ct)
    {
        // Checked before the compare-and-set: on redelivery the head has usually moved past this
        // ingestion's version, and the caller needs to hear "already done", not "conflict".
        await using (var duplicate = connection.Command(transaction,
                         "SELECT 1 FROM report_versions WHERE ingestion_id = $ingestion_id;")
                         .With("$ingestion_id", version.IngestionId))
        {
            if (await duplicate.ExecuteScalarAsync(ct) is not null)
            {
                return AppendOutcome.DuplicateIngestion;
            }
        }

        await using (var head = connection.Command(transaction,
                         "SELECT current_version FROM report_heads WHERE report_key = $report_key;")
                         .With("$report_key", version.ReportKey))
        {
            var current = Convert.ToInt32(await head.ExecuteScalarAsync(ct) ?? 0L, CultureInfo.InvariantCulture);
            if (current != expectedCurrentVersion)
            {
                return AppendOutcome.Conflict;
            }
        }

        await using (var insert = connection.Command(transaction, """
                         INSERT INTO report_versions (
                             report_key, version, previous_version, ingestion_id, source_sha256, source_file_name,
                             content_hash, fingerprint, organization, organization_normalized, region, year,
                             template_version, finding_count, document_json, changes_json, created_at,
                             parser_version, reason, media_type, hints_json)
                         VALUES (
                             $report_key, $version, $previous_version, $ingestion_id, $source_sha256, $source_file_name,
                             $content_hash, $fingerprint, $organization, $organization_normalized, $region, $year,
                             $template_version, $finding_count, $document_json, $changes_json, $created_at,
                             $parser_version, $reason, $media_type, $hints_json);

                         INSERT INTO report_heads (
                             report_key, organization, organization_normalized, region, year, template_version,
                             current_version, content_hash, finding_count, updated_at)
                         VALUES (
                             $report_key, $organization, $organization_normalized, $region, $year, $template_version,
                             $version, $content_hash, $finding_count, $created_at)
                         ON CONFLICT (report_key) DO UPDATE SET
                             organization            = excluded.organization,
                             organization_normalized = excluded.organization_normalized,
                             region                  = excluded.region,
                             year                    = excluded.year,
                             template_version        = excluded.template_version,
                             current_version         = excluded.current_version,
                             content_hash            = excluded.content_hash,
                             finding_count           = excluded.finding_count,
                             updated_at              = excluded.updated_at;
                         """)
                         .With("$report_key", version.ReportKey)
                         .With("$version", version.Version)
                         .With("$previous_version", version.PreviousVersion)
                         .With("$ingestion_id", version.IngestionId)
                         .With("$source_sha256", version.SourceSha256)
                         .With("$source_file_name", version.SourceFileName)
                         .With("$content_hash", version.ContentHash)
                         .With("$fingerprint", version.Fingerprint)
                         .With("$organization", version.Organization)
                         .With("$organization_normalized", version.OrganizationNormalized)
                         .With("$region", version.Region)
                         .With("$year", version.Year)
                         .With("$template_version", version.TemplateVersion)
                         .With("$finding_count", version.FindingCount)
                         .With("$document_json", CompressText(version.DocumentJson, DocumentBrotliQuality))
                         .With("$changes_json", changesJson)
                         .With("$created_at", version.CreatedAt)
                         .WithReprocessColumns(version))
        {
            await insert.ExecuteNonQueryAsync(ct);
        }

        return AppendOutcome.Appended;
    }

    public async Task<ReportHead?> GetHeadAsync(string reportKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reportKey);
        var heads = await QueryHeadsAsync("WHERE report_key = $report_key", c => c.With("$report_key", reportKey), cancellationToken);
        return heads.Count == 0 ? null : heads[0];
    }

    public Task<IReadOnlyList<ReportHead>> ListHeadsAsync(CancellationToken cancellationToken = default) =>
        QueryHeadsAsync("ORDER BY report_key", static _ => { }, cancellationToken);

    public async Task<ReportVersionRecord?> GetVersionAsync(string reportKey, int? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reportKey);
        var versions = await QueryVersionsAsync(
            version is null
                ? "WHERE report_key = $report_key AND version = (SELECT current_version FROM report_heads WHERE report_key = $report_key)"
                : "WHERE report_key = $report_key AND version = $version",
            c => c.With("$report_key", reportKey).With("$version", version),
            cancellationToken);
        return versions.Count == 0 ? null : versions[0];
    }

    public Task<IReadOnlyList<ReportVersionRecord>> ListVersionsAsync(string reportKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reportKey);
        return QueryVersionsAsync("WHERE report_key = $report_key ORDER BY version", c => c.With("$report_key", reportKey), cancellationToken);
    }

    public async Task<ReportVersionRecord?> FindVersionByIngestionAsync(Guid ingestionId, CancellationToken cancellationToken = default)
    {
        var versions = await QueryVersionsAsync("WHERE ingestion_id = $ingestion_id", c => c.With("$ingestion_id", ingestionId), cancellationToken);
        return versions.Count == 0 ? null : versions[0];
    }

    private Task<IReadOnlyList<ReportHead>> QueryHeadsAsync(string filter, Action<SqliteCommand> bind, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<ReportHead>>(async (connection, ct) =>
        {
            await using var command = connection.Command(null, $"""
                SELECT report_key, organization, organization_normalized, region, year, template_version,
                       current_version, content_hash, finding_count, updated_at
                FROM report_heads
                {filter};
                """);
            bind(command);

            await using var reader = await command.ExecuteReaderAsync(ct);
            var heads = new List<ReportHead>();
            while (await reader.ReadAsync(ct))
            {
                heads.Add(new ReportHead(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetNullableString(2),
                    reader.GetNullableString(3),
                    reader.GetInt32(4),
                    reader.GetString(5),
                    reader.GetInt32(6),
                    reader.GetString(7),
                    reader.GetInt32(8),
                    reader.GetTimestamp(9)));
            }

            return heads;
        }, cancellationToken);

    private Task<IReadOnlyList<ReportVersionRecord>> QueryVersionsAsync(
        string filter, Action<SqliteCommand> bind, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<ReportVersionRecord>>(async (connection, ct) =>
        {
            await using var command = connection.Command(null, $"""
                SELECT {VersionColumns(null)}
                FROM report_versions
                {filter};
                """);
            bind(command);

            await using var reader = await command.ExecuteReaderAsync(ct);
            var versions = new List<ReportVersionRecord>();
            while (await reader.ReadAsync(ct))
            {
                versions.Add(ReadVersion(reader));
            }

            return versions;
        }, cancellationToken);

    private static readonly string[] VersionColumnNames =
    [
        "report_key", "version", "previous_version", "ingestion_id", "source_sha256", "source_file_name",
        "content_hash", "fingerprint", "organization", "organization_normalized", "region", "year",
        "template_version", "finding_count", "document_json", "changes_json", "created_at",
        "parser_version", "reason", "media_type", "hints_json",
    ];

    /// <summary>The <c>report_versions</c> columns <see cref="ReadVersion"/> reads, in its order, each prefixed with <paramref name="alias"/> and a dot when given.</summary>
    private static string VersionColumns(string? alias) =>
        string.Join(", ", VersionColumnNames.Select(c => alias is null ? c : $"{alias}.{c}"));

    /// <summary>One version from a row selected with <see cref="VersionColumns"/>.</summary>
    private static ReportVersionRecord ReadVersion(SqliteDataReader reader) =>
        new ReportVersionRecord(
            reader.GetString(0),
            reader.GetInt32(1),
            reader.GetNullableInt32(2),
            reader.GetId(3),
            reader.GetString(4),
            reader.GetNullableString(5),
            reader.GetString(6),
            reader.GetString(7),
            reader.GetString(8),
            reader.GetNullableString(9),
            reader.GetNullableString(10),
            reader.GetInt32(11),
            reader.GetString(12),
            reader.GetInt32(13),
            ReadCompressedText(reader, 14),
            JsonSerializer.Deserialize<List<CellChange>>(reader.GetString(15), ChangesJson) ?? [],
            reader.GetTimestamp(16))
            .WithReprocessColumns(reader, 17);

    // ---- connection, transaction and busy handling -----------------------------------------------

    /// <summary>
    /// Runs a write in a <c>BEGIN IMMEDIATE</c> transaction. Taking the write lock up front matters in WAL
    /// mode: a deferred transaction that reads and then writes gets SQLITE_BUSY (without waiting) when
    /// another process committed in between, whereas an immediate one just waits its turn.
    /// <para>
    /// The writes of this process do not race each other for SQLite's lock (whose busy handler sleeps,
    /// blocking a thread, and hands the lock over late): they are queued to one writer loop, which commits
    /// every write queued so far in one transaction (group commit), each in its own savepoint so that one
    /// failing write does not undo the others. A caller's task completes only after the COMMIT of the
    /// transaction holding its write, so durability is the same as with one transaction per write: a
    /// <paramref name="durable"/> write makes its transaction commit with <c>synchronous=FULL</c> (when
    /// <see cref="SqliteStoreOptions.DurableCommits"/>), a transaction of non-durable writes only commits with
    /// <c>NORMAL</c>.
    /// </para>
    /// </summary>
    private async Task<T> WriteAsync<T>(
        Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken, bool durable = true)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _ = writer.Value;
        var pending = new PendingWrite<T>(write, durable, cancellationToken);
        // A caller that gives up is answered at once; its write is skipped unless a transaction already runs it
        // (then it may still commit, which is harmless: every write is idempotent).
        await using var registration = cancellationToken.Register(static p => ((PendingWrite)p!).Cancel(), pending);
        if (!pendingWrites.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteReportStore), "The store's write queue is closed.");
        }

        return await pending.Task;
    }

    /// <summary>Writes the buffered progress now (for tests and shutdown); completes once it is committed.</summary>
    internal Task FlushProgressAsync(CancellationToken cancellationToken = default) =>
        WriteAsync(static (_, _, _) => Task.FromResult(true), cancellationToken, durable: false);

    /// <summary>Arms the progress timer unless it is armed already (or a flush is queued).</summary>
    private void ScheduleProgressFlush()
    {
        if (Interlocked.CompareExchange(ref progressFlushScheduled, 1, 0) == 0)
        {
            progressTimer.Change(options.ProgressFlushInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnProgressTimer()
    {
        // Reset first: progress recorded from now on arms the timer again; progress recorded before is in the
        // buffer already and goes with the batch this signal wakes.
        Volatile.Write(ref progressFlushScheduled, 0);
        _ = writer.Value;
        pendingWrites.Writer.TryWrite(FlushSignal);
    }

    /// <summary>
    /// The writer loop: takes whatever is queued (up to <see cref="MaxWritesPerTransaction"/>) and commits it in one
    /// transaction, with the buffered progress once the queue is drained (so that progress recorded after a write
    /// was queued is written after it).
    /// </summary>
    private async Task WriterLoopAsync()
    {
        var reader = pendingWrites.Reader;
        var batch = new List<PendingWrite>();
        var flushed = new List<KeyValuePair<Guid, IngestionUpdate>>();
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            flushed.Clear();
            var drained = true;
            while (true)
            {
                if (batch.Count >= MaxWritesPerTransaction)
                {
                    drained = false;
                    break;
                }

                if (!reader.TryRead(out var next))
                {
                    break;
                }

                if (!ReferenceEquals(next, FlushSignal) && !next.IsCompleted)
                {
                    batch.Add(next);
                }
            }

            if (drained)
            {
                // ToArray takes a snapshot under the dictionary's locks: AddRange(progress) copies by Count then CopyTo and
                // throws when progress recorded meanwhile grows it, which ended this loop and hung every later write.
                flushed.AddRange(progress.ToArray());
            }

            if (batch.Count > 0 || flushed.Count > 0)
            {
                await CommitAsync(batch, flushed);
            }
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch, List<KeyValuePair<Guid, IngestionUpdate>> flushed)
    {
        var live = new List<PendingWrite>(batch.Count);
        try
        {
            // No caller's token here: a batch serves several callers. BusyTimeout still bounds the wait for
            // another process's lock, and callers that give up meanwhile are skipped once the lock is ours.
            await RunAsync(async (connection, ct) =>
            {
                live.Clear();
                live.AddRange(batch.Where(w => !w.IsCompleted));
                var durable = live.Any(w => w.Durable);
                await SetSynchronousAsync(connection, durable && options.DurableCommits ? FullSync : NormalSync, ct);
                await using var transaction = connection.BeginTransaction(deferred: false);
                var locked = Stopwatch.GetTimestamp();
                if (live.Count == 1 && flushed.Count == 0)
                {
                    // The common case at low load: no savepoint, a failure rolls back the whole transaction.
                    await live[0].ExecuteAsync(connection, transaction);
                }
                else
                {
                    for (var i = 0; i < live.Count; i++)
                    {
                        await ExecuteInSavepointAsync(live[i], connection, transaction, i);
                    }
                }

                // After the queued writes: a buffered update is newer than the writes queued before it was drained.
                var progressWritten = await WriteProgressAsync(flushed, connection, transaction);
                await transaction.CommitAsync(ct);
                SqliteStoreMetrics.WriteLockHeldCounter.Add(Stopwatch.GetElapsedTime(locked).TotalMilliseconds);
                SqliteStoreMetrics.WriteTransactionCounter.Add(1);
                SqliteStoreMetrics.WriteOperationCounter.Add(live.Count);
                SqliteStoreMetrics.BatchSizeHistogram.Record(live.Count);
                SqliteStoreMetrics.ProgressWriteCounter.Add(progressWritten);
                if (durable)
                {
                    SqliteStoreMetrics.DurableCommitCounter.Add(1);
                }

                return true;
            }, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The transaction is rolled back: nothing of the batch is stored, every caller hears why. The progress
            // stays buffered for the next commit.
            foreach (var write in batch)
            {
                write.Fail(e);
            }

            if (!progress.IsEmpty)
            {
                ScheduleProgressFlush();
            }

            return;
        }

        // Written: unbuffer what was written, unless a newer update of the same ingestion replaced it meanwhile.
        foreach (var written in flushed)
        {
            progress.TryRemove(written);
        }

        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    /// <summary>
    /// Writes the drained progress that is still buffered: an update superseded by a status written in this batch (or
    /// replaced by a newer one, which stays buffered) is skipped. Returns how many rows it wrote.
    /// </summary>
    private async Task<int> WriteProgressAsync(List<KeyValuePair<Guid, IngestionUpdate>> flushed, SqliteConnection connection, SqliteTransaction transaction)
    {
        if (flushed.Count == 0)
        {
            return 0;
        }

        const string savepoint = "progress";
        var written = 0;
        transaction.Save(savepoint);
        try
        {
            foreach (var (id, update) in flushed)
            {
                if (progress.TryGetValue(id, out var buffered) && ReferenceEquals(buffered, update))
                {
                    await ApplyUpdateAsync(connection, transaction, update, CancellationToken.None);
                    written++;
                }
            }

            transaction.Release(savepoint);
            return written;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteBusy)
        {
            throw; // the whole batch starts over (RunAsync)
        }
        catch (SqliteException)
        {
            // Progress is not owed: it must not cost the durable writes of the batch. It is dropped with the
            // savepoint (and unbuffered with the batch), the next stage's progress or final status follows.
            transaction.Rollback(savepoint);
            transaction.Release(savepoint);
            return 0;
        }
    }

    private static async Task ExecuteInSavepointAsync(PendingWrite write, SqliteConnection connection, SqliteTransaction transaction, int index)
    {
        var savepoint = "w" + index.ToString(CultureInfo.InvariantCulture);
        transaction.Save(savepoint);
        try
        {
            await write.ExecuteAsync(connection, transaction);
            transaction.Release(savepoint);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteBusy)
        {
            throw; // the whole batch starts over (RunAsync)
        }
        catch (Exception e)
        {
            // Only this write is undone and reported to its caller; the others still commit.
            transaction.Rollback(savepoint);
            transaction.Release(savepoint);
            write.RecordFailure(e);
        }
    }

    /// <summary>
    /// Writes the buffered progress, then stops the writer loop once every queued write is committed. Writes
    /// requested afterwards fail with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await progressTimer.DisposeAsync();
        if (!progress.IsEmpty)
        {
            _ = writer.Value;
            pendingWrites.Writer.TryWrite(FlushSignal);
        }

        pendingWrites.Writer.TryComplete();
        if (writer.IsValueCreated)
        {
            await writer.Value;
        }
    }

    /// <summary>
    /// <see cref="DisposeAsync"/> for containers disposed synchronously; the writer loop runs on the thread pool, so
    /// waiting for it here cannot deadlock.
    /// </summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>A queued write: the SQL to run in the batch transaction, and its caller's result once committed.</summary>
    private abstract class PendingWrite
    {
        protected PendingWrite(bool durable, CancellationToken cancellationToken)
        {
            Durable = durable;
            CancellationToken = cancellationToken;
        }

        /// <summary>Whether the commit holding this write must be fsync'ed (see <see cref="SqliteStoreOptions.DurableCommits"/>).</summary>
        public bool Durable { get; }

        public CancellationToken CancellationToken { get; }

        public abstract bool IsCompleted { get; }

        public abstract Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction);

        public abstract void Complete();

        public abstract void RecordFailure(Exception exception);

        public abstract void Fail(Exception exception);

        public abstract void Cancel();
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> write, bool durable, CancellationToken cancellationToken)
        : PendingWrite(durable, cancellationToken)
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;
        private Exception? failure;

        public Task<T> Task => completion.Task;

        public override bool IsCompleted => completion.Task.IsCompleted;

        public override async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction)
        {
            // A batch may run twice (SQLITE_BUSY starts it over): the last run's outcome counts.
            failure = null;
            result = await write(connection, transaction, CancellationToken);
        }

        public override void Complete()
        {
            if (failure is null)
            {
                completion.TrySetResult(result!);
            }
            else if (failure is OperationCanceledException && CancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(CancellationToken);
            }
            else
            {
                completion.TrySetException(failure);
            }
        }

        /// <summary>This write failed inside a batch (rolled back to its savepoint): reported once the batch ends.</summary>
        public override void RecordFailure(Exception exception) => failure = exception;

        /// <summary>The whole batch failed (nothing committed): reported now.</summary>
        public override void Fail(Exception exception)
        {
            if (exception is OperationCanceledException && CancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(CancellationToken);
            }
            else
            {
                completion.TrySetException(exception);
            }
        }

        public override void Cancel() => completion.TrySetCanceled(CancellationToken);
    }

    /// <summary>
    /// Opens a connection and runs <paramref name="operation"/>, starting over while the database is busy
    /// (another connection or process holds the lock) until <see cref="SqliteStoreOptions.BusyTimeout"/>.
    /// Starting over is safe: reads have no effect, and a write that hit SQLITE_BUSY has been rolled back
    /// (normally it fails at BEGIN IMMEDIATE, before doing anything).
    /// </summary>
    private async Task<T> RunAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await using var connection = await OpenAsync(cancellationToken);
                return await operation(connection, cancellationToken);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteBusy && waiting.Elapsed < options.BusyTimeout)
            {
                SqliteStoreMetrics.BusyRetryCounter.Add(1);
                // Jitter so that writers released at the same moment do not collide again in lockstep.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 10 + Math.Min(attempt, 10) * 10)), cancellationToken);
            }
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        SqliteStoreMetrics.ConnectionOpenCounter.Add(1);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Per-connection settings, applied once per native connection: a pooled connection keeps them.
            // synchronous: FULL fsyncs each commit (see SqliteStoreOptions.DurableCommits); NORMAL is durable
            // against process crashes in WAL mode but not against power loss.
            if (!ConfiguredConnections.TryGetValue(connection.Handle!, out _))
            {
                var synchronous = options.DurableCommits ? FullSync : NormalSync;
                await using var pragmas = connection.Command(null,
                    $"PRAGMA busy_timeout = {NativeBusyWaitMilliseconds}; PRAGMA synchronous = {synchronous};");
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
                ConfiguredConnections.AddOrUpdate(connection.Handle!, new StrongBox<string>(synchronous));
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Sets <c>PRAGMA synchronous</c> for the next transaction on this connection (a no-op when it is there already).
    /// In WAL mode, FULL fsyncs the log at each commit; NORMAL does not (the commit survives a crash of the process,
    /// not a power loss). A later FULL commit fsyncs the log, and with it the NORMAL commits before it.
    /// </summary>
    private static async Task SetSynchronousAsync(SqliteConnection connection, string synchronous, CancellationToken cancellationToken)
    {
        var current = ConfiguredConnections.GetOrCreateValue(connection.Handle!);
        if (current.Value == synchronous)
        {
            return;
        }

        await using var pragma = connection.Command(null, $"PRAGMA synchronous = {synchronous};");
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        current.Value = synchronous;
    }
}

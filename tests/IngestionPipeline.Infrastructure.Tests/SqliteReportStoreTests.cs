using System.Collections.Concurrent;
using System.Diagnostics;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace IngestionPipeline.Infrastructure.Tests;

[Collection(SqliteMetricsCollection.Name)]
public sealed class SqliteReportStoreTests : ReportStoreContractTests, IDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "ingestion-store-tests", Guid.NewGuid().ToString("N"));
    private readonly List<SqliteReportStore> stores = [];

    protected override async Task<IReportStore> CreateStoreAsync(TimeProvider? timeProvider = null)
    {
        var store = NewStore(timeProvider: timeProvider);
        await store.InitializeAsync(Ct);
        return store;
    }

    protected override Task SettleAsync(IReportStore store) => ((SqliteReportStore)store).FlushProgressAsync(Ct);

    public void Dispose()
    {
        // Pooled connections keep the file open; release them so the directory can go (matters on Windows).
        foreach (var store in stores)
        {
            using var connection = new SqliteConnection(store.ConnectionString);
            SqliteConnection.ClearPool(connection);
        }

        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail the test.
        }
    }

    // ---- file, schema and journal mode -----------------------------------------------------------

    [Fact]
    public async Task GetStoreId_differs_between_two_stores()
    {
        var store = await CreateStoreAsync();
        var other = new SqliteReportStore(new SqliteStoreOptions { DataDirectory = Path.Combine(dataDirectory, "other") });
        stores.Add(other);
        await other.InitializeAsync(Ct);

        Assert.NotEqual(await store.GetStoreIdAsync(Ct), await other.GetStoreIdAsync(Ct));
    }


    [Fact]
    public async Task InitializeAsync_missing_directory_creates_database_file_in_it()
    {
        var store = NewStore();

        await store.InitializeAsync(Ct);

        Assert.True(File.Exists(Path.Combine(dataDirectory, "ingestion.db")));
    }

    [Fact]
    public async Task InitializeAsync_sets_wal_journal_mode()
    {
        await CreateStoreAsync();

        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task InitializeAsync_twice_keeps_data_and_records_schema_version()
    {
        var store = await CreateStoreAsync();
        await store.PutArtifactAsync(Guid.Empty, "extract", "kept", Ct);

        await store.InitializeAsync(Ct);
        await NewStore().InitializeAsync(Ct);

        Assert.Equal("kept", await store.GetArtifactAsync(Guid.Empty, "extract", Ct));
        Assert.Equal((long)SqliteSchema.CurrentVersion, await ScalarAsync("PRAGMA user_version;"));
    }

    [Fact]
    public async Task InitializeAsync_from_several_instances_at_once_succeeds()
    {
        var racing = Enumerable.Range(0, 6).Select(i => NewStore(pooling: i % 2 == 0)).ToList();

        await Task.WhenAll(racing.Select(s => Task.Run(() => s.InitializeAsync(Ct), Ct)));

        Assert.Equal((long)SqliteSchema.CurrentVersion, await ScalarAsync("PRAGMA user_version;"));
        Assert.Equal(AppendOutcome.Appended, await racing[^1].TryAppendVersionAsync(NewVersion("r1", 1), 0, Ct));
    }

    [Fact]
    public async Task InitializeAsync_database_from_newer_schema_throws()
    {
        await CreateStoreAsync();
        await ScalarAsync("PRAGMA user_version = 99;");

        await Assert.ThrowsAsync<InvalidOperationException>(() => NewStore().InitializeAsync(Ct));
    }

    [Fact]
    public async Task PutRawFile_content_is_a_blob_addressed_by_lower_case_sha256()
    {
        var store = await CreateStoreAsync();
        byte[] bytes = [1, 2, 3];

        var stored = await store.PutRawFileAsync(bytes, "x.bin", Ct);

        Assert.Equal(stored.Sha256.ToLowerInvariant(), stored.Sha256);
        Assert.Equal("blob", await ScalarAsync($"SELECT typeof(content) FROM raw_files WHERE sha256 = '{stored.Sha256}';"));
        Assert.Equal(bytes, await store.GetRawFileAsync(stored.Sha256.ToUpperInvariant(), Ct));
    }

    [Fact]
    public async Task InitializeAsync_migrates_a_version_1_database_and_old_artifacts_purge_by_their_write_time()
    {
        Directory.CreateDirectory(dataDirectory);
        var old = Guid.NewGuid();
        await ScalarAsync($"""
            {SqliteSchema.Migrations[0]}
            PRAGMA user_version = 1;
            INSERT INTO artifacts (ingestion_id, stage, content, updated_at) VALUES ('{old:D}', 'extract', 'old', '{T0:O}');
            """);
        var store = NewStore(timeProvider: new ManualTimeProvider(T0.AddHours(2)));

        await store.InitializeAsync(Ct);
        await store.PutArtifactAsync(Guid.Empty, "extract", "new", Ct);

        Assert.Equal((long)SqliteSchema.CurrentVersion, await ScalarAsync("PRAGMA user_version;"));
        Assert.Equal(T0.ToUnixTimeMilliseconds(), await ScalarAsync($"SELECT written_at FROM artifacts WHERE ingestion_id = '{old:D}';"));
        Assert.Equal(1, await store.PurgeArtifactsAsync(T0.AddHours(1), Ct));
        Assert.Null(await store.GetArtifactAsync(old, "extract", Ct));
        Assert.Equal("new", await store.GetArtifactAsync(Guid.Empty, "extract", Ct));
    }

    // ---- group commit and durability -------------------------------------------------------------

    [Fact]
    public async Task AcceptSubmission_50_concurrent_calls_share_at_most_two_durable_commits()
    {
        var store = (SqliteReportStore)await CreateStoreAsync();
        using var metrics = new SqliteMetricsRecorder();
        List<Task<StoredRawFile>> calls;
        await using (await HoldWriteLockAsync())
        {
            calls = [.. Enumerable.Range(0, 50).Select(i =>
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes($"报告 {i}");
                return store.AcceptSubmissionAsync(bytes, NewSubmission() with { RawSha256 = Sha256Hex.Of(bytes) }, Ct);
            })];
            // The writer loop holds the first batch and waits for the lock; everything else queues behind it.
            await metrics.WaitForAsync(SqliteStoreMetrics.BusyRetries, 1, TimeSpan.FromSeconds(20), Ct);
        }

        await Task.WhenAll(calls);

        Assert.Equal(50, metrics[SqliteStoreMetrics.WriteOperations]);
        Assert.InRange(metrics[SqliteStoreMetrics.DurableCommits], 1, 2);
        Assert.Equal(metrics[SqliteStoreMetrics.WriteTransactions], metrics[SqliteStoreMetrics.DurableCommits]);
        Assert.Equal(50L, await ScalarAsync("SELECT COUNT(*) FROM ingestions;"));
        Assert.Equal(50L, await ScalarAsync("SELECT COUNT(*) FROM raw_files;"));
    }

    [Fact]
    public async Task Batch_with_a_failing_and_a_conflicting_write_commits_the_others()
    {
        var store = (SqliteReportStore)await CreateStoreAsync();
        using var metrics = new SqliteMetricsRecorder();
        var good = Enumerable.Range(0, 5).Select(_ => NewSubmission()).ToList();
        Task bad;
        Task<AppendOutcome> conflict;
        Task<AppendOutcome> appended;
        List<Task> accepted;
        await using (await HoldWriteLockAsync())
        {
            accepted = [.. good.Select(r => (Task)store.AcceptSubmissionAsync(new byte[] { 1, 2, 3 }, r, Ct))];
            bad = store.RecordSubmissionAsync(NewSubmission() with { FileName = null! }, Ct); // NOT NULL constraint
            conflict = store.AppendVersionAndCompleteAsync(NewVersion("r1", 2), 1, new IngestionUpdate(good[0].IngestionId, IngestionStatus.VersionCreated, "store", T0), Ct);
            appended = store.AppendVersionAndCompleteAsync(NewVersion("r2", 1) with { IngestionId = good[1].IngestionId }, 0,
                new IngestionUpdate(good[1].IngestionId, IngestionStatus.VersionCreated, "store", T0.AddMinutes(1), ReportKey: "r2", Version: 1), Ct);
            await metrics.WaitForAsync(SqliteStoreMetrics.BusyRetries, 1, TimeSpan.FromSeconds(20), Ct);
        }

        var error = await Assert.ThrowsAsync<SqliteException>(() => bad);
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        await Task.WhenAll(accepted);
        Assert.Equal(AppendOutcome.Conflict, await conflict);
        Assert.Equal(AppendOutcome.Appended, await appended);
        Assert.Equal(IngestionStatus.Submitted, (await store.GetIngestionAsync(good[0].IngestionId, Ct))!.Status);
        Assert.Equal(IngestionStatus.VersionCreated, (await store.GetIngestionAsync(good[1].IngestionId, Ct))!.Status);
        Assert.Equal(5L, await ScalarAsync("SELECT COUNT(*) FROM ingestions;"));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM report_versions;"));
        Assert.InRange(metrics[SqliteStoreMetrics.DurableCommits], 1, 2);
    }

    [Fact]
    public async Task RecordProgress_is_buffered_then_written_without_a_durable_commit()
    {
        var store = (SqliteReportStore)await CreateStoreAsync();
        var submission = NewSubmission();
        await store.RecordSubmissionAsync(submission, Ct);
        var id = submission.IngestionId;
        using var metrics = new SqliteMetricsRecorder();

        await store.RecordProgressAsync(new IngestionUpdate(id, IngestionStatus.Extracted, "extract", T0.AddMinutes(1)), Ct);
        await store.RecordProgressAsync(new IngestionUpdate(id, IngestionStatus.Normalized, "normalize", T0.AddMinutes(2)), Ct);
        await store.RecordProgressAsync(new IngestionUpdate(id, IngestionStatus.Validated, "validate", T0.AddMinutes(3)), Ct);

        Assert.Equal("Submitted", await StoredStatusAsync(id));
        Assert.Equal(IngestionStatus.Validated, (await store.GetIngestionAsync(id, Ct))!.Status);
        await store.FlushProgressAsync(Ct);

        Assert.Equal("Validated", await StoredStatusAsync(id));
        Assert.Equal(3, metrics[SqliteStoreMetrics.ProgressUpdates]);
        Assert.Equal(1, metrics[SqliteStoreMetrics.ProgressWrites]);
        Assert.Equal(1, metrics[SqliteStoreMetrics.WriteTransactions]);
        Assert.Equal(0, metrics[SqliteStoreMetrics.DurableCommits]);
    }

    [Fact]
    public async Task RecordProgress_goes_with_the_next_durable_commit()
    {
        var store = (SqliteReportStore)await CreateStoreAsync();
        var first = NewSubmission();
        await store.RecordSubmissionAsync(first, Ct);
        using var metrics = new SqliteMetricsRecorder();

        await store.RecordProgressAsync(new IngestionUpdate(first.IngestionId, IngestionStatus.Extracted, "extract", T0.AddMinutes(1)), Ct);
        await store.RecordSubmissionAsync(NewSubmission(), Ct);

        Assert.Equal("Extracted", await StoredStatusAsync(first.IngestionId));
        Assert.Equal(1, metrics[SqliteStoreMetrics.WriteTransactions]);
        Assert.Equal(1, metrics[SqliteStoreMetrics.DurableCommits]);
        Assert.Equal(1, metrics[SqliteStoreMetrics.ProgressWrites]);
    }

    [Fact]
    public async Task AppendVersionAndComplete_drops_buffered_progress_of_its_ingestion_unwritten()
    {
        var store = (SqliteReportStore)await CreateStoreAsync();
        var submission = NewSubmission();
        await store.RecordSubmissionAsync(submission, Ct);
        var id = submission.IngestionId;
        using var metrics = new SqliteMetricsRecorder();
        await store.RecordProgressAsync(new IngestionUpdate(id, IngestionStatus.Validated, "validate", T0.AddMinutes(1)), Ct);

        await store.AppendVersionAndCompleteAsync(
            NewVersion("r1", 1) with { IngestionId = id }, 0, new IngestionUpdate(id, IngestionStatus.VersionCreated, "store", T0.AddMinutes(2)), Ct);
        await store.FlushProgressAsync(Ct);

        Assert.Equal("VersionCreated", await StoredStatusAsync(id));
        Assert.Equal(0, metrics[SqliteStoreMetrics.ProgressWrites]);
        Assert.Equal(1, metrics[SqliteStoreMetrics.DurableCommits]);
    }

    [Fact]
    public async Task RecordProgress_is_written_by_the_flush_timer()
    {
        var store = NewStore(progressFlushInterval: TimeSpan.FromMilliseconds(50));
        await store.InitializeAsync(Ct);
        var submission = NewSubmission();
        await store.RecordSubmissionAsync(submission, Ct);
        using var metrics = new SqliteMetricsRecorder();

        await store.RecordProgressAsync(new IngestionUpdate(submission.IngestionId, IngestionStatus.Extracted, "extract", T0.AddMinutes(1)), Ct);
        await metrics.WaitForAsync(SqliteStoreMetrics.ProgressWrites, 1, TimeSpan.FromSeconds(20), Ct);

        Assert.Equal("Extracted", await StoredStatusAsync(submission.IngestionId));
        Assert.Equal(0, metrics[SqliteStoreMetrics.DurableCommits]);
    }

    [Fact]
    public async Task DisposeAsync_writes_buffered_progress_and_later_writes_are_refused()
    {
        var store = (SqliteReportStore)await CreateStoreAsync();
        var submission = NewSubmission();
        await store.RecordSubmissionAsync(submission, Ct);
        var update = new IngestionUpdate(submission.IngestionId, IngestionStatus.Normalized, "normalize", T0.AddMinutes(1));
        await store.RecordProgressAsync(update, Ct);

        await store.DisposeAsync();

        Assert.Equal("Normalized", await StoredStatusAsync(submission.IngestionId));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.RecordProgressAsync(update, Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.RecordSubmissionAsync(NewSubmission(), Ct));
    }

    // ---- locking ---------------------------------------------------------------------------------

    [Fact]
    public async Task TryAppendVersion_racing_stores_with_separate_connections_create_every_version_exactly_once()
    {
        const int Writers = 4;
        const int AppendsPerWriter = 15;
        // Unpooled stores open a new native connection for every operation, like separate processes do.
        var racing = Enumerable.Range(0, Writers).Select(i => NewStore(pooling: i == 0)).ToList();
        await racing[0].InitializeAsync(Ct);
        var created = new ConcurrentBag<Guid>();
        var conflicts = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var writers = racing.Select(store => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < AppendsPerWriter; i++)
            {
                var ingestionId = Guid.NewGuid();
                while (true)
                {
                    var current = (await store.GetHeadAsync("race", Ct))?.CurrentVersion ?? 0;
                    var outcome = await store.TryAppendVersionAsync(
                        NewVersion("race", current + 1) with { IngestionId = ingestionId }, current, Ct);
                    if (outcome == AppendOutcome.Appended)
                    {
                        created.Add(ingestionId);
                        break;
                    }

                    Assert.Equal(AppendOutcome.Conflict, outcome);
                    Interlocked.Increment(ref conflicts);
                }
            }
        }, Ct)).ToList();
        start.SetResult();
        await Task.WhenAll(writers);

        var versions = await racing[1].ListVersionsAsync("race", Ct);
        Assert.Equal(Enumerable.Range(1, Writers * AppendsPerWriter), versions.Select(v => v.Version));
        Assert.Equal(created.Order(), versions.Select(v => v.IngestionId).Order());
        Assert.All(versions, v => Assert.Equal(v.Version == 1 ? null : v.Version - 1, v.PreviousVersion));
        Assert.Equal(Writers * AppendsPerWriter, (await racing[2].GetHeadAsync("race", Ct))!.CurrentVersion);
        TestContext.Current.TestOutputHelper?.WriteLine($"{conflicts} conflicts retried");
    }

    [Fact]
    public async Task TryAppendVersion_write_lock_held_by_another_connection_waits_then_appends()
    {
        var store = await CreateStoreAsync();
        await using var blocker = await HoldWriteLockAsync();
        using var metrics = new SqliteMetricsRecorder();

        // Task.Run: Microsoft.Data.Sqlite waits synchronously inside each BEGIN IMMEDIATE attempt.
        var append = Task.Run(() => store.TryAppendVersionAsync(NewVersion("r1", 1), 0, Ct), Ct);
        // A second attempt has begun once the first ended in SQLITE_BUSY: the retry loop is exercised.
        await metrics.WaitForAsync(SqliteStoreMetrics.BusyRetries, 1, TimeSpan.FromSeconds(20), Ct);
        Assert.False(append.IsCompleted);
        await blocker.ReleaseAsync();

        Assert.Equal(AppendOutcome.Appended, await append.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(1, (await store.GetHeadAsync("r1", Ct))!.CurrentVersion);
    }

    [Fact]
    public async Task TryAppendVersion_write_lock_held_past_busy_timeout_throws_busy_and_stores_nothing()
    {
        var store = NewStore(busyTimeout: TimeSpan.FromSeconds(2));
        await store.InitializeAsync(Ct);
        var stopwatch = Stopwatch.StartNew();

        await using (await HoldWriteLockAsync())
        {
            var error = await Assert.ThrowsAsync<SqliteException>(
                () => Task.Run(() => store.TryAppendVersionAsync(NewVersion("r1", 1), 0, Ct), Ct));
            Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
        }

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
        Assert.Null(await store.GetHeadAsync("r1", Ct));
    }

    [Fact]
    public async Task TryAppendVersion_cancelled_while_waiting_for_write_lock_throws_operation_canceled()
    {
        var store = await CreateStoreAsync();
        await using var blocker = await HoldWriteLockAsync();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Task.Run(() => store.TryAppendVersionAsync(NewVersion("r1", 1), 0, cancellation.Token), Ct));

        // Cancellation is noticed between lock attempts, each about 1.3 s.
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task TryAppendVersion_write_lock_held_by_sqlite3_process_waits_then_appends()
    {
        var store = await CreateStoreAsync();
        using var metrics = new SqliteMetricsRecorder();
        using var sqlite3 = StartSqlite3();
        Assert.SkipWhen(sqlite3 is null, "sqlite3 command-line shell not installed");

        await sqlite3.StandardInput.WriteLineAsync("BEGIN IMMEDIATE;\nSELECT 'locked';".AsMemory(), Ct);
        await sqlite3.StandardInput.FlushAsync(Ct);
        Assert.Equal("locked", await sqlite3.StandardOutput.ReadLineAsync(Ct));

        var append = Task.Run(() => store.TryAppendVersionAsync(NewVersion("r1", 1), 0, Ct), Ct);
        await metrics.WaitForAsync(SqliteStoreMetrics.BusyRetries, 1, TimeSpan.FromSeconds(20), Ct);
        Assert.False(append.IsCompleted);
        await sqlite3.StandardInput.WriteLineAsync("COMMIT;\n.quit".AsMemory(), Ct);
        await sqlite3.StandardInput.FlushAsync(Ct);

        Assert.Equal(AppendOutcome.Appended, await append.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        await sqlite3.WaitForExitAsync(Ct);
        Assert.Equal(0, sqlite3.ExitCode);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private SqliteReportStore NewStore(bool pooling = true, TimeSpan? busyTimeout = null, TimeProvider? timeProvider = null, TimeSpan? progressFlushInterval = null)
    {
        var store = new SqliteReportStore(new SqliteStoreOptions
        {
            DataDirectory = dataDirectory,
            Pooling = pooling,
            BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(30),
            // Long by default, so that a test sees what is buffered until it flushes; the timer test sets it short.
            ProgressFlushInterval = progressFlushInterval ?? TimeSpan.FromMinutes(10),
        }, timeProvider);
        stores.Add(store);
        return store;
    }

    private string DatabasePath => Path.Combine(dataDirectory, SqliteStoreOptions.DatabaseFileName);

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    private async Task<string?> StoredStatusAsync(Guid ingestionId) =>
        (string?)await ScalarAsync($"SELECT status FROM ingestions WHERE ingestion_id = '{ingestionId:D}';");

    private async Task<WriteLock> HoldWriteLockAsync()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE;";
        await command.ExecuteNonQueryAsync(Ct);
        return new WriteLock(connection);
    }

    private Process? StartSqlite3()
    {
        try
        {
            return Process.Start(new ProcessStartInfo("sqlite3", [DatabasePath])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Another connection's open BEGIN IMMEDIATE transaction; releasing it rolls back.</summary>
    private sealed class WriteLock(SqliteConnection connection) : IAsyncDisposable
    {
        public async Task ReleaseAsync()
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "ROLLBACK;";
            await command.ExecuteNonQueryAsync();
        }

        // Closing the unpooled connection also rolls back a transaction still open.
        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}

using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace IngestionPipeline.Infrastructure.Tests;

/// <summary>Artifacts on SQLite: stored compressed and read back exactly, purged by age and outcome, and compaction.</summary>
[Collection(SqliteSerialCollection.Name)]
public sealed class SqliteRetentionTests : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "ingestion-retention-tests", Guid.NewGuid().ToString("N"));
    private readonly Clock clock = new(T0);
    private readonly SqliteReportStore store;

    public SqliteRetentionTests()
    {
        store = new SqliteReportStore(new SqliteStoreOptions { DataDirectory = dataDirectory, DurableCommits = false }, clock);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await store.DisposeAsync();
        using (var connection = new SqliteConnection(store.ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    [Fact]
    public async Task An_artifact_is_stored_compressed_and_read_back_exactly()
    {
        await store.InitializeAsync(Ct);
        var id = Guid.NewGuid();
        var json = string.Concat(Enumerable.Range(0, 400).Select(i => $$"""{"path":"applications.total.newReceived","value":{{i}},"raw":"本年新收政府信息公开申请数量 {{i}} 件 \u2028 😀"},"""));

        await store.PutArtifactAsync(id, "normalize", json, Ct);

        Assert.Equal(json, await store.GetArtifactAsync(id, "normalize", Ct));
        Assert.Equal("blob", await ScalarAsync($"SELECT typeof(content) FROM artifacts WHERE ingestion_id = '{id:D}';"));
        var stored = (long)(await ScalarAsync($"SELECT length(content) FROM artifacts WHERE ingestion_id = '{id:D}';"))!;
        Assert.True(stored * 5 < System.Text.Encoding.UTF8.GetByteCount(json), $"{stored} bytes stored for {System.Text.Encoding.UTF8.GetByteCount(json)}");
        Assert.Equal("", await RoundTripAsync(""));
    }

    [Fact]
    public async Task An_artifact_written_as_text_by_an_earlier_build_is_still_read()
    {
        await store.InitializeAsync(Ct);
        var id = Guid.NewGuid();
        await ScalarAsync($"INSERT INTO artifacts (ingestion_id, stage, content, updated_at, written_at) VALUES ('{id:D}', 'extract', '{{\"blocks\":[\"正文\"]}}', '{T0:O}', 0);");

        Assert.Equal("""{"blocks":["正文"]}""", await store.GetArtifactAsync(id, "extract", Ct));
    }

    [Fact]
    public async Task A_version_document_is_stored_compressed_and_read_back_exactly_and_old_text_rows_still_read()
    {
        await store.InitializeAsync(Ct);
        var document = """{"schemaVersion":"1.0","meta":{"organization":"北京市卫生健康委员会","year":2024},"cells":[""" +
            string.Join(',', Enumerable.Range(0, 300).Select(i => $$"""{"path":"a.b{{i}}","value":{{i}}.5,"raw":"{{i}}件"}""")) + "]}";
        var version = new ReportVersionRecord("2024-北京市卫健委", 1, null, Guid.NewGuid(), "sha", "f.pdf", "c1", "fp", "北京市卫健委", null, "北京市", 2024, "gb2021", 0, document, [], T0);
        await store.TryAppendVersionAsync(version, 0, Ct);

        Assert.Equal(document, (await store.GetVersionAsync(version.ReportKey, cancellationToken: Ct))!.DocumentJson);
        Assert.Equal("blob", await ScalarAsync("SELECT typeof(document_json) FROM report_versions;"));
        Assert.True((long)(await ScalarAsync("SELECT length(document_json) FROM report_versions;"))! * 5 < System.Text.Encoding.UTF8.GetByteCount(document));

        // A version written as text by a build before compression.
        await ScalarAsync("UPDATE report_versions SET document_json = '{\"legacy\":\"文本\"}';");
        Assert.Equal("""{"legacy":"文本"}""", (await store.FindVersionByIngestionAsync(version.IngestionId, Ct))!.DocumentJson);
    }

    [Fact]
    public async Task Purge_deletes_succeeded_artifacts_after_their_age_and_the_others_only_after_theirs()
    {
        await store.InitializeAsync(Ct);
        var stored = await IngestionAsync(IngestionStatus.VersionCreated);
        var unchanged = await IngestionAsync(IngestionStatus.Unchanged);
        var rejected = await IngestionAsync(IngestionStatus.Rejected);
        var failed = await IngestionAsync(IngestionStatus.Failed);
        var unfinished = await IngestionAsync(IngestionStatus.Normalized);
        var oldFailed = await IngestionAsync(IngestionStatus.Failed);
        clock.Now = T0.AddDays(-40);
        await store.PutArtifactAsync(oldFailed, "validate", "{}", Ct);
        clock.Now = T0.AddDays(-2);
        foreach (var id in new[] { stored, unchanged, rejected, failed, unfinished })
        {
            await store.PutArtifactAsync(id, "extract", "{}", Ct);
        }

        clock.Now = T0;
        var recent = await IngestionAsync(IngestionStatus.VersionCreated);
        await store.PutArtifactAsync(recent, "extract", "{}", Ct);

        var deleted = await store.PurgeArtifactsAsync(succeededBefore: T0.AddDays(-1), othersBefore: T0.AddDays(-30), Ct);

        Assert.Equal(3, deleted);
        Assert.Null(await store.GetArtifactAsync(stored, "extract", Ct));
        Assert.Null(await store.GetArtifactAsync(unchanged, "extract", Ct));
        Assert.Null(await store.GetArtifactAsync(oldFailed, "validate", Ct));
        foreach (var kept in new[] { rejected, failed, unfinished, recent })
        {
            Assert.Equal("{}", await store.GetArtifactAsync(kept, "extract", Ct));
        }
    }

    [Fact]
    public async Task Compact_gives_back_the_space_of_purged_artifacts_and_keeps_the_listings()
    {
        await store.InitializeAsync(Ct);
        var random = new Random(19);
        // Incompressible artifacts (random hex), so that they take real pages.
        for (var i = 0; i < 40; i++)
        {
            var id = await IngestionAsync(IngestionStatus.VersionCreated);
            await store.PutArtifactAsync(id, "extract", Convert.ToHexString(Enumerable.Range(0, 50_000).Select(_ => (byte)random.Next(256)).ToArray()), Ct);
            await store.TryAppendVersionAsync(new ReportVersionRecord(
                $"2024-机关{i:D3}", 1, null, id, "sha", "f.pdf", $"c{i}", "fp", $"第{i:D3}号机关", null, "北京市", 2024, "gb2021", 0, "{}", [], T0), 0, Ct);
        }

        clock.Now = T0.AddDays(2);
        Assert.Equal(40, await store.PurgeArtifactsAsync(T0.AddDays(1), T0.AddDays(-30), Ct));

        var compaction = await store.CompactAsync(Ct);

        Assert.True(compaction.BytesAfter * 4 < compaction.BytesBefore, $"{compaction.BytesBefore} -> {compaction.BytesAfter} bytes");
        Assert.Equal(compaction.BytesAfter, store.StoreBytes());
        var found = Assert.Single(await store.QueryHeadsAsync(new ReportQuery { Organization = "第007号机关" }, Ct));
        Assert.Equal("2024-机关007", found.ReportKey);
        Assert.Equal(40, await store.CountHeadsAsync(new ReportQuery { Region = "北京" }, Ct));
    }

    private async Task<string?> RoundTripAsync(string content)
    {
        var id = Guid.NewGuid();
        await store.PutArtifactAsync(id, "extract", content, Ct);
        return await store.GetArtifactAsync(id, "extract", Ct);
    }

    private async Task<Guid> IngestionAsync(IngestionStatus status)
    {
        var id = Guid.NewGuid();
        await store.RecordSubmissionAsync(new IngestionRecord(id, "sha", "f.pdf", null, IngestionStatus.Submitted, T0, T0), Ct);
        if (status != IngestionStatus.Submitted)
        {
            await store.UpdateIngestionAsync(new IngestionUpdate(id, status, "store", T0), Ct);
        }

        return id;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, SqliteStoreOptions.DatabaseFileName)};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

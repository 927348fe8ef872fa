using System.Collections.Concurrent;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.Storage.Mongo;
using MongoDB.Bson;
using MongoDB.Driver;

namespace IngestionPipeline.Infrastructure.Tests;

/// <summary>
/// The contract suite (and a few MongoDB-specific checks) against a real MongoDB server named by
/// <c>MONGODB_URI</c>, each test in a database of its own that is dropped afterwards. Without the variable
/// every test is reported as skipped with <see cref="SkipReason"/>: there is deliberately no fake or
/// in-memory stand-in, so a green run here always means a real server answered.
/// </summary>
public sealed class MongoReportStoreTests : ReportStoreContractTests, IAsyncDisposable
{
    public const string UriVariable = "MONGODB_URI";

    public const string SkipReason =
        "MONGODB_URI is not set: no MongoDB server on this machine; the MongoDB adapter's contract tests did not run";

    private static readonly string? Uri = Environment.GetEnvironmentVariable(UriVariable) is { Length: > 0 } uri ? uri : null;

    private readonly string databaseName = $"ingestion_test_{Guid.NewGuid():N}";
    private readonly List<MongoReportStore> stores = [];

    protected override async Task<IReportStore> CreateStoreAsync(TimeProvider? timeProvider = null)
    {
        var store = NewStore(timeProvider);
        await store.InitializeAsync(Ct);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        if (stores.Count > 0)
        {
            await stores[0].Database.Client.DropDatabaseAsync(databaseName);
        }

        foreach (var store in stores)
        {
            store.Dispose();
        }
    }

    // ---- MongoDB-specific behaviour --------------------------------------------------------------

    [Fact]
    public async Task InitializeAsync_creates_unique_indexes_and_is_repeatable_from_several_instances()
    {
        var racing = Enumerable.Range(0, 4).Select(_ => NewStore()).ToList();

        await Task.WhenAll(racing.Select(s => s.InitializeAsync(Ct)));
        await racing[0].InitializeAsync(Ct);

        var versionIndexes = await IndexesAsync(racing[0], "reportVersions");
        Assert.Equal(new BsonDocument { { "reportKey", 1 }, { "version", 1 } }, versionIndexes["reportKey_version_unique"]["key"]);
        Assert.True(versionIndexes["reportKey_version_unique"]["unique"].ToBoolean());
        Assert.True(versionIndexes["ingestionId_unique"]["unique"].ToBoolean());
        var fileIndexes = await IndexesAsync(racing[0], "rawFiles.files");
        Assert.True(fileIndexes["filename_unique"]["unique"].ToBoolean());
        var chunkIndexes = await IndexesAsync(racing[0], "rawFiles.chunks");
        Assert.True(chunkIndexes["files_id_1_n_1"]["unique"].ToBoolean());
        var artifactIndexes = await IndexesAsync(racing[0], "artifacts");
        Assert.Equal(new BsonDocument("ingestionId", 1), artifactIndexes["ingestionId"]["key"]);
        Assert.Equal(new BsonDocument("updatedAt", 1), artifactIndexes["updatedAt"]["key"]);
    }

    [Fact]
    public async Task Stored_version_uses_decimal128_standard_uuid_and_dates()
    {
        var store = await CreateStoreAsync();
        var version = NewVersion("r1", 1) with
        {
            Changes = [new CellChange("c", "count", -2m, "-2", "count", 71.8526m, "71.8526")],
        };
        await store.TryAppendVersionAsync(version, 0, Ct);

        var raw = await ((MongoReportStore)store).Database.GetCollection<BsonDocument>("reportVersions")
            .Find(new BsonDocument("reportKey", "r1")).SingleAsync(Ct);

        Assert.Equal(BsonBinarySubType.UuidStandard, raw["ingestionId"].AsBsonBinaryData.SubType);
        Assert.Equal(version.IngestionId, raw["ingestionId"].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard));
        Assert.Equal(Decimal128.Parse("71.8526"), raw["changes"][0]["newValue"].AsDecimal128);
        Assert.Equal(Decimal128.Parse("-2"), raw["changes"][0]["oldValue"].AsDecimal128);
        Assert.Equal(version.CreatedAt.UtcDateTime, raw["createdAt"].ToUniversalTime());
    }

    [Fact]
    public async Task PutRawFile_racing_puts_of_the_same_bytes_store_one_complete_copy()
    {
        var racing = Enumerable.Range(0, 6).Select(_ => NewStore()).ToList();
        await racing[0].InitializeAsync(Ct);
        // Several chunks (default chunk size 255 KiB), so a lost race would have chunks to get wrong.
        var bytes = new byte[700_000];
        new Random(42).NextBytes(bytes);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var puts = racing.Select(s => Task.Run(async () =>
        {
            await start.Task;
            return await s.PutRawFileAsync(bytes, "same.pdf", Ct);
        }, Ct)).ToList();
        start.SetResult();
        var results = await Task.WhenAll(puts);

        Assert.Single(results, r => !r.AlreadyStored);
        Assert.All(results, r => Assert.Equal(results[0].Sha256, r.Sha256));
        Assert.Equal(bytes, await racing[3].GetRawFileAsync(results[0].Sha256, Ct));
        var files = racing[0].Database.GetCollection<BsonDocument>("rawFiles.files");
        var file = await files.Find(new BsonDocument("filename", results[0].Sha256)).SingleAsync(Ct);
        var chunks = racing[0].Database.GetCollection<BsonDocument>("rawFiles.chunks");
        // Every losing upload removed its own chunks; the winner's are all there.
        Assert.Equal(3, await chunks.CountDocumentsAsync(new BsonDocument("files_id", file["_id"]), cancellationToken: Ct));
        Assert.Equal(3, await chunks.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Ct));
    }

    [Fact]
    public async Task TryAppendVersion_racing_stores_create_every_version_exactly_once()
    {
        const int Writers = 4;
        const int AppendsPerWriter = 15;
        var racing = Enumerable.Range(0, Writers).Select(_ => NewStore()).ToList();
        await racing[0].InitializeAsync(Ct);
        var created = new ConcurrentBag<Guid>();
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
                }
            }
        }, Ct)).ToList();
        start.SetResult();
        await Task.WhenAll(writers);

        var versions = await racing[1].ListVersionsAsync("race", Ct);
        Assert.Equal(Enumerable.Range(1, Writers * AppendsPerWriter), versions.Select(v => v.Version));
        Assert.Equal(created.Order(), versions.Select(v => v.IngestionId).Order());
        Assert.Equal(Writers * AppendsPerWriter, (await racing[2].GetHeadAsync("race", Ct))!.CurrentVersion);
    }

    [Fact]
    public async Task Writer_stopped_between_insert_and_head_move_leaves_a_committed_version_that_readers_and_redelivery_finish()
    {
        var store = (MongoReportStore)await CreateStoreAsync();
        var v1 = NewVersion("r1", 1);
        await store.TryAppendVersionAsync(v1, 0, Ct);
        // What a writer that died right after its insert leaves behind: version 2 without the head moving.
        var stopped = NewVersion("r1", 2);
        await store.Database.GetCollection<ReportVersionDocument>("reportVersions")
            .InsertOneAsync(ReportVersionDocument.From(stopped), cancellationToken: Ct);

        // Another worker that still believes the head is at 1 loses the compare-and-set ...
        Assert.Equal(AppendOutcome.Conflict, await store.TryAppendVersionAsync(NewVersion("r1", 2), 1, Ct));
        // ... and on reload sees the committed version, so it can go on from there.
        Assert.Equal(2, (await store.GetHeadAsync("r1", Ct))!.CurrentVersion);
        AssertSameVersion(stopped, await store.GetVersionAsync("r1", null, Ct));
        Assert.Equal(AppendOutcome.Appended, await store.TryAppendVersionAsync(NewVersion("r1", 3), 2, Ct));
        Assert.Equal(AppendOutcome.DuplicateIngestion, await store.TryAppendVersionAsync(stopped, 1, Ct));
        Assert.Equal([1, 2, 3], (await store.ListVersionsAsync("r1", Ct)).Select(v => v.Version));
        Assert.Equal(3, (await store.GetHeadAsync("r1", Ct))!.CurrentVersion);
    }

    [Fact]
    public async Task Redelivery_of_a_stopped_first_version_creates_the_missing_head()
    {
        var store = (MongoReportStore)await CreateStoreAsync();
        var stopped = NewVersion("r1", 1);
        await store.Database.GetCollection<ReportVersionDocument>("reportVersions")
            .InsertOneAsync(ReportVersionDocument.From(stopped), cancellationToken: Ct);
        Assert.Empty(await store.ListHeadsAsync(Ct));

        Assert.Equal(AppendOutcome.DuplicateIngestion, await store.TryAppendVersionAsync(stopped, 0, Ct));

        var head = Assert.Single(await store.ListHeadsAsync(Ct));
        Assert.Equal(1, head.CurrentVersion);
        Assert.Equal(stopped.ContentHash, head.ContentHash);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private MongoReportStore NewStore(TimeProvider? timeProvider = null)
    {
        Assert.SkipWhen(Uri is null, SkipReason);
        var store = new MongoReportStore(new MongoStoreOptions
        {
            ConnectionString = Uri!,
            DatabaseName = databaseName,
            InitializeRetryAttempts = 1,
            InitializeRetryDelay = TimeSpan.FromMilliseconds(100),
        }, timeProvider: timeProvider);
        stores.Add(store);
        return store;
    }

    private static async Task<Dictionary<string, BsonDocument>> IndexesAsync(MongoReportStore store, string collection)
    {
        using var cursor = await store.Database.GetCollection<BsonDocument>(collection).Indexes.ListAsync(Ct);
        return (await cursor.ToListAsync(Ct)).ToDictionary(i => i["name"].AsString);
    }
}

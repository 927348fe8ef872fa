using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.Storage.Mongo;
using MongoDB.Bson;

namespace IngestionPipeline.Infrastructure.Tests;

/// <summary>
/// The listing queries on MongoDB use the indexes created at start-up: the winning plan of each is an index scan in
/// key order, with no collection scan and no in-memory sort; counts and retention by outcome answer like SQLite.
/// Runs only when <c>MONGODB_URI</c> names a server (skipped with a reason otherwise).
/// </summary>
public sealed class MongoReportQueryTests : IAsyncDisposable
{
    private static readonly string? Uri = Environment.GetEnvironmentVariable(MongoReportStoreTests.UriVariable) is { Length: > 0 } uri ? uri : null;

    private readonly string databaseName = $"ingestion_query_test_{Guid.NewGuid():N}";
    private MongoReportStore? store;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (store is not null)
        {
            await store.Database.Client.DropDatabaseAsync(databaseName);
            store.Dispose();
        }
    }

    [Theory]
    [InlineData("year", "year__id")]
    [InlineData("template", "templateVersion__id")]
    [InlineData("hasFindings", "_id_findingCount")]
    [InlineData("none", "_id_")]
    public async Task Listing_queries_use_an_index_in_key_order(string filter, string index)
    {
        var heads = await StoreWithHeadsAsync();
        var query = filter switch
        {
            "year" => new ReportQuery { Year = 2020, AfterKey = "2020-0100" },
            "template" => new ReportQuery { TemplateVersion = "GB2019", AfterKey = "2016" },
            "hasFindings" => new ReportQuery { HasFindings = true },
            _ => new ReportQuery { AfterKey = "2018" },
        };

        var plan = (await heads.ExplainQueryHeadsAsync(query with { Limit = 101 }, Ct)).ToJson();

        Assert.Contains("IXSCAN", plan, StringComparison.Ordinal);
        Assert.Contains(index, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("COLLSCAN", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("\"SORT\"", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counts_match_the_in_memory_reference()
    {
        var heads = await StoreWithHeadsAsync();
        var all = await heads.ListHeadsAsync(Ct);

        foreach (var query in new[] { new ReportQuery(), new ReportQuery { Year = 2020 }, new ReportQuery { HasFindings = false, TemplateVersion = "gb2021" }, new ReportQuery { Organization = "机关01" } })
        {
            Assert.Equal((query with { Limit = int.MaxValue }).Apply(all).Count, await heads.CountHeadsAsync(query, Ct));
        }
    }

    private async Task<MongoReportStore> StoreWithHeadsAsync()
    {
        Assert.SkipWhen(Uri is null, MongoReportStoreTests.SkipReason);
        store = new MongoReportStore(new MongoStoreOptions
        {
            ConnectionString = Uri!,
            DatabaseName = databaseName,
            InitializeRetryAttempts = 1,
            InitializeRetryDelay = TimeSpan.FromMilliseconds(100),
        });
        await store.InitializeAsync(Ct);
        for (var i = 0; i < 300; i++)
        {
            var year = 2015 + (i % 10);
            await store.TryAppendVersionAsync(new ReportVersionRecord(
                $"{year}-{i:D4}", 1, null, Guid.NewGuid(), Sha256Hex.Of($"{i}"), "f.pdf", $"c{i}", "fp", $"机关{i:D4}", null, "北京市",
                year, year < 2021 ? "gb2019" : "gb2021", i % 3, "{}", [], DateTimeOffset.UnixEpoch.AddDays(i)), 0, Ct);
        }

        return store;
    }
}

using System.Net;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.Storage.Mongo;
using IngestionPipeline.Infrastructure.Storage.Sqlite;
using IngestionPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;

namespace IngestionPipeline.Api.Tests;

/// <summary>
/// The API on the store its configuration names (the <c>Storage</c> section read by ServiceDefaults, as in the worker
/// and the CLI): SQLite in <c>Storage:DataDirectory</c>, or MongoDB at <c>Storage:MongoUri</c>. The MongoDB test needs
/// a server named by <c>MONGODB_URI</c> and is reported as skipped without one (no fake stands in for it).
/// </summary>
public sealed class StoreChoiceTests
{
    private const string MongoUriVariable = "MONGODB_URI";

    private const string MongoSkipReason =
        "MONGODB_URI is not set: no MongoDB server on this machine; the API on the MongoDB store was not tested";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Api_on_the_sqlite_store_of_Storage_DataDirectory_ingests_and_serves_a_report()
    {
        await using var host = await ApiTestHost.StartAsync();

        Assert.IsType<SqliteReportStore>(host.Store);
        var key = await IngestAndReadBackAsync(host);
        Assert.True(File.Exists(Path.Combine(host.DataDirectory, "ingestion.db")));
        Assert.NotNull(await host.Store.GetHeadAsync(key, Ct));
    }

    [Fact]
    public async Task Api_on_the_mongodb_store_of_Storage_MongoUri_ingests_and_serves_a_report()
    {
        var uri = Environment.GetEnvironmentVariable(MongoUriVariable);
        if (string.IsNullOrWhiteSpace(uri))
        {
            Assert.Skip(MongoSkipReason);
        }

        var database = $"ingestion_api_test_{Guid.NewGuid():N}";
        using var client = new MongoClient(uri);
        try
        {
            await using var host = await ApiTestHost.StartAsync(new Dictionary<string, string?>
            {
                ["Storage:MongoUri"] = uri,
                ["Storage:MongoDatabase"] = database,
            });

            Assert.IsType<MongoReportStore>(host.Store);
            var key = await IngestAndReadBackAsync(host);

            // The version is in MongoDB, in the configured database, and not in the (unused) data directory.
            var options = host.App.Services.GetRequiredService<MongoStoreOptions>();
            Assert.Equal(database, options.DatabaseName);
            var heads = client.GetDatabase(database).GetCollection<BsonDocument>(options.ReportHeadsCollection);
            Assert.Equal(1, await heads.CountDocumentsAsync(new BsonDocument("_id", key), cancellationToken: Ct));
            Assert.False(File.Exists(Path.Combine(host.DataDirectory, "ingestion.db")));
        }
        finally
        {
            await client.DropDatabaseAsync(database, CancellationToken.None);
        }
    }

    /// <summary>Uploads the first sample, waits for its version and checks that the API serves the stored document; returns the report key.</summary>
    private static async Task<string> IngestAndReadBackAsync(ApiTestHost host)
    {
        var sample = RepositoryPaths.SampleFiles[0];
        var id = await host.UploadAsync(await File.ReadAllBytesAsync(sample, Ct), Path.GetFileName(sample));
        var outcome = await host.WaitForOutcomeAsync(id);
        Assert.Equal(IngestionStatus.VersionCreated, outcome.Status);
        var key = outcome.ReportKey!;

        var stored = await host.Store.GetVersionAsync(key, null, Ct);
        Assert.NotNull(stored);
        using var response = await host.Client.GetAsync(new Uri($"/reports/{Uri.EscapeDataString(key)}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(stored.DocumentJson, await response.Content.ReadAsStringAsync(Ct));
        return key;
    }
}

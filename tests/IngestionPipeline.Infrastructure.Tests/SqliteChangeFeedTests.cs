using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace IngestionPipeline.Infrastructure.Tests;

public sealed class SqliteChangeFeedTests : ChangeFeedContractTests, IAsyncDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "ingestion-feed-tests", Guid.NewGuid().ToString("N"));
    private readonly List<SqliteReportStore> stores = [];

    protected override async Task<IReportStore> CreateStoreAsync()
    {
        var store = new SqliteReportStore(new SqliteStoreOptions { DataDirectory = dataDirectory });
        stores.Add(store);
        await store.InitializeAsync(Ct);
        return store;
    }

    protected override async Task<IReportStore> ReopenStoreAsync(IReportStore store)
    {
        await ((SqliteReportStore)store).DisposeAsync();
        return await CreateStoreAsync();
    }

    [Fact]
    public async Task Migration_numbers_the_final_ingestions_of_an_existing_database_in_the_order_they_ended()
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, "ingestion.db");
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var open = Guid.NewGuid();
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                {SqliteSchema.Migrations[0]}
                {SqliteSchema.Migrations[1]}
                PRAGMA user_version = 2;
                INSERT INTO raw_files VALUES ('{new string('a', 64)}', 1, x'00', 'a.pdf', '2025-01-01T00:00:00.0000000+00:00');
                INSERT INTO ingestions (ingestion_id, raw_sha256, file_name, status, submitted_at, updated_at, stage, reason_code, reason)
                VALUES ('{second:D}', '{new string('a', 64)}', 'a.pdf', 'Rejected', '2025-01-01T00:00:00.0000000+00:00', '2025-01-01T10:00:00.0000000+08:00', 'extract', 'CORRUPT_FILE', 'broken'),
                       ('{first:D}', '{new string('a', 64)}', 'a.pdf', 'Rejected', '2025-01-01T00:00:00.0000000+00:00', '2025-01-01T01:00:00.0000000+00:00', 'extract', 'CORRUPT_FILE', 'broken'),
                       ('{open:D}', '{new string('a', 64)}', 'a.pdf', 'Normalized', '2025-01-01T00:00:00.0000000+00:00', '2025-01-01T00:30:00.0000000+00:00', 'normalize', NULL, NULL);
                """;
            await command.ExecuteNonQueryAsync(Ct);
        }

        var store = (IChangeFeed)await CreateStoreAsync();
        var entries = await store.ReadChangesAsync(new ChangeQuery(), Ct);

        Assert.Equal([first, second], entries.Select(e => e.IngestionId));
        Assert.All(entries, e => Assert.Equal("CORRUPT_FILE", e.ReasonCode));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in stores)
        {
            await store.DisposeAsync();
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
}

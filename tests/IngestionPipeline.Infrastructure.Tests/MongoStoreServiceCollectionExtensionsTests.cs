using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.Infrastructure.Storage.Mongo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Infrastructure.Tests;

/// <summary>Offline: registration, and start-up retries against a port where nothing listens.</summary>
public sealed class MongoStoreServiceCollectionExtensionsTests
{
    [Fact]
    public void AddMongoReportStore_registers_one_store_behind_every_port_without_connecting()
    {
        using var provider = new ServiceCollection()
            .AddMongoReportStore("mongodb://127.0.0.1:1")
            .BuildServiceProvider();

        var store = provider.GetRequiredService<IReportStore>();

        var mongo = Assert.IsType<MongoReportStore>(store);
        Assert.Equal("ingestion", mongo.Database.DatabaseNamespace.DatabaseName);
        Assert.Equal("ingestion", provider.GetRequiredService<MongoStoreOptions>().DatabaseName);
        Assert.Same(store, provider.GetRequiredService<IRawFileStore>());
        Assert.Same(store, provider.GetRequiredService<IIngestionStore>());
        Assert.Same(store, provider.GetRequiredService<IArtifactStore>());
        Assert.Same(store, provider.GetRequiredService<IReportVersionStore>());
    }

    [Fact]
    public void AddMongoReportStore_uses_the_given_database_name()
    {
        using var provider = new ServiceCollection()
            .AddMongoReportStore("mongodb://127.0.0.1:1", "reports_2025")
            .BuildServiceProvider();

        Assert.Equal("reports_2025", ((MongoReportStore)provider.GetRequiredService<IReportStore>()).Database.DatabaseNamespace.DatabaseName);
    }

    [Fact]
    public async Task InitializeAsync_server_unreachable_retries_then_throws_timeout()
    {
        var logger = new RecordingLogger();
        using var store = new MongoReportStore(
            new MongoStoreOptions
            {
                // Port 1: connection refused at once; server selection gives up after 200 ms.
                ConnectionString = "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200&connectTimeoutMS=200",
                InitializeRetryAttempts = 2,
                InitializeRetryDelay = TimeSpan.FromMilliseconds(10),
            },
            logger);

        await Assert.ThrowsAsync<TimeoutException>(() => store.InitializeAsync(TestContext.Current.CancellationToken));

        Assert.Equal(2, logger.Warnings);
    }

    [Fact]
    public async Task InitializeAsync_with_retries_off_fails_after_one_attempt()
    {
        var logger = new RecordingLogger();
        using var store = new MongoReportStore(
            new MongoStoreOptions
            {
                ConnectionString = "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200&connectTimeoutMS=200",
                InitializeRetryAttempts = 0,
            },
            logger);

        await Assert.ThrowsAsync<TimeoutException>(() => store.InitializeAsync(TestContext.Current.CancellationToken));

        Assert.Equal(0, logger.Warnings);
    }

    private sealed class RecordingLogger : ILogger<MongoReportStore>
    {
        public int Warnings { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings++;
            }
        }
    }
}

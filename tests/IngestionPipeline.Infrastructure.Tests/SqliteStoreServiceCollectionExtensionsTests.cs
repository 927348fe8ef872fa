using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.Infrastructure.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Infrastructure.Tests;

public sealed class SqliteStoreServiceCollectionExtensionsTests
{
    [Fact]
    public void AddSqliteReportStore_registers_one_store_behind_every_port()
    {
        using var provider = new ServiceCollection()
            .AddSqliteReportStore(Path.Combine(Path.GetTempPath(), "unused-store-dir"))
            .BuildServiceProvider();

        var store = provider.GetRequiredService<IReportStore>();

        Assert.IsType<SqliteReportStore>(store);
        Assert.Same(store, provider.GetRequiredService<IRawFileStore>());
        Assert.Same(store, provider.GetRequiredService<IIngestionStore>());
        Assert.Same(store, provider.GetRequiredService<IArtifactStore>());
        Assert.Same(store, provider.GetRequiredService<IReportVersionStore>());
        Assert.Same(store, provider.GetRequiredService<IReportStore>());
    }
}

using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Cli.Hosting;

/// <summary>Opens the embedded store for the read commands (no bus).</summary>
internal static class StoreAccess
{
    public static async Task<(ServiceProvider Services, IReportStore Store)?> OpenExistingAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(dataDirectory, "ingestion.db")))
        {
            await Console.Error.WriteLineAsync($"No store at {Path.GetFullPath(dataDirectory)} (run `ingest run <files> --data {dataDirectory}` first).");
            return null;
        }

        var services = new ServiceCollection().AddLogging().AddSqliteReportStore(dataDirectory).BuildServiceProvider();
        var store = services.GetRequiredService<IReportStore>();
        await store.InitializeAsync(cancellationToken);
        return (services, store);
    }
}

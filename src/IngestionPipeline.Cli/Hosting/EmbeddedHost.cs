using IngestionPipeline.Components.Extraction;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog.Events;

namespace IngestionPipeline.Cli.Hosting;

/// <summary>
/// Builds the in-process pipeline host of <c>run</c> on <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>:
/// in-memory bus, SQLite store, logs to a file under the data directory (errors also to stderr).
/// </summary>
internal static class EmbeddedHost
{
    public static IHost Build(string dataDirectory, bool inProcessExtraction = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.AddServiceDefaults(new ServiceDefaultsSettings
        {
            Role = PipelineRole.Embedded,
            Store = PipelineStore.Sqlite(dataDirectory),
            LogFile = Path.Combine(dataDirectory, "logs", "ingest-.log"),
            ConsoleMinimumLevel = LogEventLevel.Error,
            ConsoleToStandardError = true,
            ExportMetrics = false,
        });
        if (inProcessExtraction)
        {
            builder.Services.Configure<ExtractionOptions>(o => o.Mode = ExtractionMode.InProcess);
        }

        return builder.Build();
    }

    public static async Task<IReportStore> OpenStoreAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IReportStore>();
        await store.InitializeAsync(cancellationToken);
        return store;
    }
}

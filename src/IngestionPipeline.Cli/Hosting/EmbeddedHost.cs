using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Observability;
using IngestionPipeline.Components.Extraction;
using IngestionPipeline.Core.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Serilog.Events;

namespace IngestionPipeline.Cli.Hosting;

/// <summary>Builds the in-process pipeline host of <c>run</c>: in-memory bus, SQLite store, logs to a file under the data directory.</summary>
internal static class EmbeddedHost
{
    public static IHost Build(string dataDirectory, bool inProcessExtraction = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        var logFile = Path.Combine(dataDirectory, "logs", "ingest-.log");
        builder.Services.AddSerilog(log => log
            .MinimumLevel.Information()
            .MinimumLevel.Override("MassTransit", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.With<UntrustedTextEnricher>()
            .WriteTo.File(logFile, rollingInterval: RollingInterval.Day, outputTemplate: "{Timestamp:O} [{Level:u3}] {IngestionId} {SourceContext}: {Message:lj}{NewLine}{Exception}")
            .WriteTo.Console(restrictedToMinimumLevel: LogEventLevel.Error, standardErrorFromLevel: LogEventLevel.Verbose));
        builder.Services.AddEmbeddedPipeline(dataDirectory);
        if (inProcessExtraction)
        {
            builder.Services.Configure<ExtractionOptions>(o => o.Mode = ExtractionMode.InProcess);
        }
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return builder.Build();
    }

    public static async Task<IReportStore> OpenStoreAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IReportStore>();
        await store.InitializeAsync(cancellationToken);
        return store;
    }
}

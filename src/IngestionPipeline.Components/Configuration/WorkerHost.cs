using IngestionPipeline.Core.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace IngestionPipeline.Components.Configuration;

/// <summary>What a worker process hosts; anything left null is read from configuration.</summary>
public sealed class WorkerHostSettings
{
    /// <summary>Command-line style configuration arguments (<c>--Pipeline:Stages:0=extract</c>); none for the CLI.</summary>
    public string[] Args { get; init; } = [];

    /// <summary>Where appsettings.json is looked for; null is the current directory.</summary>
    public string? ContentRootPath { get; init; }

    /// <summary>The store; null reads <c>Storage:MongoUri</c>, else <c>Storage:DataDirectory</c> (default <c>./data</c>).</summary>
    public PipelineStore? Store { get; init; }

    /// <summary>The broker; null reads <c>RabbitMq:Uri</c> (default <see cref="WorkerHost.DefaultRabbitMqUri"/>).</summary>
    public Uri? RabbitMqUri { get; init; }

    /// <summary>Applied after the <c>Pipeline</c> section (stages, concurrency, queue prefix).</summary>
    public Action<PipelineOptions>? ConfigurePipeline { get; init; }

    /// <summary>JSON log lines; null reads <c>Logging:Json</c>.</summary>
    public bool? JsonLogs { get; init; }
}

/// <summary>
/// The worker host: the stages of <see cref="PipelineOptions"/> on RabbitMQ against one store, logging to the
/// console with the ingestion id on every line, stopping gracefully (in-flight messages finish) on Ctrl+C or
/// SIGTERM. Used by <c>src/IngestionPipeline.Worker</c> and by <c>ingest worker</c>.
/// </summary>
public static class WorkerHost
{
    public const string DefaultRabbitMqUri = "amqp://guest:guest@localhost:5672/";

    /// <summary>Time the bus gets to finish in-flight messages on shutdown.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    public static HostApplicationBuilder CreateBuilder(WorkerHostSettings? settings = null)
    {
        settings ??= new WorkerHostSettings();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = settings.Args, ContentRootPath = settings.ContentRootPath });
        var configuration = builder.Configuration;
        var json = settings.JsonLogs ?? configuration.GetValue<bool>("Logging:Json");
        builder.Services.AddSerilog((_, log) =>
        {
            log.MinimumLevel.Information()
                .MinimumLevel.Override("MassTransit", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                .ReadFrom.Configuration(configuration)
                .Enrich.FromLogContext();
            if (json)
            {
                log.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                log.WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} [{Level:u3}] {IngestionId} {SourceContext}: {Message:lj}{NewLine}{Exception}");
            }
        });

        var store = settings.Store ?? StoreFrom(configuration);
        var rabbitMq = settings.RabbitMqUri ?? new Uri(configuration["RabbitMq:Uri"] is { Length: > 0 } uri ? uri : DefaultRabbitMqUri);
        builder.Services.AddRabbitMqPipeline(store, rabbitMq, configuration, settings.ConfigurePipeline);
        builder.Services.AddSingleton(new WorkerDescription(store, rabbitMq));
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = StopTimeout;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = StopTimeout + TimeSpan.FromSeconds(5));
        return builder;
    }

    /// <summary>The store named by configuration: <c>Storage:MongoUri</c> if set, else SQLite in <c>Storage:DataDirectory</c>.</summary>
    public static PipelineStore StoreFrom(IConfiguration configuration) =>
        configuration["Storage:MongoUri"] is { Length: > 0 } mongo
            ? PipelineStore.Mongo(mongo, configuration["Storage:MongoDatabase"] is { Length: > 0 } db ? db : null)
            : PipelineStore.Sqlite(configuration["Storage:DataDirectory"] is { Length: > 0 } dir ? dir : "./data");

    /// <summary>
    /// Initializes the store, starts the bus (returns once its endpoints are up), logs a "Worker started" line,
    /// then waits until Ctrl+C, SIGTERM or <paramref name="cancellationToken"/> and stops gracefully.
    /// </summary>
    public static async Task RunAsync(IHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        await host.Services.GetRequiredService<IReportStore>().InitializeAsync(cancellationToken);
        await host.StartAsync(cancellationToken);
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PipelineOptions>>().Value;
        var description = host.Services.GetRequiredService<WorkerDescription>();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("IngestionPipeline.Worker");
        logger.LogInformation(
            "Worker started: stages {Stages}, queue prefix {QueuePrefix}, store {Store}, broker {Broker}",
            string.Join(',', PipelineOptions.AllStages.Where(options.Runs)),
            options.QueuePrefix ?? "(none)",
            description.Store.ToString(),
            $"{description.RabbitMqUri.Host}:{description.RabbitMqUri.Port}");
        try
        {
            await host.WaitForShutdownAsync(cancellationToken);
        }
        finally
        {
            logger.LogInformation("Worker stopped");
        }
    }

    private sealed record WorkerDescription(PipelineStore Store, Uri RabbitMqUri);
}

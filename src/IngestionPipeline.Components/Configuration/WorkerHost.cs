using IngestionPipeline.Components.Observability;
using IngestionPipeline.Core.Storage;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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

    /// <summary>
    /// Where the management listener (<c>/health/live</c>, <c>/health/ready</c>, <c>/metrics</c>) binds, <c>;</c>-separated
    /// (e.g. <c>http://0.0.0.0:8080</c>, or port 0 for any free port); empty turns it off; null reads <c>Management:Urls</c>.
    /// </summary>
    public string? ManagementUrls { get; init; }
}

/// <summary>
/// The worker host: the stages of <see cref="PipelineOptions"/> on RabbitMQ against one store, logging to the
/// console with the ingestion id on every line, stopping gracefully (in-flight messages finish) on Ctrl+C or
/// SIGTERM. Used by <c>src/IngestionPipeline.Worker</c> and by <c>ingest worker</c>.
/// It is a web host so that it can serve the optional management listener (health and Prometheus metrics,
/// see <see cref="WorkerHostSettings.ManagementUrls"/>); without one it binds no port.
/// </summary>
public static class WorkerHost
{
    public const string DefaultRabbitMqUri = "amqp://guest:guest@localhost:5672/";

    /// <summary>Time the bus gets to finish in-flight messages on shutdown.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    public static WebApplicationBuilder CreateBuilder(WorkerHostSettings? settings = null)
    {
        settings ??= new WorkerHostSettings();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = settings.Args, ContentRootPath = settings.ContentRootPath });
        var configuration = builder.Configuration;
        var json = settings.JsonLogs ?? configuration.GetValue<bool>("Logging:Json");
        builder.Services.AddSerilog((_, log) =>
        {
            log.MinimumLevel.Information()
                .MinimumLevel.Override("MassTransit", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                .ReadFrom.Configuration(configuration)
                .Enrich.FromLogContext()
                .Enrich.With<UntrustedTextEnricher>();
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
        // A worker waits for no outcome: no tracker queue receiving every outcome event of the pipeline.
        builder.Services.AddRabbitMqPipeline(store, rabbitMq, configuration, o =>
        {
            o.TrackOutcomes = false;
            settings.ConfigurePipeline?.Invoke(o);
        });
        var managementUrls = (settings.ManagementUrls ?? configuration["Management:Urls"] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        builder.Services.AddSingleton(new WorkerDescription(store, rabbitMq, managementUrls.Length > 0));
        if (managementUrls.Length > 0)
        {
            builder.WebHost.UseUrls(managementUrls);
            builder.Services.AddPipelineHealthChecks(broker: true);
            builder.Services.AddPrometheusMetrics();
            builder.Services.AddTransient<IStartupFilter, ManagementStartupFilter>();
        }
        else
        {
            builder.Services.Replace(ServiceDescriptor.Singleton<IServer, NoHttpServer>());
        }

        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            // Without a management listener a broker that refuses the connection fails the start (a mistyped
            // --rabbitmq exits with the error). With one, the host starts anyway and MassTransit keeps
            // reconnecting: live answers, ready says 503 "broker", and an orchestrator restarts nothing.
            // RunAsync then waits for a healthy bus before it reports "Worker started".
            o.WaitUntilStarted = managementUrls.Length == 0;
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
    /// Initializes the store, starts the host, waits until the bus's endpoints are up, logs a "Worker started"
    /// line, then waits until Ctrl+C, SIGTERM or <paramref name="cancellationToken"/> and stops gracefully.
    /// </summary>
    public static async Task RunAsync(IHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        await host.Services.GetRequiredService<IReportStore>().InitializeAsync(cancellationToken);
        await host.StartAsync(cancellationToken);
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PipelineOptions>>().Value;
        var description = host.Services.GetRequiredService<WorkerDescription>();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("IngestionPipeline.Worker");
        if (description.Management)
        {
            var addresses = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            logger.LogInformation("Management endpoints /health/live, /health/ready, /metrics on {ManagementUrls}", string.Join(' ', addresses));
            if (!await WaitForHealthyBusAsync(host, cancellationToken))
            {
                return; // stopped while the broker was still unreachable
            }
        }

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

    /// <summary>Polls the bus health until healthy; false when the host stops (or is cancelled) first.</summary>
    private static async Task<bool> WaitForHealthyBusAsync(IHost host, CancellationToken cancellationToken)
    {
        var bus = host.Services.GetRequiredService<IBusControl>();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(
            cancellationToken, host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        try
        {
            while (bus.CheckHealth().Status != BusHealthStatus.Healthy)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), stopping.Token);
            }

            return true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await host.StopAsync(CancellationToken.None);
            return false;
        }
    }

    private sealed record WorkerDescription(PipelineStore Store, Uri RabbitMqUri, bool Management);
}

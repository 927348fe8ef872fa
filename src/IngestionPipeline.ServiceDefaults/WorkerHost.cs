using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Retention;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
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

namespace IngestionPipeline.ServiceDefaults;

/// <summary>What a worker process hosts; anything left null is read from configuration.</summary>
public sealed class WorkerHostSettings
{
    /// <summary>Command-line style configuration arguments (<c>--Pipeline:Stages:0=extract</c>); none for the CLI.</summary>
    public string[] Args { get; init; } = [];

    /// <summary>
    /// Where appsettings*.json are looked for; null is the application's base directory (<see cref="AppContext.BaseDirectory"/>),
    /// so that a worker started from any folder reads the configuration shipped next to it.
    /// </summary>
    public string? ContentRootPath { get; init; }

    /// <summary>The store; null reads <c>Storage:MongoUri</c>, else <c>Storage:DataDirectory</c> (default <c>./data</c>).</summary>
    public PipelineStore? Store { get; init; }

    /// <summary>The broker; null reads <c>RabbitMq:Uri</c> (default <see cref="RabbitMqOptions.DefaultUri"/>).</summary>
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

    /// <summary>How long a worker without a management listener waits for an unreachable broker; null reads <c>RabbitMq:StartupTimeout</c>.</summary>
    public TimeSpan? BrokerStartupTimeout { get; init; }
}

/// <summary>
/// The worker host: <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/> in the <see cref="PipelineRole.Worker"/>
/// role (the stages of <see cref="PipelineOptions"/> on RabbitMQ against one store, logging to the console with the
/// ingestion id on every line), stopping gracefully (in-flight messages finish) on Ctrl+C or
/// SIGTERM. Used by <c>src/IngestionPipeline.Worker</c> and by <c>ingest worker</c>.
/// It is a web host so that it can serve the optional management listener (health and Prometheus metrics,
/// see <see cref="WorkerHostSettings.ManagementUrls"/>); without one it binds no port.
/// </summary>
public static class WorkerHost
{
    public static WebApplicationBuilder CreateBuilder(WorkerHostSettings? settings = null)
    {
        settings ??= new WorkerHostSettings();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = settings.Args, ContentRootPath = settings.ContentRootPath ?? AppContext.BaseDirectory });
        var managementUrls = (settings.ManagementUrls ?? builder.Configuration["Management:Urls"] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        builder.AddServiceDefaults(new ServiceDefaultsSettings
        {
            Role = PipelineRole.Worker,
            Store = settings.Store,
            RabbitMqUri = settings.RabbitMqUri,
            JsonLogs = settings.JsonLogs,
            // Metrics only for a /metrics endpoint that someone can scrape.
            ExportMetrics = managementUrls.Length > 0,
            // A worker waits for no outcome: no tracker queue receiving every outcome event of the pipeline.
            ConfigurePipeline = o =>
            {
                o.TrackOutcomes = false;
                settings.ConfigurePipeline?.Invoke(o);
            },
        });
        var startupTimeout = settings.BrokerStartupTimeout
            ?? builder.Configuration.GetSection(RabbitMqOptions.SectionName).GetValue<TimeSpan?>(nameof(RabbitMqOptions.StartupTimeout))
            ?? RabbitMqOptions.DefaultStartupTimeout;
        builder.Services.AddSingleton(new WorkerManagement(managementUrls.Length > 0, startupTimeout));
        builder.Services.AddArtifactRetention(); // Pipeline:Artifacts:Retention, see ArtifactRetentionService
        if (managementUrls.Length > 0)
        {
            builder.WebHost.UseUrls(managementUrls);
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
        });
        return builder;
    }

    /// <summary>
    /// Checks the store path, the extraction child and (without a management listener) the broker, retried for
    /// <see cref="WorkerHostSettings.BrokerStartupTimeout"/>: a <see cref="StartupProblemException"/> with one line naming
    /// the setting when one fails. Then initializes the store, starts the host, waits until the bus's endpoints are up, logs a "Worker started"
    /// line, then waits until Ctrl+C, SIGTERM or <paramref name="cancellationToken"/> and stops gracefully.
    /// </summary>
    public static async Task RunAsync(IHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var management = host.Services.GetRequiredService<WorkerManagement>();
        await StartupChecks.EnsureAsync(host.Services, management.BrokerStartupTimeout, checkBroker: !management.Enabled, cancellationToken);
        await host.Services.GetRequiredService<IReportStore>().InitializeAsync(cancellationToken);
        await host.StartAsync(cancellationToken);
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PipelineOptions>>().Value;
        var composition = host.Services.GetRequiredService<HostComposition>();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("IngestionPipeline.Worker");
        if (management.Enabled)
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
            composition.Store.ToString(),
            composition.BrokerDescription);
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

    private sealed record WorkerManagement(bool Enabled, TimeSpan BrokerStartupTimeout);
}

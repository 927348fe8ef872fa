using IngestionPipeline.Components.Callbacks;
using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Observability;
using IngestionPipeline.Infrastructure.DependencyInjection;
using MassTransit;
using MassTransit.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace IngestionPipeline.ServiceDefaults;

/// <summary>
/// The one host set-up of the worker, the API and the CLI, in the manner of .NET Aspire's ServiceDefaults: logging,
/// telemetry, health checks, options validated on start, and the choice of store and transport from configuration.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Time the bus gets to finish in-flight messages on shutdown.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Configuration key of the OTLP collector (OpenTelemetry's environment variable); set, traces and metrics go there too.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private const string TextTemplate = "{Timestamp:HH:mm:ss} [{Level:u3}] {IngestionId} {SourceContext}: {Message:lj}{NewLine}{Exception}";

    private const string FileTemplate = "{Timestamp:O} [{Level:u3}] {IngestionId} {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Sets up the host for <see cref="ServiceDefaultsSettings.Role"/>:
    /// <list type="bullet">
    /// <item>Serilog: <c>Information</c>, MassTransit and Microsoft at <c>Warning</c>, then the <c>Serilog</c> section; every
    /// string property escaped (<see cref="UntrustedTextEnricher"/>); console text, or compact JSON with <c>Logging:Json</c>.</item>
    /// <item>The store (<c>Storage</c> section, <see cref="StorageOptions"/>) and the bus of the role (<c>RabbitMq:Uri</c>,
    /// <see cref="RabbitMqOptions"/>; <c>Pipeline</c> section). The store and broker settings are validated right here (the
    /// registrations depend on them: an <see cref="OptionsValidationException"/> naming the key), the others on start.</item>
    /// <item>Health checks (<see cref="PipelineHealthChecks"/>: store, and broker on RabbitMQ), the Prometheus metrics of
    /// <see cref="PipelineTelemetry"/>, and OTLP traces and metrics when <see cref="OtlpEndpointKey"/> is set.</item>
    /// </list>
    /// The host must still call <c>IReportStore.InitializeAsync</c> once, and map the health and metrics endpoints.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, ServiceDefaultsSettings? settings = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        settings ??= new ServiceDefaultsSettings();
        var services = builder.Services;
        var configuration = builder.Configuration;

        builder.AddPipelineLogging(settings);
        var composition = ResolveComposition(services, configuration, settings);
        services.AddSingleton(composition);
        composition.Store.Register(services);
        services.AddPipelineBus(configuration, settings, composition);

        services.AddPipelineHealthChecks(broker: composition.RabbitMqUri is not null);
        builder.AddPipelineTelemetry(settings);
        services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = StopTimeout;
        });
        services.Configure<HostOptions>(o => o.ShutdownTimeout = StopTimeout + TimeSpan.FromSeconds(5));
        return builder;
    }

    /// <summary>The store and broker named by <paramref name="settings"/>, else by configuration (validated here: the bus depends on them).</summary>
    private static HostComposition ResolveComposition(IServiceCollection services, IConfiguration configuration, ServiceDefaultsSettings settings)
    {
        var store = settings.Store;
        if (store is null)
        {
            var storage = BindValidated(services, configuration, StorageOptions.SectionName, new StorageOptions(), new StorageOptionsValidator());
            store = storage.ToStore();
        }

        Uri? broker = null;
        if (settings.Role is PipelineRole.Worker or PipelineRole.Intake)
        {
            broker = settings.RabbitMqUri;
            if (broker is null)
            {
                var rabbitMq = BindValidated(services, configuration, RabbitMqOptions.SectionName, new RabbitMqOptions(), new RabbitMqOptionsValidator());
                broker = rabbitMq.BrokerUri();
            }

            if (broker is null && settings.Role == PipelineRole.Worker)
            {
                broker = new Uri(RabbitMqOptions.DefaultUri);
            }
        }

        return new HostComposition(settings.Role, store, broker);
    }

    /// <summary>
    /// Binds <paramref name="sectionName"/> now (the registrations depend on it) and fails right away, with the same
    /// messages <c>ValidateOnStart</c> would give, when it is invalid; the options stay available as <c>IOptions&lt;T&gt;</c>.
    /// </summary>
    private static T BindValidated<T>(IServiceCollection services, IConfiguration configuration, string sectionName, T options, IValidateOptions<T> validator)
        where T : class
    {
        configuration.GetSection(sectionName).Bind(options);
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures);
        }

        services.AddSingleton(validator);
        services.AddOptions<T>().BindConfiguration(sectionName).ValidateOnStart();
        return options;
    }

    private static void AddPipelineBus(this IServiceCollection services, IConfiguration configuration, ServiceDefaultsSettings settings, HostComposition composition)
    {
        switch (composition.Role)
        {
            case PipelineRole.Worker:
                services.AddRabbitMqPipeline(composition.RabbitMqUri!, configuration, settings.ConfigurePipeline);
                break;
            case PipelineRole.Intake when composition.RabbitMqUri is not null:
                // Submit only, to the queues of the workers' Pipeline:QueuePrefix; never consume a stage queue.
                var pipeline = new PipelineOptions();
                configuration.GetSection(PipelineOptions.SectionName).Bind(pipeline);
                settings.ConfigurePipeline?.Invoke(pipeline);
                services.AddRabbitMqIntake(
                    composition.RabbitMqUri,
                    string.IsNullOrWhiteSpace(pipeline.QueuePrefix) ? null : pipeline.QueuePrefix,
                    bus => bus.AddCallbackDelivery(configuration));
                break;
            case PipelineRole.Intake:
            case PipelineRole.Embedded:
                services.AddEmbeddedPipeline(settings.ConfigurePipeline);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(settings), composition.Role, "Unknown pipeline role.");
        }
    }

    private static void AddPipelineLogging(this IHostApplicationBuilder builder, ServiceDefaultsSettings settings)
    {
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
            if (settings.LogFile is { } logFile)
            {
                log.WriteTo.File(logFile, rollingInterval: RollingInterval.Day, outputTemplate: FileTemplate);
            }

            var consoleLevel = settings.ConsoleMinimumLevel ?? LevelAlias.Minimum;
            LogEventLevel? toStandardError = settings.ConsoleToStandardError ? LevelAlias.Minimum : null;
            if (json)
            {
                log.WriteTo.Console(new RenderedCompactJsonFormatter(), consoleLevel, standardErrorFromLevel: toStandardError);
            }
            else
            {
                log.WriteTo.Console(outputTemplate: TextTemplate, restrictedToMinimumLevel: consoleLevel, standardErrorFromLevel: toStandardError);
            }
        });
    }

    private static void AddPipelineTelemetry(this IHostApplicationBuilder builder, ServiceDefaultsSettings settings)
    {
        if (settings.ExportMetrics)
        {
            builder.Services.AddPrometheusMetrics();
        }

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        if (!otlp && settings.ConfigureTracing is null)
        {
            return;
        }

        // Traces only when someone takes them: a tracer provider without an exporter would record every span for nothing.
        // One trace per ingestion: the pipeline's intake and stage spans (PipelineTracing), MassTransit's publish/receive/consume
        // spans between them, and ASP.NET Core's requests (linked from the intake span).
        var telemetry = builder.Services.AddOpenTelemetry();
        telemetry.WithTracing(tracing =>
        {
            tracing.AddSource(PipelineTracing.SourceName, DiagnosticHeaders.DefaultListenerName, "Microsoft.AspNetCore");
            settings.ConfigureTracing?.Invoke(tracing);
        });
        if (!otlp)
        {
            return;
        }

        if (!settings.ExportMetrics)
        {
            builder.Services.AddPipelineMetrics();
            telemetry.WithMetrics(metrics => metrics.AddMeter(PipelineMetrics.MeterName, PipelineTelemetry.AdapterMeterNames, PipelineTelemetry.MassTransitMeterName));
        }

        telemetry.UseOtlpExporter();
    }
}

/// <summary>What <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/> chose: the role, the store, and the broker (null: in-memory bus or none).</summary>
public sealed record HostComposition(PipelineRole Role, PipelineStore Store, Uri? RabbitMqUri)
{
    /// <summary>The broker as host:port, for logs (no credentials); <c>in-memory</c> without one.</summary>
    public string BrokerDescription => RabbitMqUri is null ? "in-memory" : $"{RabbitMqUri.Host}:{(RabbitMqUri.Port > 0 ? RabbitMqUri.Port : 5672)}";
}

using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Infrastructure.DependencyInjection;
using Serilog.Events;

namespace IngestionPipeline.ServiceDefaults;

/// <summary>How <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/> sets up a host; anything left null is read from configuration.</summary>
public sealed class ServiceDefaultsSettings
{
    /// <summary>What the host runs of the pipeline; the default, <see cref="PipelineRole.Intake"/>, is the API's.</summary>
    public PipelineRole Role { get; init; } = PipelineRole.Intake;

    /// <summary>The store; null reads the <c>Storage</c> section (<see cref="StorageOptions"/>).</summary>
    public PipelineStore? Store { get; init; }

    /// <summary>The broker of <see cref="PipelineRole.Worker"/> and <see cref="PipelineRole.Intake"/>; null reads <c>RabbitMq:Uri</c>.</summary>
    public Uri? RabbitMqUri { get; init; }

    /// <summary>Applied after the <c>Pipeline</c> section (stages, concurrency, queue prefix).</summary>
    public Action<PipelineOptions>? ConfigurePipeline { get; init; }

    /// <summary>Console log lines as compact JSON; null reads <c>Logging:Json</c>.</summary>
    public bool? JsonLogs { get; init; }

    /// <summary>Also log to this rolling file (a date is added before the extension), at the configured levels.</summary>
    public string? LogFile { get; init; }

    /// <summary>Console lines below this level are left out (they still reach <see cref="LogFile"/>); null keeps every configured level.</summary>
    public LogEventLevel? ConsoleMinimumLevel { get; init; }

    /// <summary>Console lines go to stderr: for command-line tools whose stdout is their output.</summary>
    public bool ConsoleToStandardError { get; init; }

    /// <summary>
    /// Collect the pipeline's and MassTransit's metrics for the Prometheus endpoint (<c>/metrics</c>); off in processes
    /// that serve none, so that nobody pays for instruments nobody reads.
    /// </summary>
    public bool ExportMetrics { get; init; } = true;

    /// <summary>
    /// Turns tracing on (also without <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) and adds to the tracer provider, e.g. an exporter
    /// of a test; the pipeline's and MassTransit's sources are already added.
    /// </summary>
    public Action<OpenTelemetry.Trace.TracerProviderBuilder>? ConfigureTracing { get; init; }
}

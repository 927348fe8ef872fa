using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Infrastructure.DependencyInjection;
using Serilog.Events;

namespace IngestionPipeline.ServiceDefaults;

/// <summary>What a host runs of the pipeline, which decides its bus (see <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>).</summary>
public enum PipelineRole
{
    /// <summary>The stages of <see cref="PipelineOptions.Stages"/> on RabbitMQ (<c>RabbitMq:Uri</c>, default <see cref="RabbitMqOptions.DefaultUri"/>).</summary>
    Worker,

    /// <summary>
    /// Submits files: next to RabbitMQ workers (<c>RabbitMq:Uri</c> set) it only publishes to their queues; without a
    /// broker it runs the whole pipeline in this process on the in-memory bus (the stand-alone API).
    /// </summary>
    Intake,

    /// <summary>The whole pipeline in this process on the in-memory bus, whatever <c>RabbitMq:Uri</c> says (<c>ingest run</c>).</summary>
    Embedded,
}

/// <summary>How <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/> sets up a host; anything left null is read from configuration.</summary>
public sealed class ServiceDefaultsSettings
{
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
}

using MassTransit.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace IngestionPipeline.Components.Observability;

/// <summary>Registers the pipeline's instruments and their Prometheus export.</summary>
public static class PipelineTelemetry
{
    /// <summary>MassTransit's own meter (receive/consume/publish counts and durations, in-flight messages).</summary>
    public const string MassTransitMeterName = InstrumentationOptions.MeterName;

    /// <summary>The adapters' meters, named below ours (e.g. <c>IngestionPipeline.Storage.Sqlite</c>).</summary>
    public const string AdapterMeterNames = PipelineMetrics.MeterName + ".*";

    /// <summary><see cref="PipelineMetrics"/> on the container's <c>IMeterFactory</c>. Idempotent.</summary>
    public static IServiceCollection AddPipelineMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<PipelineMetrics>();
        return services;
    }

    /// <summary>
    /// An OpenTelemetry meter provider for the pipeline's meters and MassTransit's, read by the Prometheus
    /// scraping endpoint (<c>MapPrometheusScrapingEndpoint</c> / <c>UseOpenTelemetryPrometheusScrapingEndpoint</c>).
    /// </summary>
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services)
    {
        services.AddPipelineMetrics();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(PipelineMetrics.MeterName, AdapterMeterNames, MassTransitMeterName)
            .AddPrometheusExporter());
        return services;
    }
}

using System.Text.Json;
using IngestionPipeline.Components.Consumers;
using IngestionPipeline.Components.Extraction;
using IngestionPipeline.Components.Observability;
using IngestionPipeline.Components.Versioning;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Parsing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Components.Configuration;

/// <summary>Registers the pipeline's services and stage consumers and the bus-wide retry policy.</summary>
public static class PipelineConfiguration
{
    private static readonly Lazy<bool> CorrelationConvention = new(() =>
    {
        GlobalTopology.Send.UseCorrelationId<ReportFileSubmitted>(m => m.IngestionId);
        GlobalTopology.Send.UseCorrelationId<ReportExtracted>(m => m.IngestionId);
        GlobalTopology.Send.UseCorrelationId<ReportNormalized>(m => m.IngestionId);
        GlobalTopology.Send.UseCorrelationId<ReportValidated>(m => m.IngestionId);
        GlobalTopology.Send.UseCorrelationId<ReportVersionCreated>(m => m.IngestionId);
        GlobalTopology.Send.UseCorrelationId<ReportUnchanged>(m => m.IngestionId);
        GlobalTopology.Send.UseCorrelationId<ReportRejected>(m => m.IngestionId);
        return true;
    });

    /// <summary>
    /// Makes the ingestion id the correlation id of every pipeline message (MassTransit's global send
    /// topology). Idempotent; every bus registration that publishes pipeline messages calls it.
    /// </summary>
    public static void UseIngestionIdAsCorrelationId() => _ = CorrelationConvention.Value;

    /// <summary>The parser, the versioner and the clock the consumers need (the store is registered by its adapter).</summary>
    public static IServiceCollection AddPipelineServices(this IServiceCollection services, Action<PipelineOptions>? configure = null)
    {
        services.AddOptions<PipelineOptions>()
            .BindConfiguration(PipelineOptions.SectionName)
            .Configure(o => configure?.Invoke(o))
            .ValidateDataAnnotations()
            .Validate(o => o.Stages.All(s => PipelineOptions.AllStages.Contains(s, StringComparer.OrdinalIgnoreCase)), "Pipeline:Stages may only name extract, normalize, validate, store.")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => ReportParser.CreateDefault());
        services.AddExtraction();
        services.AddSingleton<ReportVersioner>();
        services.AddStageHandOff();
        services.AddPipelineMetrics();
        return services;
    }

    /// <summary>Adds the consumers of the configured stages, plus the fault consumer that marks failed ingestions.</summary>
    public static void AddPipelineConsumers(this IBusRegistrationConfigurator bus, PipelineOptions options)
    {
        UseIngestionIdAsCorrelationId();
        bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.QueuePrefix, includeNamespace: false));
        if (options.Runs(StageNames.Extract))
        {
            bus.AddConsumer<ExtractConsumer, ExtractConsumerDefinition>();
        }

        if (options.Runs(StageNames.Normalize))
        {
            bus.AddConsumer<NormalizeConsumer, NormalizeConsumerDefinition>();
        }

        if (options.Runs(StageNames.Validate))
        {
            bus.AddConsumer<ValidateConsumer, ValidateConsumerDefinition>();
        }

        if (options.Runs(StageNames.Store))
        {
            bus.AddConsumer<StoreConsumer, StoreConsumerDefinition>();
            bus.AddConsumer<IngestionFaultConsumer>();
        }

        bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
        {
            // One retry policy for the bus: quick exponential retries for transient errors, none for
            // errors that cannot heal (corrupt artifacts, programming errors); then the _error queue.
            // No delayed redelivery: Debian's RabbitMQ has no delayed-message plugin.
            endpoint.UseMessageRetry(r =>
            {
                r.Exponential(options.RetryLimit, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
                r.Ignore<JsonException>();
                r.Ignore<FormatException>();
                r.Ignore<ArgumentException>();
                r.Ignore<NotImplementedException>();
                r.Ignore<InvalidOperationException>();
            });
            endpoint.UseConsumeFilter(typeof(IngestionLogScopeFilter<>), context);
            endpoint.UseStageOutcome(context);
        });
    }
}

using IngestionPipeline.Components.Callbacks;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Components.Reprocessing;
using IngestionPipeline.Components.Tracking;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Components.Configuration;

/// <summary>
/// Wires a whole pipeline process: stage consumers, intake, tracking and the chosen transport. The store is the
/// host's choice (<c>IReportStore</c> and its ports, registered by a storage adapter before or after this).
/// </summary>
public static class PipelineBus
{
    /// <summary>
    /// The embedded default: every stage in this process on MassTransit's in-memory transport, and an
    /// <see cref="IngestionTracker"/> to await outcomes.
    /// </summary>
    public static IServiceCollection AddEmbeddedPipeline(this IServiceCollection services, Action<PipelineOptions>? configure = null) =>
        services.AddPipeline(null, configure, (bus, _) => bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context)));

    /// <summary>
    /// The same pipeline on RabbitMQ: the stages chosen in <see cref="PipelineOptions.Stages"/> share queues with other
    /// processes, which must share this process's store (SQLite on one machine, or MongoDB).
    /// </summary>
    /// <param name="configuration">Where the <c>Pipeline</c> section (stages, concurrency, queue prefix) is read from.</param>
    public static IServiceCollection AddRabbitMqPipeline(this IServiceCollection services, Uri rabbitMqUri, IConfiguration? configuration = null, Action<PipelineOptions>? configure = null) =>
        services.AddPipeline(
            configuration,
            configure,
            (bus, options) => bus.UsingPipelineRabbitMq(rabbitMqUri, options.QueuePrefix),
            claimOn: rabbitMqUri);

    private static IServiceCollection AddPipeline(
        this IServiceCollection services,
        IConfiguration? configuration,
        Action<PipelineOptions>? configure,
        Action<IBusRegistrationConfigurator, PipelineOptions> transport,
        Uri? claimOn = null)
    {
        // The consumer set is chosen now, at registration, so the options must be read now too; the
        // same section also feeds IOptions<PipelineOptions> for the consumer definitions.
        var options = new PipelineOptions();
        configuration?.GetSection(PipelineOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        services.AddPipelineServices(configure);
        services.AddSingleton<IngestionTracker>();
        services.AddScoped<ReportIntake>();
        services.AddReportReprocessing();
        if (claimOn is not null)
        {
            // Before the bus (hosted services start in registration order): consumers of another store's queues never start.
            services.AddStoreQueueClaim(claimOn, options.QueuePrefix, createClaim: true);
        }

        services.AddMassTransit(bus =>
        {
            // MassTransit 8.3+ reports usage to an outside host by default: a worker calls out only to its broker and store.
            bus.DisableUsageTelemetry();
            bus.AddPipelineConsumers(options);
            if (options.TrackOutcomes)
            {
                bus.AddConsumer<IngestionTrackerConsumer, IngestionTrackerConsumerDefinition>();
                bus.AddCallbackDelivery(configuration);
            }
            transport(bus, options);
        });
        return services;
    }

    /// <summary>Registers the <see cref="StoreQueueClaim"/> check; call it before <c>AddMassTransit</c> so it runs before the bus starts.</summary>
    internal static IServiceCollection AddStoreQueueClaim(this IServiceCollection services, Uri rabbitMqUri, string? queuePrefix, bool createClaim)
    {
        services.AddSingleton(new StoreQueueClaimSettings(rabbitMqUri, queuePrefix, createClaim));
        services.AddHostedService<StoreQueueClaimService>();
        return services;
    }
}

using IngestionPipeline.Components.Intake;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Infrastructure.DependencyInjection;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Components.Configuration;

/// <summary>Wires a whole pipeline process: store, stage consumers, intake, tracking and the chosen transport.</summary>
public static class PipelineBus
{
    /// <summary>
    /// The embedded default: every stage in this process on MassTransit's in-memory transport, the
    /// SQLite store at <paramref name="dataDirectory"/>, and an <see cref="IngestionTracker"/> to await outcomes.
    /// </summary>
    public static IServiceCollection AddEmbeddedPipeline(this IServiceCollection services, string dataDirectory, Action<PipelineOptions>? configure = null) =>
        services.AddPipeline(dataDirectory, null, configure, bus => bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context)));

    /// <summary>The same pipeline on RabbitMQ: the stages chosen in <see cref="PipelineOptions.Stages"/> share queues with other processes.</summary>
    /// <param name="configuration">Where the <c>Pipeline</c> section (stages, concurrency, queue prefix) is read from.</param>
    public static IServiceCollection AddRabbitMqPipeline(this IServiceCollection services, string dataDirectory, Uri rabbitMqUri, IConfiguration? configuration = null, Action<PipelineOptions>? configure = null) =>
        services.AddPipeline(dataDirectory, configuration, configure, bus => bus.UsingRabbitMq((context, cfg) =>
        {
            cfg.Host(rabbitMqUri);
            cfg.ConfigureEndpoints(context);
        }));

    private static IServiceCollection AddPipeline(
        this IServiceCollection services,
        string dataDirectory,
        IConfiguration? configuration,
        Action<PipelineOptions>? configure,
        Action<IBusRegistrationConfigurator> transport)
    {
        // The consumer set is chosen now, at registration, so the options must be read now too; the
        // same section also feeds IOptions<PipelineOptions> for the consumer definitions.
        var options = new PipelineOptions();
        configuration?.GetSection(PipelineOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        services.AddSqliteReportStore(dataDirectory);
        services.AddPipelineServices(configure);
        services.AddSingleton<IngestionTracker>();
        services.AddScoped<ReportIntake>();
        services.AddMassTransit(bus =>
        {
            bus.AddPipelineConsumers(options);
            bus.AddConsumer<IngestionTrackerConsumer, IngestionTrackerConsumerDefinition>();
            transport(bus);
        });
        return services;
    }
}

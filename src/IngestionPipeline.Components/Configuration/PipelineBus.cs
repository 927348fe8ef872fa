using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Infrastructure.DependencyInjection;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Components.Configuration;

/// <summary>Wires a whole pipeline process: store, stage consumers and the chosen transport.</summary>
public static class PipelineBus
{
    /// <summary>
    /// The embedded default: every stage in this process on MassTransit's in-memory transport, the
    /// SQLite store at <paramref name="dataDirectory"/>, and an <see cref="IngestionTracker"/> to await outcomes.
    /// </summary>
    public static IServiceCollection AddEmbeddedPipeline(this IServiceCollection services, string dataDirectory, Action<PipelineOptions>? configure = null)
    {
        var options = new PipelineOptions();
        configure?.Invoke(options);
        services.AddSqliteReportStore(dataDirectory);
        services.AddPipelineServices(configure);
        services.AddSingleton<IngestionTracker>();
        services.AddScoped<Intake.ReportIntake>();
        services.AddMassTransit(bus =>
        {
            bus.AddPipelineConsumers(options);
            bus.AddConsumer<IngestionTrackerConsumer, IngestionTrackerConsumerDefinition>();
            bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
        });
        return services;
    }

    /// <summary>The same pipeline on RabbitMQ: the stages chosen in <see cref="PipelineOptions.Stages"/> share queues with other processes.</summary>
    public static IServiceCollection AddRabbitMqPipeline(this IServiceCollection services, string dataDirectory, Uri rabbitMqUri, Action<PipelineOptions>? configure = null)
    {
        var options = new PipelineOptions();
        configure?.Invoke(options);
        services.AddSqliteReportStore(dataDirectory);
        services.AddPipelineServices(configure);
        services.AddSingleton<IngestionTracker>();
        services.AddScoped<Intake.ReportIntake>();
        services.AddMassTransit(bus =>
        {
            bus.AddPipelineConsumers(options);
            bus.AddConsumer<IngestionTrackerConsumer, IngestionTrackerConsumerDefinition>();
            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(rabbitMqUri);
                cfg.ConfigureEndpoints(context);
            });
        });
        return services;
    }
}

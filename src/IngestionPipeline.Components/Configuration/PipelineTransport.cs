using MassTransit;

namespace IngestionPipeline.Components.Configuration;

/// <summary>The RabbitMQ transport of every pipeline bus (stage workers and intake alike), configured in one place.</summary>
internal static class PipelineTransport
{
    /// <summary>
    /// RabbitMQ at <paramref name="rabbitMqUri"/>: exchanges and queues named with <paramref name="queuePrefix"/>
    /// (<see cref="QueuePrefixEntityNameFormatter"/>), and an endpoint for every registered consumer.
    /// </summary>
    public static void UsingPipelineRabbitMq(this IBusRegistrationConfigurator bus, Uri rabbitMqUri, string? queuePrefix) =>
        bus.UsingRabbitMq((context, cfg) =>
        {
            cfg.Host(rabbitMqUri);
            QueuePrefixEntityNameFormatter.Apply(cfg, queuePrefix);
            cfg.ConfigureEndpoints(context);
        });
}

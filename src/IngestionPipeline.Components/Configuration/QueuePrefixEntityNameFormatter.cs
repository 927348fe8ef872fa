using MassTransit;

namespace IngestionPipeline.Components.Configuration;

/// <summary>
/// Prefixes the broker's message-type entities (RabbitMQ exchanges, including the <c>Fault</c> ones) with
/// <see cref="PipelineOptions.QueuePrefix"/>, so that pipelines with different prefixes on one broker are
/// isolated: without it every prefix's queues would be bound to the same exchanges and receive each
/// other's messages.
/// </summary>
public sealed class QueuePrefixEntityNameFormatter(IEntityNameFormatter inner, string prefix) : IEntityNameFormatter
{
    public string FormatEntityName<T>() => $"{prefix}.{inner.FormatEntityName<T>()}";

    /// <summary>Applies the prefix to a bus's message topology when one is set.</summary>
    public static void Apply(IBusFactoryConfigurator cfg, string? prefix)
    {
        if (!string.IsNullOrWhiteSpace(prefix))
        {
            cfg.MessageTopology.SetEntityNameFormatter(new QueuePrefixEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter, prefix));
        }
    }
}

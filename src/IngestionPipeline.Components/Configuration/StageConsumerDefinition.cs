using MassTransit;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Components.Configuration;

/// <summary>Per-stage endpoint settings (concurrency, prefetch) from <see cref="PipelineOptions"/>.</summary>
public abstract class StageConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected StageConsumerDefinition(int concurrency)
    {
        ConcurrentMessageLimit = concurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Prefetch a little more than we process so the next message is ready without hoarding a queue others could share.
        endpointConfigurator.PrefetchCount = (ConcurrentMessageLimit ?? 1) * 2;
    }
}

public sealed class ExtractConsumerDefinition(IOptions<PipelineOptions> options)
    : StageConsumerDefinition<Consumers.ExtractConsumer>(options.Value.ExtractConcurrency);

public sealed class NormalizeConsumerDefinition(IOptions<PipelineOptions> options)
    : StageConsumerDefinition<Consumers.NormalizeConsumer>(options.Value.StageConcurrency);

public sealed class ValidateConsumerDefinition(IOptions<PipelineOptions> options)
    : StageConsumerDefinition<Consumers.ValidateConsumer>(options.Value.StageConcurrency);

public sealed class StoreConsumerDefinition(IOptions<PipelineOptions> options)
    : StageConsumerDefinition<Consumers.StoreConsumer>(options.Value.StageConcurrency);

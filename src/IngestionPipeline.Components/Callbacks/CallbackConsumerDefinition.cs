using MassTransit;

namespace IngestionPipeline.Components.Callbacks;

/// <summary>A durable queue shared by every intake process, so each outcome is delivered once; a few deliveries at a time.</summary>
public sealed class CallbackConsumerDefinition : ConsumerDefinition<CallbackConsumer>
{
    public CallbackConsumerDefinition()
    {
        ConcurrentMessageLimit = 8;
    }
}

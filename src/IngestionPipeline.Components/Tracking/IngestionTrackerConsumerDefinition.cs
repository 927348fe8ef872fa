using MassTransit;

namespace IngestionPipeline.Components.Tracking;

/// <summary>The tracker listens on a temporary per-process queue: it serves only the process that waits.</summary>
public sealed class IngestionTrackerConsumerDefinition : ConsumerDefinition<IngestionTrackerConsumer>
{
    public IngestionTrackerConsumerDefinition()
    {
        Endpoint(e =>
        {
            e.Temporary = true;
            e.InstanceId = Guid.NewGuid().ToString("N")[..8];
        });
    }
}

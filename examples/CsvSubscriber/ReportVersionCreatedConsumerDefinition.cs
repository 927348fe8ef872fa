using MassTransit;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Examples.CsvSubscriber;

/// <summary>Names this subscriber's queue and processes one message at a time (one file, one writer).</summary>
public sealed class ReportVersionCreatedConsumerDefinition : ConsumerDefinition<ReportVersionCreatedConsumer>
{
    public ReportVersionCreatedConsumerDefinition(IOptions<CsvSubscriberOptions> options)
    {
        EndpointName = options.Value.QueueName;
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<ReportVersionCreatedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // A full disk or a locked file heals; retry a few times before the message goes to csv-subscriber_error.
        endpointConfigurator.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500)));
    }
}

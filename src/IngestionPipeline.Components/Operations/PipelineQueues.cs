using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Consumers;
using IngestionPipeline.Contracts;
using MassTransit;

namespace IngestionPipeline.Components.Operations;

/// <summary>The queue names the stage consumers listen on (same formatter as <see cref="PipelineConfiguration"/>).</summary>
public static class PipelineQueues
{
    public static string QueueName(string stage, string? queuePrefix = null)
    {
        var formatter = new KebabCaseEndpointNameFormatter(queuePrefix, includeNamespace: false);
        return stage.ToLowerInvariant() switch
        {
            StageNames.Extract => formatter.Consumer<ExtractConsumer>(),
            StageNames.Normalize => formatter.Consumer<NormalizeConsumer>(),
            StageNames.Validate => formatter.Consumer<ValidateConsumer>(),
            StageNames.Store => formatter.Consumer<StoreConsumer>(),
            _ => throw new ArgumentException($"Unknown stage '{stage}': use one of {string.Join(", ", PipelineOptions.AllStages)}.", nameof(stage)),
        };
    }

    /// <summary>The queue of <see cref="IngestionFaultConsumer"/> (marks ingestions whose message failed).</summary>
    public static string FaultQueueName(string? queuePrefix = null) =>
        new KebabCaseEndpointNameFormatter(queuePrefix, includeNamespace: false).Consumer<IngestionFaultConsumer>();

    /// <summary>Where MassTransit moves a stage's messages that failed after their retries.</summary>
    public static string ErrorQueueName(string stage, string? queuePrefix = null) => QueueName(stage, queuePrefix) + "_error";
}

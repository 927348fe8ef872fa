using IngestionPipeline.Components.Configuration;

namespace IngestionPipeline.ServiceDefaults;

/// <summary>What a host runs of the pipeline, which decides its bus (see <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>).</summary>
public enum PipelineRole
{
    /// <summary>The stages of <see cref="PipelineOptions.Stages"/> on RabbitMQ (<c>RabbitMq:Uri</c>, default <see cref="RabbitMqOptions.DefaultUri"/>).</summary>
    Worker,

    /// <summary>
    /// Submits files: next to RabbitMQ workers (<c>RabbitMq:Uri</c> set) it only publishes to their queues; without a
    /// broker it runs the whole pipeline in this process on the in-memory bus (the stand-alone API).
    /// </summary>
    Intake,

    /// <summary>The whole pipeline in this process on the in-memory bus, whatever <c>RabbitMq:Uri</c> says (<c>ingest run</c>).</summary>
    Embedded,
}

using System.Diagnostics;

namespace IngestionPipeline.Components.Observability;

/// <summary>
/// The pipeline's own spans, beside MassTransit's (ActivitySource <c>MassTransit</c>: send, receive, consume). One
/// ingestion is one trace: the <c>pipeline intake</c> span starts it (a new root, linked to the caller's span, e.g. the HTTP
/// request of a batch upload), MassTransit carries the context in every message, and each stage adds its
/// <c>pipeline {stage}</c> span around its consume span. Every span carries <c>ingestion.id</c>.
/// </summary>
public static class PipelineTracing
{
    /// <summary>The ActivitySource of <see cref="StartIntake"/> and <see cref="StartStage"/>; hosts add it to their tracer provider.</summary>
    public const string SourceName = "IngestionPipeline";

    /// <summary>Name of the root span of an ingestion.</summary>
    public const string IntakeSpanName = "pipeline intake";

    /// <summary>Names of the stage spans: this and the stage (<c>pipeline extract</c>).</summary>
    public const string StageSpanPrefix = "pipeline ";

    /// <summary>Tag of the ingestion id on every pipeline span.</summary>
    public const string IngestionIdTag = "ingestion.id";

    /// <summary>Tag of the stage on stage spans.</summary>
    public const string StageTag = "pipeline.stage";

    /// <summary>Tag of the stage's result: <c>completed</c>, <c>rejected</c>, <c>created</c>, <c>unchanged</c>.</summary>
    public const string OutcomeTag = "pipeline.outcome";

    private static readonly ActivitySource Source = new(SourceName, typeof(PipelineTracing).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Starts the root span of one ingestion (null when nobody listens): a new trace whatever span is current, so that
    /// every ingestion has its own; the current span, if any, is kept as a link.
    /// </summary>
    public static Activity? StartIntake(Guid ingestionId, string fileName)
    {
        var caller = Activity.Current;
        ActivityLink[]? links = caller is null ? null : [new ActivityLink(caller.Context)];
        Activity.Current = null;
        var activity = Source.StartActivity(IntakeSpanName, ActivityKind.Producer, parentContext: default, links: links);
        if (activity is null)
        {
            Activity.Current = caller;
            return null;
        }

        activity.SetTag(IngestionIdTag, ingestionId.ToString());
        activity.SetTag("pipeline.file_name", fileName);
        return activity;
    }

    /// <summary>Starts the span of one stage's work on one message, under the current (consume) span.</summary>
    public static Activity? StartStage(string stage, Guid ingestionId)
    {
        var activity = Source.StartActivity(StageSpanPrefix + stage, ActivityKind.Internal);
        activity?.SetTag(IngestionIdTag, ingestionId.ToString());
        activity?.SetTag(StageTag, stage);
        return activity;
    }
}

using IngestionPipeline.Components.Observability;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Components.Consumers;

/// <summary>
/// Marks an ingestion failed when a stage gave up on its message (retries exhausted, message moved to
/// the stage's <c>_error</c> queue), so operators and the CLI see the reason.
/// </summary>
public sealed class IngestionFaultConsumer(IIngestionStore store, TimeProvider clock, ILogger<IngestionFaultConsumer> logger, PipelineMetrics metrics) :
    IConsumer<Fault<ReportFileSubmitted>>,
    IConsumer<Fault<ReportExtracted>>,
    IConsumer<Fault<ReportNormalized>>,
    IConsumer<Fault<ReportValidated>>
{
    public Task Consume(ConsumeContext<Fault<ReportFileSubmitted>> context) => MarkFailed(context, context.Message.Message.IngestionId, StageNames.Extract);

    public Task Consume(ConsumeContext<Fault<ReportExtracted>> context) => MarkFailed(context, context.Message.Message.IngestionId, StageNames.Normalize);

    public Task Consume(ConsumeContext<Fault<ReportNormalized>> context) => MarkFailed(context, context.Message.Message.IngestionId, StageNames.Validate);

    public Task Consume(ConsumeContext<Fault<ReportValidated>> context) => MarkFailed(context, context.Message.Message.IngestionId, StageNames.Store);

    private async Task MarkFailed(ConsumeContext<Fault> context, Guid ingestionId, string stage)
    {
        var exception = context.Message.Exceptions.FirstOrDefault();
        var reason = exception is null ? "unknown failure" : $"{exception.ExceptionType}: {exception.Message}";
        logger.LogError("Ingestion {IngestionId} failed at {Stage}: {Reason}", ingestionId, stage, reason);
        await store.UpdateIngestionAsync(new IngestionUpdate(ingestionId, IngestionStatus.Failed, stage, clock.GetUtcNow(), "STAGE_FAILED", reason), context.CancellationToken);
        metrics.Failed(stage);
    }
}

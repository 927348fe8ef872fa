using IngestionPipeline.Components.Observability;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Components.Consumers;

/// <summary>
/// Marks an ingestion failed when a stage gave up on its message (retries exhausted, message moved to
/// the stage's <c>_error</c> queue), so operators and the CLI see the reason, and keeps the stage's input for
/// debugging (<see cref="StageHandOff.KeepFailedInputAsync"/>): the document that made the stage fail, which no longer
/// exists anywhere else once it travelled in the message (the message itself waits in the <c>_error</c> queue).
/// </summary>
public sealed class IngestionFaultConsumer(IIngestionStore store, StageHandOff handOff, TimeProvider clock, ILogger<IngestionFaultConsumer> logger, PipelineMetrics metrics) :
    IConsumer<Fault<ReportFileSubmitted>>,
    IConsumer<Fault<ReportExtracted>>,
    IConsumer<Fault<ReportNormalized>>,
    IConsumer<Fault<ReportValidated>>
{
    public Task Consume(ConsumeContext<Fault<ReportFileSubmitted>> context) => MarkFailed(context, context.Message.Message);

    public Task Consume(ConsumeContext<Fault<ReportExtracted>> context) => MarkFailed(context, context.Message.Message);

    public Task Consume(ConsumeContext<Fault<ReportNormalized>> context) => MarkFailed(context, context.Message.Message);

    public Task Consume(ConsumeContext<Fault<ReportValidated>> context) => MarkFailed(context, context.Message.Message);

    private async Task MarkFailed(ConsumeContext<Fault> context, object message)
    {
        if (!StageInput.TryRead(message, out var input))
        {
            return;
        }

        var (ingestionId, stage) = (input.IngestionId, input.Stage);
        var exception = context.Message.Exceptions.FirstOrDefault();
        var reason = exception is null ? "unknown failure" : $"{exception.ExceptionType}: {exception.Message}";
        logger.LogError("Ingestion {IngestionId} failed at {Stage}: {Reason}", ingestionId, stage, reason);
        await handOff.KeepFailedInputAsync(input, rejected: false, context.CancellationToken);
        await store.UpdateIngestionAsync(new IngestionUpdate(ingestionId, IngestionStatus.Failed, stage, clock.GetUtcNow(), "STAGE_FAILED", reason), context.CancellationToken);
        metrics.Failed(stage);
    }
}

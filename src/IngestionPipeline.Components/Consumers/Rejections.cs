using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Components.Consumers;

/// <summary>
/// A business rejection is a result, not an exception: the ingestion is marked rejected, ReportRejected
/// is published and the message is acknowledged. The raw file stays in the store.
/// </summary>
internal static class Rejections
{
    public static async Task RejectAsync(
        ConsumeContext context,
        IIngestionStore store,
        ILogger logger,
        TimeProvider clock,
        Guid ingestionId,
        string stage,
        Rejection rejection,
        string rawSha256,
        string fileName)
    {
        logger.LogWarning("Rejected {FileName} at {Stage}: {ReasonCode} {Reason}", fileName, stage, rejection.ReasonCode, rejection.Reason);
        await store.UpdateIngestionAsync(
            new IngestionUpdate(ingestionId, IngestionStatus.Rejected, stage, clock.GetUtcNow(), rejection.ReasonCode, rejection.Reason),
            context.CancellationToken);
        await context.Publish(new ReportRejected(ingestionId, stage, rejection.ReasonCode, rejection.Reason, rawSha256, fileName), context.CancellationToken);
    }
}

using IngestionPipeline.Components.Observability;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Parsing;
using MassTransit;

namespace IngestionPipeline.Components.Consumers;

/// <summary>
/// A business rejection is a result, not an exception: ReportRejected is published, the message is acknowledged and
/// <see cref="StageOutcomeFilter{T}"/> marks the ingestion rejected (before the event leaves the outbox). The raw file
/// stays in the store.
/// </summary>
internal static class Rejections
{
    public static async Task RejectAsync(ConsumeContext context, Guid ingestionId, string stage, Rejection rejection, string rawSha256, string fileName)
    {
        await context.Publish(new ReportRejected(ingestionId, stage, rejection.ReasonCode, rejection.Reason, rawSha256, fileName), context.CancellationToken);
        context.StageOutcome().Rejected(rejection);
    }
}

using IngestionPipeline.Components.Observability;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Components.Consumers;

/// <summary>Raw file → intermediate document (text blocks and tables).</summary>
public sealed class ExtractConsumer(IReportStore store, ReportParser parser, TimeProvider clock, ILogger<ExtractConsumer> logger, PipelineMetrics metrics)
    : IConsumer<ReportFileSubmitted>
{
    public async Task Consume(ConsumeContext<ReportFileSubmitted> context)
    {
        var started = PipelineMetrics.StartTimer();
        var m = context.Message;
        var ct = context.CancellationToken;
        var bytes = await store.GetRawFileAsync(m.RawSha256, ct);
        var outcome = bytes is null
            ? Outcome<ExtractedDocument>.Reject(ReasonCodes.RawFileMissing, $"No raw file {m.RawSha256} in the store.")
            : parser.Extract(new RawFile(bytes, m.FileName), ct);
        if (!outcome.IsSuccess)
        {
            await Rejections.RejectAsync(context, store, logger, clock, m.IngestionId, StageNames.Extract, outcome.Rejection, m.RawSha256, m.FileName);
            metrics.Rejected(StageNames.Extract, outcome.Rejection.ReasonCode, started);
            return;
        }

        var document = outcome.Value;
        await store.PutArtifactAsync(m.IngestionId, StageNames.Extract, document.ToJson(), ct);
        await store.UpdateIngestionAsync(new IngestionUpdate(m.IngestionId, IngestionStatus.Extracted, StageNames.Extract, clock.GetUtcNow()), ct);
        await context.Publish(
            new ReportExtracted(m.IngestionId, m.RawSha256, m.FileName, StageNames.Extract, document.MediaType, document.Extractor, document.Blocks.Count, m.Hints),
            ct);
        metrics.StageCompleted(StageNames.Extract, started);
    }
}

using IngestionPipeline.Components.Observability;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Normalization;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Components.Consumers;

/// <summary>Intermediate document → canonical report of the detected template version.</summary>
public sealed class NormalizeConsumer(IReportStore store, ReportParser parser, TimeProvider clock, ILogger<NormalizeConsumer> logger, PipelineMetrics metrics)
    : IConsumer<ReportExtracted>
{
    public async Task Consume(ConsumeContext<ReportExtracted> context)
    {
        var started = PipelineMetrics.StartTimer();
        var m = context.Message;
        var ct = context.CancellationToken;
        var json = await store.GetArtifactAsync(m.IngestionId, m.ArtifactStage, ct)
            ?? throw new ArtifactMissingException(m.IngestionId, m.ArtifactStage);
        var outcome = parser.Normalize(ExtractedDocument.FromJson(json), m.RawSha256, new NormalizationHints(m.FileName, m.Hints?.Year, m.Hints?.Organization));
        if (!outcome.IsSuccess)
        {
            await Rejections.RejectAsync(context, store, logger, clock, m.IngestionId, StageNames.Normalize, outcome.Rejection, m.RawSha256, m.FileName);
            metrics.Rejected(StageNames.Normalize, outcome.Rejection.ReasonCode, started);
            return;
        }

        var report = outcome.Value;
        await store.PutArtifactAsync(m.IngestionId, StageNames.Normalize, ReportJson.Serialize(report, indented: false), ct);
        await store.UpdateIngestionAsync(new IngestionUpdate(m.IngestionId, IngestionStatus.Normalized, StageNames.Normalize, clock.GetUtcNow()), ct);
        await context.Publish(
            new ReportNormalized(m.IngestionId, m.RawSha256, m.FileName, StageNames.Normalize, report.Meta.Organization, report.Meta.Year, report.Meta.TemplateVersion.ToWire(), m.Hints),
            ct);
        metrics.StageCompleted(StageNames.Normalize, started);
    }
}

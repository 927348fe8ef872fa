using IngestionPipeline.Components.Observability;
using IngestionPipeline.Components.Versioning;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Components.Consumers;

/// <summary>Validated report → a new immutable version, or "unchanged" when the content is already current.</summary>
public sealed class StoreConsumer(IReportStore store, ReportVersioner versioner, TimeProvider clock, ILogger<StoreConsumer> logger, PipelineMetrics metrics)
    : IConsumer<ReportValidated>
{
    public async Task Consume(ConsumeContext<ReportValidated> context)
    {
        var started = PipelineMetrics.StartTimer();
        var m = context.Message;
        var ct = context.CancellationToken;
        var json = await store.GetArtifactAsync(m.IngestionId, m.ArtifactStage, ct)
            ?? throw new ArtifactMissingException(m.IngestionId, m.ArtifactStage);
        var report = ReportJson.Deserialize(json);
        var decision = await versioner.DecideAndStoreAsync(report, m.IngestionId, m.FileName, m.Hints, ct);

        if (decision.Kind == VersionDecisionKind.Created)
        {
            logger.LogInformation("Stored {ReportKey} version {Version}", decision.ReportKey, decision.Version);
            await store.UpdateIngestionAsync(
                new IngestionUpdate(m.IngestionId, IngestionStatus.VersionCreated, StageNames.Store, clock.GetUtcNow(), ReportKey: decision.ReportKey, Version: decision.Version),
                ct);
            await context.Publish(
                new ReportVersionCreated(
                    m.IngestionId,
                    decision.ReportKey,
                    decision.Version,
                    decision.PreviousVersion,
                    report.Meta.Organization,
                    report.Meta.Year,
                    report.Meta.TemplateVersion.ToWire(),
                    decision.Fingerprint,
                    decision.ChangedCellCount,
                    decision.FindingCount,
                    m.RawSha256),
                ct);
            metrics.VersionCreated(started);
            return;
        }

        logger.LogInformation("{ReportKey} unchanged at version {Version}", decision.ReportKey, decision.Version);
        await store.UpdateIngestionAsync(
            new IngestionUpdate(m.IngestionId, IngestionStatus.Unchanged, StageNames.Store, clock.GetUtcNow(), ReportKey: decision.ReportKey, Version: decision.Version),
            ct);
        await context.Publish(new ReportUnchanged(m.IngestionId, decision.ReportKey, decision.Version, m.RawSha256), ct);
        metrics.Unchanged(started);
    }
}

using IngestionPipeline.Components.Observability;
using IngestionPipeline.Components.Versioning;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Storage;
using MassTransit;

namespace IngestionPipeline.Components.Consumers;

/// <summary>
/// Validated report → a new immutable version, or "unchanged" when the content is already stored. The report's bytes
/// (its canonical serialisation, from the message or its claim check) are stored as they came. Final status and
/// metrics: <see cref="ReportVersioner"/> (created) and <see cref="StageOutcomeFilter{T}"/> (unchanged).
/// </summary>
public sealed class StoreConsumer(StageHandOff handOff, ReportVersioner versioner) : IConsumer<ReportValidated>
{
    public async Task Consume(ConsumeContext<ReportValidated> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var json = await handOff.ReadAsync(m.IngestionId, m.ArtifactStage, m.Report, ct);
        var report = ReportJson.Deserialize(json);
        var decision = await versioner.DecideAndStoreAsync(report, json, m.IngestionId, m.FileName, m.Hints, ct);

        if (decision.Kind == VersionDecisionKind.Created)
        {
            var (changes, truncated) = ChangedCells.ForEvent(decision.Changes);
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
                    m.RawSha256,
                    decision.Reason?.ToWire(),
                    decision.ParserVersion,
                    changes,
                    truncated),
                ct);
            context.StageOutcome().VersionCreated(decision.ReportKey, decision.Version);
            return;
        }

        await context.Publish(new ReportUnchanged(m.IngestionId, decision.ReportKey, decision.Version, m.RawSha256), ct);
        context.StageOutcome().Unchanged(decision.ReportKey, decision.Version);
    }
}

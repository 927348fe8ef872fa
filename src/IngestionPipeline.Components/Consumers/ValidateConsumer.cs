using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using MassTransit;

namespace IngestionPipeline.Components.Consumers;

/// <summary>Canonical report → the same report with its validation findings.</summary>
public sealed class ValidateConsumer(IReportStore store, ReportParser parser, TimeProvider clock) : IConsumer<ReportNormalized>
{
    public async Task Consume(ConsumeContext<ReportNormalized> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var json = await store.GetArtifactAsync(m.IngestionId, m.ArtifactStage, ct)
            ?? throw new ArtifactMissingException(m.IngestionId, m.ArtifactStage);
        var report = parser.Validate(CanonicalReportJson.Deserialize(json));
        await store.PutArtifactAsync(m.IngestionId, StageNames.Validate, CanonicalReportJson.Serialize(report, indented: false), ct);
        await store.UpdateIngestionAsync(new IngestionUpdate(m.IngestionId, IngestionStatus.Validated, StageNames.Validate, clock.GetUtcNow()), ct);
        await context.Publish(
            new ReportValidated(
                m.IngestionId,
                m.RawSha256,
                m.FileName,
                StageNames.Validate,
                report.Findings.Count(f => f.Severity == FindingSeverity.Error),
                report.Findings.Count(f => f.Severity == FindingSeverity.Warning),
                report.Findings.Count(f => f.Severity == FindingSeverity.Info),
                m.Hints),
            ct);
    }
}

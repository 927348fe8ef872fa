using IngestionPipeline.Components.Observability;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Normalization;
using IngestionPipeline.Core.Parsing;
using MassTransit;

namespace IngestionPipeline.Components.Consumers;

/// <summary>
/// Intermediate document → canonical report of the detected template version. Input and output travel by
/// <see cref="StageHandOff"/>; status and metrics: <see cref="StageOutcomeFilter{T}"/>.
/// </summary>
public sealed class NormalizeConsumer(StageHandOff handOff, ReportParser parser) : IConsumer<ReportExtracted>
{
    public async Task Consume(ConsumeContext<ReportExtracted> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var json = await handOff.ReadAsync(m.IngestionId, m.ArtifactStage, m.Document, ct);
        var outcome = parser.Normalize(ExtractedDocument.FromJson(json), m.RawSha256, new NormalizationHints(m.FileName, m.Hints?.Year, m.Hints?.Organization));
        if (!outcome.IsSuccess)
        {
            await Rejections.RejectAsync(context, m.IngestionId, StageNames.Normalize, outcome.Rejection, m.RawSha256, m.FileName);
            return;
        }

        var report = outcome.Value;
        var output = await handOff.HandOffAsync(m.IngestionId, StageNames.Normalize, ReportJson.Serialize(report, indented: false), ct);
        await context.Publish(
            new ReportNormalized(
                m.IngestionId,
                m.RawSha256,
                m.FileName,
                StageNames.Normalize,
                report.Meta.Organization,
                report.Meta.Year,
                report.Meta.TemplateVersion.ToWire(),
                m.Hints,
                output.Inline,
                (m.Document is null ? 1 : 0) + output.ClaimChecks),
            ct);
        context.StageOutcome().Completed();
    }
}

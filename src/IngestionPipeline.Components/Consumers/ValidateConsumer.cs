using IngestionPipeline.Components.Observability;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Core.Validation;
using IngestionPipeline.Core.Versioning;
using MassTransit;

namespace IngestionPipeline.Components.Consumers;

/// <summary>
/// Canonical report → the same report with its validation findings. The same agency's current report of
/// the year before (key <see cref="ReportIdentity.KeyFor"/> with the year − 1), when stored, feeds the
/// cross-year checks (X-T3-CARRY-*, X-T2-VALID-CARRY-*).
/// Input and output travel by <see cref="StageHandOff"/>; status and metrics: <see cref="StageOutcomeFilter{T}"/>.
/// </summary>
public sealed class ValidateConsumer(IReportStore store, StageHandOff handOff, ReportParser parser) : IConsumer<ReportNormalized>
{
    public async Task Consume(ConsumeContext<ReportNormalized> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var json = await handOff.ReadAsync(m.IngestionId, m.ArtifactStage, m.Report, ct);
        var normalized = ReportJson.Deserialize(json);
        var previous = await LoadPreviousYearAsync(normalized.Meta, ct);
        var report = parser.Validate(normalized, new ValidationInputs(previous));
        var output = await handOff.HandOffAsync(m.IngestionId, StageNames.Validate, ReportJson.Serialize(report, indented: false), ct);
        await context.Publish(
            new ReportValidated(
                m.IngestionId,
                m.RawSha256,
                m.FileName,
                StageNames.Validate,
                report.Findings.Count(f => f.Severity == FindingSeverity.Error),
                report.Findings.Count(f => f.Severity == FindingSeverity.Warning),
                report.Findings.Count(f => f.Severity == FindingSeverity.Info),
                m.Hints,
                output.Inline,
                Math.Max(m.ClaimChecks, m.Report is null ? 1 : 0) + output.ClaimChecks),
            ct);
        context.StageOutcome().Completed(report.Findings);
    }

    private async Task<CanonicalReport?> LoadPreviousYearAsync(ReportMeta meta, CancellationToken ct)
    {
        var key = ReportIdentity.KeyFor(meta with { Year = meta.Year - 1 });
        var record = await store.GetVersionAsync(key, null, ct);
        if (record?.DocumentJson is not { Length: > 0 } document)
        {
            return null;
        }

        try
        {
            return ReportJson.Deserialize(document);
        }
        catch (System.Text.Json.JsonException)
        {
            return null; // an unreadable old version must not block this report; the cross-year checks just do not run
        }
    }
}

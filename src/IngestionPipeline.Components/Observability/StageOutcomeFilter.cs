using System.Diagnostics;
using IngestionPipeline.Components.Consumers;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Components.Observability;

/// <summary>
/// The one place where a stage's result becomes status, log line, duration and counters, so the consumers only
/// transform and publish. Around each stage message (<see cref="StageInput.TryRead"/>) it times the consume and,
/// from the consumer's <see cref="StageOutcome"/>:
/// <list type="bullet">
/// <item>completed: records the stage's progress (<see cref="IIngestionStore.RecordProgressAsync"/>, not durable:
/// the status only moves forward, and a lost progress update is overwritten by the final status);</item>
/// <item>rejected: sets the final Rejected status and keeps the stage's input as <see cref="ArtifactOptions.Keep"/> says;</item>
/// <item>unchanged: sets the final Unchanged status; created: nothing (the version and its final status were one commit);
/// both release the ingestion's claim checks.</item>
/// </list>
/// It runs inside the endpoint's in-memory outbox, so the events the consumer published leave only after the status
/// is written: whoever receives ReportRejected or ReportUnchanged reads the final status.
/// </summary>
public sealed class StageOutcomeFilter<T>(
    IIngestionStore store,
    StageHandOff handOff,
    PipelineMetrics metrics,
    TimeProvider clock,
    ILogger<StageOutcomeFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (!StageInput.TryRead(context.Message, out var input))
        {
            await next.Send(context);
            return;
        }

        var started = PipelineMetrics.StartTimer();
        var outcome = new StageOutcome();
        context.AddOrUpdatePayload(() => outcome, _ => outcome);
        using var activity = PipelineTracing.StartStage(input.Stage, input.IngestionId);
        try
        {
            await next.Send(context);
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }

        activity?.SetTag(PipelineTracing.OutcomeTag, outcome.Kind switch
        {
            StageOutcomeKind.Completed => "completed",
            StageOutcomeKind.Rejected => "rejected",
            StageOutcomeKind.VersionCreated => "created",
            StageOutcomeKind.Unchanged => "unchanged",
            _ => "none",
        });
        if (outcome.Rejection is { } rejected)
        {
            activity?.SetTag("pipeline.reason_code", rejected.ReasonCode);
        }

        if (outcome.ReportKey is { } reportKey)
        {
            activity?.SetTag("pipeline.report_key", reportKey);
            activity?.SetTag("pipeline.version", outcome.Version);
        }

        var ct = context.CancellationToken;
        var id = input.IngestionId;
        switch (outcome.Kind)
        {
            case StageOutcomeKind.Completed:
                await store.RecordProgressAsync(new IngestionUpdate(id, ProgressOf(input.Stage), input.Stage, clock.GetUtcNow()), ct);
                metrics.ValidationFindings(outcome.Findings);
                metrics.StageCompleted(input.Stage, started);
                break;
            case StageOutcomeKind.Rejected:
                var rejection = outcome.Rejection!;
                logger.LogWarning("Rejected {FileName} at {Stage}: {ReasonCode} {Reason}", input.FileName, input.Stage, rejection.ReasonCode, rejection.Reason);
                await store.UpdateIngestionAsync(
                    new IngestionUpdate(id, IngestionStatus.Rejected, input.Stage, clock.GetUtcNow(), rejection.ReasonCode, rejection.Reason),
                    ct);
                await handOff.KeepFailedInputAsync(input, rejected: true, ct);
                metrics.Rejected(input.Stage, rejection.ReasonCode, started);
                break;
            case StageOutcomeKind.VersionCreated:
                logger.LogInformation("Stored {ReportKey} version {Version}", outcome.ReportKey, outcome.Version);
                await handOff.ReleaseAsync(id, input.ClaimChecks, ct);
                metrics.VersionCreated(started);
                break;
            case StageOutcomeKind.Unchanged:
                logger.LogInformation("{ReportKey} unchanged at version {Version}", outcome.ReportKey, outcome.Version);
                await store.UpdateIngestionAsync(
                    new IngestionUpdate(id, IngestionStatus.Unchanged, input.Stage, clock.GetUtcNow(), ReportKey: outcome.ReportKey, Version: outcome.Version),
                    ct);
                await handOff.ReleaseAsync(id, input.ClaimChecks, ct);
                metrics.Unchanged(started);
                break;
            default:
                // Not a stage consumer (a subscriber of the same message type on this bus): nothing to record.
                break;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("stageOutcome");

    private static IngestionStatus ProgressOf(string stage) => stage switch
    {
        StageNames.Extract => IngestionStatus.Extracted,
        StageNames.Normalize => IngestionStatus.Normalized,
        StageNames.Validate => IngestionStatus.Validated,
        _ => throw new InvalidOperationException($"Stage {stage} has no progress status; it ends with a final one."),
    };
}

using IngestionPipeline.Contracts;
using MassTransit;

namespace IngestionPipeline.Components.Tracking;

/// <summary>Feeds terminal pipeline events (and stage faults) into the <see cref="IngestionTracker"/>.</summary>
public sealed class IngestionTrackerConsumer(IngestionTracker tracker) :
    IConsumer<ReportVersionCreated>,
    IConsumer<ReportUnchanged>,
    IConsumer<ReportRejected>,
    IConsumer<Fault<ReportFileSubmitted>>,
    IConsumer<Fault<ReportExtracted>>,
    IConsumer<Fault<ReportNormalized>>,
    IConsumer<Fault<ReportValidated>>
{
    public Task Consume(ConsumeContext<ReportVersionCreated> context)
    {
        var m = context.Message;
        tracker.Complete(new IngestionOutcome(m.IngestionId, IngestionOutcomeKind.VersionCreated, m.ReportKey, m.Version, m.Year, m.TemplateVersion, m.FindingCount, m.ChangedCellCount));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ReportUnchanged> context)
    {
        var m = context.Message;
        tracker.Complete(new IngestionOutcome(m.IngestionId, IngestionOutcomeKind.Unchanged, m.ReportKey, m.CurrentVersion));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ReportRejected> context)
    {
        var m = context.Message;
        tracker.Complete(new IngestionOutcome(m.IngestionId, IngestionOutcomeKind.Rejected, ReasonCode: m.ReasonCode, Reason: m.Reason));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<Fault<ReportFileSubmitted>> context) => Failed(context.Message.Message.IngestionId, context.Message);

    public Task Consume(ConsumeContext<Fault<ReportExtracted>> context) => Failed(context.Message.Message.IngestionId, context.Message);

    public Task Consume(ConsumeContext<Fault<ReportNormalized>> context) => Failed(context.Message.Message.IngestionId, context.Message);

    public Task Consume(ConsumeContext<Fault<ReportValidated>> context) => Failed(context.Message.Message.IngestionId, context.Message);

    private Task Failed(Guid ingestionId, Fault fault)
    {
        var e = fault.Exceptions.FirstOrDefault();
        tracker.Complete(new IngestionOutcome(ingestionId, IngestionOutcomeKind.Failed, ReasonCode: "STAGE_FAILED", Reason: e is null ? "unknown failure" : $"{e.ExceptionType}: {e.Message}"));
        return Task.CompletedTask;
    }
}

using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Components.Callbacks;

/// <summary>
/// Delivers an ingestion's outcome (<see cref="ReportVersionCreated"/>, <see cref="ReportUnchanged"/>,
/// <see cref="ReportRejected"/>) to the callback URL its submission named, and records how the delivery ended.
/// Runs on its own queue, so a slow receiver never holds up a stage; it never throws for a receiver's failure, so a
/// callback never fails the pipeline. A callback already delivered or failed is not sent again when the event is
/// redelivered: one callback per outcome.
/// </summary>
public sealed class CallbackConsumer(IReportStore store, CallbackSender sender, TimeProvider clock, ILogger<CallbackConsumer> logger) :
    IConsumer<ReportVersionCreated>,
    IConsumer<ReportUnchanged>,
    IConsumer<ReportRejected>
{
    public Task Consume(ConsumeContext<ReportVersionCreated> context)
    {
        var m = context.Message;
        return DeliverAsync(m.IngestionId, id => new CallbackPayload(id, "versionCreated", m.ReportKey, m.Version, null, m.Reason, m.Year, m.ChangedCellCount, clock.GetUtcNow(), StatusUrl(id)), context.CancellationToken);
    }

    public Task Consume(ConsumeContext<ReportUnchanged> context)
    {
        var m = context.Message;
        return DeliverAsync(m.IngestionId, id => new CallbackPayload(id, "unchanged", m.ReportKey, m.CurrentVersion, null, null, null, null, clock.GetUtcNow(), StatusUrl(id)), context.CancellationToken);
    }

    public Task Consume(ConsumeContext<ReportRejected> context)
    {
        var m = context.Message;
        return DeliverAsync(m.IngestionId, id => new CallbackPayload(id, "rejected", null, null, m.ReasonCode, m.Reason, null, null, clock.GetUtcNow(), StatusUrl(id)), context.CancellationToken);
    }

    private static string StatusUrl(Guid ingestionId) => $"/ingestions/{ingestionId}";

    private async Task DeliverAsync(Guid ingestionId, Func<Guid, CallbackPayload> payload, CancellationToken cancellationToken)
    {
        if (store is not ICallbackStore callbacks)
        {
            return;
        }

        try
        {
            var registration = await callbacks.GetCallbackAsync(ingestionId, cancellationToken);
            if (registration is not { Status: CallbackDeliveryStatus.Pending })
            {
                return;
            }

            var result = await sender.DeliverAsync(registration.Url, payload(ingestionId), cancellationToken);
            var status = result.Delivered ? CallbackDeliveryStatus.Delivered : CallbackDeliveryStatus.Failed;
            await callbacks.RecordCallbackDeliveryAsync(ingestionId, status, result.Attempts, result.LastError, clock.GetUtcNow(), cancellationToken);
            if (result.Delivered)
            {
                logger.LogInformation("Callback for {IngestionId} delivered to {Host} after {Attempts} attempt(s)", ingestionId, registration.Url.Host, result.Attempts);
            }
            else
            {
                logger.LogWarning("Callback for {IngestionId} to {Host} failed after {Attempts} attempt(s): {Error}", ingestionId, registration.Url.Host, result.Attempts, result.LastError);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A callback never fails the pipeline: the outcome is stored whatever happens here.
            logger.LogError(e, "Callback for {IngestionId} could not be handled", ingestionId);
        }
    }
}

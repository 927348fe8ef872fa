using System.Diagnostics;
using System.Security.Cryptography;
using IngestionPipeline.Components.Observability;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace IngestionPipeline.Components.Intake;

/// <summary>
/// Crawler intake: keeps the raw bytes (content-addressed) and records the ingestion in one durable commit
/// (<see cref="IReportStore.AcceptSubmissionAsync"/>), then publishes <see cref="ReportFileSubmitted"/>; once it
/// returns, the submission survives a crash of every process. Shared by the CLI and the HTTP API so every entry point behaves alike.
/// A publish that fails (broker restarting, connection lost) is retried with back-off; if it still fails, the
/// ingestion is marked failed with <c>PUBLISH_FAILED</c> (never left looking "submitted" forever) and
/// <see cref="SubmissionNotPublishedException"/> tells the caller to submit again.
/// </summary>
public sealed class ReportIntake(IReportStore store, IPublishEndpoint publisher, TimeProvider clock, ILogger<ReportIntake> logger, PipelineMetrics metrics)
{
    public const string PublishFailed = "PUBLISH_FAILED";

    // Publishing again is safe: every stage is idempotent per ingestion id. Up to ~40 s in all, enough to ride
    // out a broker restart, short enough for an HTTP client waiting on the API.
    private static readonly ResiliencePipeline PublishRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
            MaxRetryAttempts = 5,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(500),
            MaxDelay = TimeSpan.FromSeconds(8),
            UseJitter = true,
        })
        .AddTimeout(TimeSpan.FromSeconds(5))
        .Build();

    public Task<ReportFileSubmitted> SubmitAsync(
        ReadOnlyMemory<byte> content,
        string fileName,
        string? sourceUrl = null,
        SubmissionHints? hints = null,
        CancellationToken cancellationToken = default) =>
        SubmitAsync(content, fileName, sourceUrl, hints, callbackUrl: null, cancellationToken);

    /// <summary>
    /// Submits like the overload without <paramref name="callbackUrl"/>, and registers that URL (already checked by the
    /// caller with <see cref="Callbacks.CallbackAddressGuard"/>) to receive the outcome, stored before the publish.
    /// </summary>
    public async Task<ReportFileSubmitted> SubmitAsync(
        ReadOnlyMemory<byte> content,
        string fileName,
        string? sourceUrl,
        SubmissionHints? hints,
        Uri? callbackUrl,
        CancellationToken cancellationToken)
    {
        // Names and hints come from whoever submitted the file: escaped once here, they are safe in every log
        // line, stored record and message downstream.
        fileName = UntrustedText.Escape(fileName);
        sourceUrl = UntrustedText.Escape(sourceUrl);
        hints = Escape(hints);
        var now = clock.GetUtcNow();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        var message = new ReportFileSubmitted(Guid.NewGuid(), sha256, fileName, sourceUrl, now, hints);

        // The ingestion's trace starts here; the publish below (MassTransit's send span) and every stage join it.
        var caller = Activity.Current;
        var activity = PipelineTracing.StartIntake(message.IngestionId, fileName);
        try
        {
            return await AcceptAndPublishAsync(content, message, callbackUrl, activity, cancellationToken);
        }
        finally
        {
            activity?.Dispose();
            Activity.Current = caller;
        }
    }

    private async Task<ReportFileSubmitted> AcceptAndPublishAsync(ReadOnlyMemory<byte> content, ReportFileSubmitted message, Uri? callbackUrl, Activity? activity, CancellationToken cancellationToken)
    {
        var (sha256, fileName, sourceUrl, now) = (message.RawSha256, message.FileName, message.SourceUrl, message.SubmittedAt);

        // The one durable commit the crawler waits for: raw bytes and submission together, before the publish.
        var raw = await store.AcceptSubmissionAsync(
            content,
            new IngestionRecord(message.IngestionId, sha256, fileName, sourceUrl, IngestionStatus.Submitted, now, now, StageNames.Submit),
            cancellationToken);
        if (callbackUrl is not null)
        {
            // Stored before the publish, so the outcome's callback consumer always finds it (the caller checked the
            // URL with the CallbackAddressGuard).
            var callbacks = store as ICallbackStore
                ?? throw new InvalidOperationException($"{store.GetType().Name} does not implement {nameof(ICallbackStore)}.");
            await callbacks.SaveCallbackAsync(message.IngestionId, callbackUrl, now, cancellationToken);
        }

        try
        {
            await PublishRetry.ExecuteAsync(static async (state, ct) => await state.publisher.Publish(state.message, ct), (publisher, message), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, PublishFailed);
            logger.LogError(e, "Could not publish {IngestionId} ({FileName}); marked {ReasonCode}", message.IngestionId, fileName, PublishFailed);
            await store.UpdateIngestionAsync(
                new IngestionUpdate(message.IngestionId, IngestionStatus.Failed, StageNames.Submit, clock.GetUtcNow(), PublishFailed, e.GetBaseException().Message),
                CancellationToken.None);
            throw new SubmissionNotPublishedException(message.IngestionId, e);
        }

        metrics.Submitted();
        logger.LogInformation("Submitted {FileName} as {IngestionId} ({Sha256}, {Length} bytes)", fileName, message.IngestionId, raw.Sha256, raw.Length);
        return message;
    }

    private static SubmissionHints? Escape(SubmissionHints? hints) =>
        hints is null
            ? null
            : hints with
            {
                AgencyId = UntrustedText.Escape(hints.AgencyId),
                Organization = UntrustedText.Escape(hints.Organization),
                Region = UntrustedText.Escape(hints.Region),
            };
}

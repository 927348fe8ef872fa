using System.Threading.RateLimiting;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Components.Reprocessing;

/// <summary>
/// Re-processing: runs stored raw files through the pipeline again (the same stages, on whatever bus the host has: the
/// in-memory one embedded, RabbitMQ with workers), so that reports read by an older parser get what the current parser
/// reads. Each selected report's current raw file is submitted again as a new ingestion with
/// <see cref="ReportFileSubmitted.Reprocess"/> set and the hints it first came with; the store stage then creates a
/// version marked <see cref="VersionReason.ParserChange"/> when the content changed, and nothing when it did not.
/// Submissions are paced (<see cref="ReprocessPace"/>) so that new submissions from crawlers are not starved.
/// </summary>
public sealed class ReportReprocessor(IReportStore store, IPublishEndpoint publisher, ReportParser parser, TimeProvider clock, ILogger<ReportReprocessor> logger)
{
    /// <summary>The parser version of this process: what <c>--stale</c> compares with.</summary>
    public string ParserVersion => parser.ParserVersion;

    /// <summary>The current versions <paramref name="selection"/> selects.</summary>
    public Task<IReadOnlyList<ReprocessCandidate>> SelectAsync(ReprocessSelection selection, CancellationToken cancellationToken = default) =>
        store is IReprocessStore reprocessStore
            ? reprocessStore.ListReprocessCandidatesAsync(selection, cancellationToken)
            : throw new NotSupportedException($"{store.GetType().Name} cannot list reports to re-process.");

    /// <summary>Records a new ingestion of <paramref name="candidate"/>'s raw file and publishes it to the extract stage.</summary>
    public async Task<ReportFileSubmitted> ResubmitAsync(ReprocessCandidate candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var now = clock.GetUtcNow();
        var fileName = candidate.SourceFileName ?? candidate.SourceSha256;
        var message = new ReportFileSubmitted(Guid.NewGuid(), candidate.SourceSha256, fileName, null, now, candidate.Hints, Reprocess: true);

        // The raw file is already kept: recording the ingestion is the durable part of this submission.
        await store.RecordSubmissionAsync(
            new IngestionRecord(message.IngestionId, candidate.SourceSha256, fileName, null, IngestionStatus.Submitted, now, now, StageNames.Submit),
            cancellationToken);
        try
        {
            await publisher.Publish(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await store.UpdateIngestionAsync(
                new IngestionUpdate(message.IngestionId, IngestionStatus.Failed, StageNames.Submit, clock.GetUtcNow(), Intake.ReportIntake.PublishFailed, e.GetBaseException().Message),
                CancellationToken.None);
            throw;
        }

        logger.LogInformation("Re-processing {ReportKey} version {Version} ({Sha256}) as {IngestionId}", candidate.ReportKey, candidate.Version, candidate.SourceSha256, message.IngestionId);
        return message;
    }

    /// <summary>
    /// Submits every candidate, at most <see cref="ReprocessPace.PerSecond"/> a second and with at most
    /// <see cref="ReprocessPace.MaxInFlight"/> unfinished at a time, and waits for every outcome through
    /// <paramref name="waitForOutcome"/> (the bus's tracker in-process; the store's statuses with remote workers).
    /// </summary>
    public async Task<ReprocessSummary> RunAsync(
        IReadOnlyList<ReprocessCandidate> candidates,
        ReprocessPace pace,
        Func<Guid, CancellationToken, Task<IngestionOutcome>> waitForOutcome,
        IProgress<ReprocessProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(pace);
        ArgumentNullException.ThrowIfNull(waitForOutcome);
        using var limiter = CreateLimiter(pace.PerSecond);
        using var inFlight = new SemaphoreSlim(Math.Max(1, pace.MaxInFlight));
        var outcomes = new List<Task<(ReprocessCandidate Candidate, IngestionOutcome Outcome)>>(candidates.Count);
        var tally = new ReprocessTally(candidates.Count, progress);
        foreach (var candidate in candidates)
        {
            await inFlight.WaitAsync(cancellationToken);
            await AcquireAsync(limiter, cancellationToken);

            ReportFileSubmitted message;
            try
            {
                message = await ResubmitAsync(candidate, cancellationToken);
            }
            catch
            {
                inFlight.Release();
                throw;
            }

            tally.Submitted();
            outcomes.Add(WaitAsync(candidate, message.IngestionId));
        }

        var results = await Task.WhenAll(outcomes);
        return new ReprocessSummary(results.Select(r => new ReprocessResult(r.Candidate, r.Outcome)).ToList());

        async Task<(ReprocessCandidate, IngestionOutcome)> WaitAsync(ReprocessCandidate candidate, Guid ingestionId)
        {
            try
            {
                var outcome = await waitForOutcome(ingestionId, cancellationToken);
                tally.Finished(outcome);
                return (candidate, outcome);
            }
            finally
            {
                inFlight.Release();
            }
        }
    }

    /// <summary>
    /// Submits every candidate, at most <paramref name="perSecond"/> a second (0 or less: no limit), without waiting for
    /// the outcomes (the HTTP API: the caller follows each ingestion by its id).
    /// </summary>
    public async Task<IReadOnlyList<ReportFileSubmitted>> SubmitAsync(IReadOnlyList<ReprocessCandidate> candidates, double perSecond, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        using var limiter = CreateLimiter(perSecond);
        var submitted = new List<ReportFileSubmitted>(candidates.Count);
        foreach (var candidate in candidates)
        {
            await AcquireAsync(limiter, cancellationToken);
            submitted.Add(await ResubmitAsync(candidate, cancellationToken));
        }

        return submitted;
    }

    private static TokenBucketRateLimiter? CreateLimiter(double perSecond) =>
        perSecond > 0
            ? new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = 1,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1 / perSecond),
                QueueLimit = 1,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            })
            : null;

    private static async Task AcquireAsync(RateLimiter? limiter, CancellationToken cancellationToken)
    {
        while (limiter is not null)
        {
            using var lease = await limiter.AcquireAsync(1, cancellationToken);
            if (lease.IsAcquired)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Waits for the final status of <paramref name="ingestionId"/> in the store (whichever process runs the stages),
    /// checking every <paramref name="pollInterval"/>.
    /// </summary>
    public async Task<IngestionOutcome> WaitForFinalStatusAsync(Guid ingestionId, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await store.GetIngestionAsync(ingestionId, cancellationToken) is { } record && ToOutcome(record) is { } outcome)
            {
                return outcome;
            }

            await Task.Delay(pollInterval, clock, cancellationToken);
        }
    }

    private static IngestionOutcome? ToOutcome(IngestionRecord record) => record.Status switch
    {
        IngestionStatus.VersionCreated => new IngestionOutcome(record.IngestionId, IngestionOutcomeKind.VersionCreated, record.ReportKey, record.Version),
        IngestionStatus.Unchanged => new IngestionOutcome(record.IngestionId, IngestionOutcomeKind.Unchanged, record.ReportKey, record.Version),
        IngestionStatus.Rejected => new IngestionOutcome(record.IngestionId, IngestionOutcomeKind.Rejected, ReasonCode: record.ReasonCode, Reason: record.Reason),
        IngestionStatus.Failed => new IngestionOutcome(record.IngestionId, IngestionOutcomeKind.Failed, ReasonCode: record.ReasonCode, Reason: record.Reason),
        _ => null,
    };

    private sealed class ReprocessTally(int total, IProgress<ReprocessProgress>? progress)
    {
        private readonly Lock gate = new();
        private int submitted;
        private int created;
        private int unchanged;
        private int failed;

        public void Submitted()
        {
            lock (gate)
            {
                submitted++;
                Report();
            }
        }

        public void Finished(IngestionOutcome outcome)
        {
            lock (gate)
            {
                switch (outcome.Kind)
                {
                    case IngestionOutcomeKind.VersionCreated:
                        created++;
                        break;
                    case IngestionOutcomeKind.Unchanged:
                        unchanged++;
                        break;
                    default:
                        failed++;
                        break;
                }

                Report();
            }
        }

        private void Report() => progress?.Report(new ReprocessProgress(total, submitted, created, unchanged, failed));
    }
}

/// <summary>How fast re-processing submits: it shares the stages with crawlers' new submissions.</summary>
/// <param name="PerSecond">Submissions per second at most (0 or less: no limit).</param>
/// <param name="MaxInFlight">Re-processed ingestions unfinished at any time, at most.</param>
public sealed record ReprocessPace(double PerSecond = 20, int MaxInFlight = 16);

/// <summary>Progress of a run: how many were submitted, and how the finished ones ended.</summary>
public sealed record ReprocessProgress(int Total, int Submitted, int NewVersions, int Unchanged, int Failed)
{
    public int Finished => NewVersions + Unchanged + Failed;
}

/// <summary>One re-processed report and how its ingestion ended.</summary>
public sealed record ReprocessResult(ReprocessCandidate Candidate, IngestionOutcome Outcome);

/// <summary>Every re-processed report of a run.</summary>
public sealed record ReprocessSummary(IReadOnlyList<ReprocessResult> Results)
{
    public int NewVersions => Results.Count(r => r.Outcome.Kind == IngestionOutcomeKind.VersionCreated);

    public int Unchanged => Results.Count(r => r.Outcome.Kind == IngestionOutcomeKind.Unchanged);

    /// <summary>Rejected or failed: a raw file the current parser cannot read any more, or a technical failure.</summary>
    public int Failed => Results.Count - NewVersions - Unchanged;
}

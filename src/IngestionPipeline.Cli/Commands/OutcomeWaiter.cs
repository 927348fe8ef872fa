using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// Waits on the store (not the bus) for submitted ingestions to reach a final status: the store is what the workers
/// share, so this works whichever process ran the stages, and for ingestions finished before we looked. It ends as soon
/// as every ingestion has its outcome, or when none has moved (a new status or outcome) for <c>stallTimeout</c>:
/// a per-file allowance, so that a long batch that keeps progressing is never cut short.
/// </summary>
internal static class OutcomeWaiter
{
    private static readonly IngestionStatus[] Final = [IngestionStatus.VersionCreated, IngestionStatus.Unchanged, IngestionStatus.Rejected, IngestionStatus.Failed];

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>True when <paramref name="status"/> is an outcome (a version, unchanged, a rejection or a failure).</summary>
    public static bool IsFinal(IngestionStatus status) => Final.Contains(status);

    /// <summary>
    /// The last record seen of every ingestion in <paramref name="ids"/> (null: not in this store); those not final are
    /// the stuck ones. Cancelling <paramref name="cancellationToken"/> ends the wait early with what was seen.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, IngestionRecord?>> WaitAsync(
        IReportStore store, IReadOnlyList<Guid> ids, TimeSpan stallTimeout, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        clock ??= TimeProvider.System;
        var seen = ids.Distinct().ToDictionary(id => id, _ => (IngestionRecord?)null);
        var lastProgress = clock.GetUtcNow();
        try
        {
            while (true)
            {
                foreach (var id in seen.Keys.Where(id => seen[id] is not { } r || !IsFinal(r.Status)).ToList())
                {
                    var record = await store.GetIngestionAsync(id, cancellationToken);
                    if (record is not null && (seen[id] is not { } before || before.Status != record.Status))
                    {
                        lastProgress = clock.GetUtcNow();
                    }

                    seen[id] = record;
                }

                if (seen.Values.All(r => r is not null && IsFinal(r.Status)) || clock.GetUtcNow() - lastProgress >= stallTimeout)
                {
                    return seen;
                }

                await Task.Delay(PollInterval, clock, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return seen;
        }
    }

    /// <summary>Why an ingestion that has no outcome yet is stuck, for the summary: where it stopped and what to check.</summary>
    public static string DescribeStuck(IngestionRecord? record, string? queuePrefix, DateTimeOffset now)
    {
        var prefix = string.IsNullOrWhiteSpace(queuePrefix) ? "no queue prefix" : $"queue prefix '{queuePrefix}'";
        if (record is null)
        {
            return "not in this store: the submission was not recorded here (is --data/--mongo the store you submitted to?)";
        }

        var age = now - record.UpdatedAt;
        var idle = age < TimeSpan.Zero ? "" : $" for {Math.Round(age.TotalSeconds):0} s";
        var next = record.Status switch
        {
            IngestionStatus.Submitted => "extract",
            IngestionStatus.Extracted => "normalize",
            IngestionStatus.Normalized => "validate",
            _ => "store",
        };
        return $"stuck at {record.Status}{idle}: no worker finished its {next} stage; is a worker hosting '{next}' running with {prefix} on this store? (`ingest status`)";
    }
}

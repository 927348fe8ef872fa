using System.Collections.Concurrent;

namespace IngestionPipeline.Components.Tracking;

/// <summary>
/// Lets an in-process caller (the CLI's <c>run</c>, tests) await the terminal event of ingestions it
/// submitted. Outcomes arriving before anyone waits are kept until asked for, for <see cref="Retention"/>:
/// the tracker hears every outcome on the bus, including other processes' ingestions nobody here waits for,
/// so what is not claimed is dropped after that, and what is claimed is dropped at once. Memory stays bounded
/// in a long-running process.
/// </summary>
public sealed class IngestionTracker(TimeProvider clock)
{
    /// <summary>How long an outcome nobody has asked for yet is kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<IngestionOutcome>> pending = new();
    private readonly ConcurrentQueue<(Guid Id, DateTimeOffset At)> unclaimed = new();

    public IngestionTracker()
        : this(TimeProvider.System)
    {
    }

    public event Action<IngestionOutcome>? Completed;

    /// <summary>Outcomes and waits currently held (for tests and diagnostics).</summary>
    public int Count => pending.Count;

    public async Task<IngestionOutcome> WaitAsync(Guid ingestionId, CancellationToken cancellationToken = default)
    {
        var source = Source(ingestionId);
        try
        {
            var outcome = await source.Task.WaitAsync(cancellationToken);
            pending.TryRemove(new KeyValuePair<Guid, TaskCompletionSource<IngestionOutcome>>(ingestionId, source));
            return outcome;
        }
        catch (OperationCanceledException) when (!source.Task.IsCompleted)
        {
            // Nobody waits any more: forget the wait (an outcome arriving later is kept as unclaimed).
            pending.TryRemove(new KeyValuePair<Guid, TaskCompletionSource<IngestionOutcome>>(ingestionId, source));
            throw;
        }
    }

    internal void Complete(IngestionOutcome outcome)
    {
        var now = clock.GetUtcNow();
        if (Source(outcome.IngestionId).TrySetResult(outcome))
        {
            unclaimed.Enqueue((outcome.IngestionId, now));
            Completed?.Invoke(outcome);
        }

        // Drop outcomes nobody claimed within the retention.
        while (unclaimed.TryPeek(out var oldest) && now - oldest.At > Retention && unclaimed.TryDequeue(out oldest))
        {
            if (pending.TryGetValue(oldest.Id, out var source) && source.Task.IsCompleted)
            {
                pending.TryRemove(new KeyValuePair<Guid, TaskCompletionSource<IngestionOutcome>>(oldest.Id, source));
            }
        }
    }

    private TaskCompletionSource<IngestionOutcome> Source(Guid id) =>
        pending.GetOrAdd(id, _ => new TaskCompletionSource<IngestionOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
}

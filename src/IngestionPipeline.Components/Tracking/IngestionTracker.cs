using System.Collections.Concurrent;

namespace IngestionPipeline.Components.Tracking;

/// <summary>
/// Lets an in-process caller (the CLI's <c>run</c>, tests) await the terminal event of ingestions it
/// submitted. Outcomes arriving before anyone waits are kept until asked for.
/// </summary>
public sealed class IngestionTracker
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<IngestionOutcome>> pending = new();

    public event Action<IngestionOutcome>? Completed;

    public Task<IngestionOutcome> WaitAsync(Guid ingestionId, CancellationToken cancellationToken = default) =>
        Source(ingestionId).Task.WaitAsync(cancellationToken);

    internal void Complete(IngestionOutcome outcome)
    {
        if (Source(outcome.IngestionId).TrySetResult(outcome))
        {
            Completed?.Invoke(outcome);
        }
    }

    private TaskCompletionSource<IngestionOutcome> Source(Guid id) =>
        pending.GetOrAdd(id, _ => new TaskCompletionSource<IngestionOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
}

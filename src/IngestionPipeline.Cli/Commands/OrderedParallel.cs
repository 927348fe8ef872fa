namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// Runs an asynchronous step over a list with bounded parallelism and yields the results in input order, so a
/// batch can use every core and still print its lines in the order of its inputs.
/// </summary>
internal static class OrderedParallel
{
    /// <summary>
    /// Applies <paramref name="step"/> to every item, at most <paramref name="degree"/> at once, and yields the
    /// results in the order of <paramref name="items"/>. At most <c>2 × degree</c> items are started and not yet
    /// yielded, so memory stays bounded however long the list (results are not all held until the end).
    /// </summary>
    /// <remarks>
    /// The step runs on the thread pool. When the caller stops early (an exception, a break, cancellation), the
    /// steps still running are cancelled and awaited before the enumeration ends, so none outlives what it uses.
    /// </remarks>
    public static async IAsyncEnumerable<TResult> SelectAsync<TItem, TResult>(
        IReadOnlyList<TItem> items,
        int degree,
        Func<TItem, CancellationToken, Task<TResult>> step,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentOutOfRangeException.ThrowIfLessThan(degree, 1);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var running = new SemaphoreSlim(degree, degree);
        var window = new Queue<Task<TResult>>(2 * degree);
        var next = 0;
        try
        {
            while (next < items.Count || window.Count > 0)
            {
                while (next < items.Count && window.Count < 2 * degree)
                {
                    var item = items[next++];
                    window.Enqueue(Task.Run(
                        async () =>
                        {
                            await running.WaitAsync(stop.Token).ConfigureAwait(false);
                            try
                            {
                                return await step(item, stop.Token).ConfigureAwait(false);
                            }
                            finally
                            {
                                running.Release();
                            }
                        },
                        stop.Token));
                }

                yield return await window.Dequeue().ConfigureAwait(false);
            }
        }
        finally
        {
            if (window.Count > 0)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                foreach (var pending in window)
                {
                    try
                    {
                        await pending.ConfigureAwait(false);
                    }
                    catch (Exception)
                    {
                        // The enumeration is already ending with its own outcome; a step cancelled or failing on the
                        // way out must not replace it.
                    }
                }
            }
        }
    }
}

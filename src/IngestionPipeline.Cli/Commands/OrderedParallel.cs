namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// Runs an asynchronous step over a list with bounded parallelism and yields the results in input order, so a
/// batch can use every core and still print its lines in the order of its inputs.
/// </summary>
internal static class OrderedParallel
{
    /// <summary>
    /// Applies <paramref name="step"/> to every item, at most <paramref name="degree"/> at once, and yields the
    /// results in the order of <paramref name="items"/>. Items are started in input order, and at most
    /// <c>2 × degree</c> are started and not yet yielded, so memory stays bounded however long the list.
    /// </summary>
    /// <remarks>
    /// <paramref name="degree"/> workers on the thread pool take the next item in turn, so the item the caller
    /// waits for is always the oldest one started and never waits for a free worker. When the caller stops early
    /// (an exception, a break, cancellation), the steps still running are cancelled and awaited before the
    /// enumeration ends, so none outlives what it uses.
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

        var window = 2 * degree;
        var results = new TaskCompletionSource<TResult>[window];
        for (var i = 0; i < window; i++)
        {
            results[i] = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var free = new SemaphoreSlim(window, window);
        var next = -1;

        async Task WorkAsync()
        {
            try
            {
                while (true)
                {
                    // A free place in the window first, then the next index: indices are taken in input order.
                    await free.WaitAsync(stop.Token).ConfigureAwait(false);
                    var index = Interlocked.Increment(ref next);
                    if (index >= items.Count)
                    {
                        return;
                    }

                    var result = results[index % window];
                    try
                    {
                        result.SetResult(await step(items[index], stop.Token).ConfigureAwait(false));
                    }
                    catch (OperationCanceledException e)
                    {
                        result.SetCanceled(e.CancellationToken);
                    }
                    catch (Exception e)
                    {
                        result.SetException(e);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped while waiting for a place in the window.
            }
        }

        var workers = Enumerable.Range(0, Math.Min(degree, Math.Max(1, items.Count))).Select(_ => Task.Run(WorkAsync, CancellationToken.None)).ToArray();
        try
        {
            for (var index = 0; index < items.Count; index++)
            {
                var value = await results[index % window].Task.ConfigureAwait(false);

                // The place is renewed before it is freed, so the worker that takes index + window finds a fresh one,
                // and freed once the caller is done with the value.
                results[index % window] = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                yield return value;
                free.Release();
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(workers).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The enumeration is already ending with its own outcome; a worker failing on the way out must not
                // replace it.
            }
        }
    }
}

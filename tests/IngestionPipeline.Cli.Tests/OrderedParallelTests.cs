using IngestionPipeline.Cli.Commands;

namespace IngestionPipeline.Cli.Tests;

/// <summary>The batch helper of <c>parse DIR</c>: input order kept, parallelism and memory bounded, nothing left running.</summary>
public sealed class OrderedParallelTests
{
    [Fact]
    public async Task SelectAsync_yields_in_input_order_with_at_most_degree_steps_at_once_and_a_bounded_window()
    {
        const int Degree = 3;
        var items = Enumerable.Range(0, 200).ToList();
        int running = 0, maxRunning = 0, started = 0, yielded = 0, maxAhead = 0;
        var results = new List<int>();

        await foreach (var result in OrderedParallel.SelectAsync(
            items,
            Degree,
            async (item, ct) =>
            {
                Interlocked.Increment(ref started);
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref maxRunning, now);
                InterlockedMax(ref maxAhead, Volatile.Read(ref started) - Volatile.Read(ref yielded));

                // Later items finish sooner, so the output order is the helper's doing, not the scheduler's.
                for (var spin = 0; spin < (200 - item) * 5; spin++)
                {
                    await Task.Yield();
                    if (spin % 100 == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                    }
                }

                Interlocked.Decrement(ref running);
                return item * 2;
            },
            TestContext.Current.CancellationToken))
        {
            results.Add(result);
            Interlocked.Increment(ref yielded);
        }

        Assert.Equal(items.Select(i => i * 2), results);
        Assert.InRange(maxRunning, 1, Degree);
        Assert.InRange(maxAhead, 1, 2 * Degree);
    }

    [Fact]
    public async Task SelectAsync_stopped_early_cancels_and_awaits_the_steps_still_running()
    {
        var items = Enumerable.Range(0, 50).ToList();
        var running = 0;
        var seen = new List<int>();
        var unblock = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await foreach (var result in OrderedParallel.SelectAsync(
            items,
            2,
            async (item, ct) =>
            {
                Interlocked.Increment(ref running);
                try
                {
                    if (item > 0)
                    {
                        // Only cancellation ends these: the early stop must cancel them, then wait for them.
                        await unblock.Task.WaitAsync(ct);
                    }

                    return item;
                }
                finally
                {
                    Interlocked.Decrement(ref running);
                }
            },
            TestContext.Current.CancellationToken))
        {
            seen.Add(result);
            break;
        }

        Assert.Equal([0], seen);
        Assert.Equal(0, Volatile.Read(ref running));
        Assert.False(unblock.Task.IsCompleted);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

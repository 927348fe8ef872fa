using System.Collections.Concurrent;
using System.Diagnostics;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Corpus;

namespace IngestionPipeline.Benchmarks;

/// <summary>Latency at one offered load: submit start → terminal event seen by the tracker.</summary>
public sealed record LatencyFigure(double OfferedPerSecond, double AchievedPerSecond, int Reports, double P50Ms, double P95Ms, double P99Ms);

/// <summary>
/// Drives a pipeline through <c>submit</c> (intake of one document, returns its ingestion id) and observes
/// outcomes through an <see cref="IngestionTracker"/>. Shared by the in-memory and the RabbitMQ e2e benches.
/// </summary>
public sealed class LoadDriver
{
    private readonly Func<GeneratedDocument, CancellationToken, Task<Guid>> submit;
    private readonly IngestionTracker tracker;
    private readonly ConcurrentDictionary<Guid, long> completedAt = new();

    public LoadDriver(Func<GeneratedDocument, CancellationToken, Task<Guid>> submit, IngestionTracker tracker)
    {
        this.submit = submit;
        this.tracker = tracker;
        tracker.Completed += o =>
        {
            completedAt[o.IngestionId] = Stopwatch.GetTimestamp();
            Outcomes.AddOrUpdate(o.Kind, 1, (_, n) => n + 1);
        };
    }

    public ConcurrentDictionary<IngestionOutcomeKind, int> Outcomes { get; } = new();

    /// <summary>Submits everything with <paramref name="parallelism"/> intake calls at once and waits for the last outcome.</summary>
    public async Task SaturateAsync(IReadOnlyList<GeneratedDocument> docs, int parallelism, CancellationToken ct)
    {
        var ids = new ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(docs, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (doc, token) =>
            ids.Add(await submit(doc, token)));
        await Task.WhenAll(ids.Select(id => tracker.WaitAsync(id, ct))).WaitAsync(TimeSpan.FromMinutes(10), ct);
    }

    /// <summary>Open loop: one submission every 1/<paramref name="perSecond"/> s whatever the pipeline does; latency percentiles.</summary>
    public async Task<LatencyFigure> OpenLoopAsync(IReadOnlyList<GeneratedDocument> docs, double perSecond, CancellationToken ct)
    {
        var started = new ConcurrentDictionary<Guid, long>();
        var waits = new List<Task>(docs.Count);
        var origin = Stopwatch.GetTimestamp();
        for (var i = 0; i < docs.Count; i++)
        {
            var due = origin + (long)(i / perSecond * Stopwatch.Frequency);
            var delay = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, ct);
            }

            var doc = docs[i];
            waits.Add(Task.Run(
                async () =>
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var id = await submit(doc, ct);
                    started[id] = t0;
                    await tracker.WaitAsync(id, ct).WaitAsync(TimeSpan.FromMinutes(5), ct);
                },
                ct));
        }

        await Task.WhenAll(waits);
        var elapsed = Stopwatch.GetElapsedTime(origin).TotalSeconds;
        var latencies = started.Select(kv => Stopwatch.GetElapsedTime(kv.Value, completedAt[kv.Key]).TotalMilliseconds).ToList();
        return new LatencyFigure(perSecond, docs.Count / elapsed, docs.Count, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 95), Stats.Percentile(latencies, 99));
    }

    public static List<GeneratedDocument> Take(Queue<GeneratedDocument> queue, int count)
    {
        var list = new List<GeneratedDocument>(count);
        for (var i = 0; i < count && queue.Count > 0; i++)
        {
            list.Add(queue.Dequeue());
        }

        return list;
    }
}

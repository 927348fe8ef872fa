using System.Collections.Concurrent;
using System.Diagnostics;
using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Corpus;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Benchmarks;

public sealed record EndToEndResult(
    double SaturatedReportsPerSecond,
    double OfferedPerSecond,
    double AchievedPerSecond,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    IReadOnlyDictionary<IngestionOutcomeKind, int> Outcomes);

/// <summary>
/// End to end on the embedded pipeline (in-memory bus, SQLite store in a temp directory): distinct generated
/// TXT reports submitted through <see cref="ReportIntake"/>, outcomes observed through <see cref="IngestionTracker"/>.
/// </summary>
public static class EndToEndBench
{
    public static async Task<EndToEndResult> RunAsync(int warmup, int saturationCount, int latencyCount, int seed, TextWriter log, CancellationToken ct)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ingest-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDirectory);
        var documents = CorpusWriter.Generate("txt", warmup + saturationCount + latencyCount, seed).ToList();
        var outcomes = new ConcurrentDictionary<IngestionOutcomeKind, int>();
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory, DisableDefaults = true });
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddEmbeddedPipeline(dataDirectory);
            builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
            using var host = builder.Build();
            await host.Services.GetRequiredService<IReportStore>().InitializeAsync(ct);
            await host.StartAsync(ct);
            try
            {
                var tracker = host.Services.GetRequiredService<IngestionTracker>();
                var completedAt = new ConcurrentDictionary<Guid, long>();
                tracker.Completed += o =>
                {
                    completedAt[o.IngestionId] = Stopwatch.GetTimestamp();
                    outcomes.AddOrUpdate(o.Kind, 1, (_, n) => n + 1);
                };

                var queue = new Queue<GeneratedDocument>(documents);

                // Warm-up: JIT, SQLite, MassTransit topology.
                await SaturateAsync(host.Services, tracker, Take(queue, warmup), ct);

                // Saturation: everything submitted as fast as intake takes it (bounded concurrency), time to last outcome.
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                await SaturateAsync(host.Services, tracker, Take(queue, saturationCount), ct);
                var saturated = saturationCount / sw.Elapsed.TotalSeconds;
                var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
                log.WriteLine($"e2e: saturation {saturationCount} reports in {sw.Elapsed.TotalSeconds:F2} s = {saturated:F1} reports/s; process CPU {cpuMs / saturationCount:F1} ms/report, {cpuMs / sw.Elapsed.TotalMilliseconds:F2} cores busy of {Environment.ProcessorCount}");

                // Fixed offered load at half the saturated rate (open loop): latency submit → outcome.
                var offered = saturated / 2;
                var interval = TimeSpan.FromSeconds(1 / offered);
                var started = new ConcurrentDictionary<Guid, long>();
                var waits = new List<Task>();
                var load = Take(queue, latencyCount);
                var origin = Stopwatch.GetTimestamp();
                for (var i = 0; i < load.Count; i++)
                {
                    var due = origin + (long)(interval.TotalSeconds * i * Stopwatch.Frequency);
                    var delay = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (delay > TimeSpan.Zero)
                    {
                        await Task.Delay(delay, ct);
                    }

                    var doc = load[i];
                    waits.Add(Task.Run(
                        async () =>
                        {
                            var t0 = Stopwatch.GetTimestamp();
                            var id = await SubmitAsync(host.Services, doc, ct);
                            started[id] = t0;
                            await tracker.WaitAsync(id, ct).WaitAsync(TimeSpan.FromMinutes(5), ct);
                        },
                        ct));
                }

                await Task.WhenAll(waits);
                var elapsed = Stopwatch.GetElapsedTime(origin).TotalSeconds;
                var latencies = started.Select(kv => Stopwatch.GetElapsedTime(kv.Value, completedAt[kv.Key]).TotalMilliseconds).ToList();
                return new EndToEndResult(
                    saturated,
                    offered,
                    load.Count / elapsed,
                    Stats.Percentile(latencies, 50),
                    Stats.Percentile(latencies, 95),
                    Stats.Percentile(latencies, 99),
                    new Dictionary<IngestionOutcomeKind, int>(outcomes));
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }

    private static List<GeneratedDocument> Take(Queue<GeneratedDocument> queue, int count)
    {
        var list = new List<GeneratedDocument>(count);
        for (var i = 0; i < count && queue.Count > 0; i++)
        {
            list.Add(queue.Dequeue());
        }

        return list;
    }

    private static async Task SaturateAsync(IServiceProvider services, IngestionTracker tracker, IReadOnlyList<GeneratedDocument> docs, CancellationToken ct)
    {
        var ids = new ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(docs, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (doc, token) =>
            ids.Add(await SubmitAsync(services, doc, token)));
        await Task.WhenAll(ids.Select(id => tracker.WaitAsync(id, ct))).WaitAsync(TimeSpan.FromMinutes(10), ct);
    }

    private static async Task<Guid> SubmitAsync(IServiceProvider services, GeneratedDocument doc, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var intake = scope.ServiceProvider.GetRequiredService<ReportIntake>();
        var message = await intake.SubmitAsync(doc.Content, doc.FileName, cancellationToken: ct);
        return message.IngestionId;
    }
}

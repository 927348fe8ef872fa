using System.Collections.Concurrent;
using System.Diagnostics;
using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Extraction;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Corpus;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.Infrastructure.Storage.Sqlite;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Benchmarks;

/// <summary>One e2e configuration: saturated rate (median of the rounds), CPU, latency at half saturation and at a fixed rate.</summary>
public sealed record EndToEndResult(
    string Configuration,
    double SaturatedReportsPerSecond,
    IReadOnlyList<double> SaturationRounds,
    double CpuMsPerReport,
    double CoresBusy,
    LatencyFigure Half,
    LatencyFigure? Fixed,
    IReadOnlyDictionary<IngestionOutcomeKind, int> Outcomes,
    StoreCostFigure? StoreCost = null)
{
    public double OfferedPerSecond => Half.OfferedPerSecond;

    public double AchievedPerSecond => Half.AchievedPerSecond;

    public double P50Ms => Half.P50Ms;

    public double P95Ms => Half.P95Ms;

    public double P99Ms => Half.P99Ms;
}

/// <summary>What an e2e run does: warm-up, saturation rounds, and the two open-loop latency loads.</summary>
public sealed record EndToEndPlan(int Warmup, int SaturationCount, int SaturationRounds, int HalfLoadCount, int FixedLoadCount, double FixedRatePerSecond, int IntakeParallelism = 8)
{
    public int Documents => Warmup + (SaturationCount * SaturationRounds) + HalfLoadCount + FixedLoadCount;

    public static EndToEndPlan Smoke => new(3, 8, 1, 8, 5, 10);
}

/// <summary>
/// End to end on the embedded pipeline (in-memory bus, SQLite store in a temp directory): distinct generated
/// TXT reports submitted through <see cref="ReportIntake"/>, outcomes observed through <see cref="IngestionTracker"/>.
/// The store is wrapped in a <see cref="CountingReportStore"/> so the saturation rounds also give store calls and time per report.
/// </summary>
public static class EndToEndBench
{
    // Counters of stores with group commit (by name: older stores do not publish them, and then the line is left out).
    private const string DurableCommitsCounter = "sqlite.durable_commits";
    private const string ProgressWritesCounter = "sqlite.progress_writes";

    public static async Task<EndToEndResult> RunAsync(EndToEndPlan plan, int seed, TextWriter log, CancellationToken ct)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ingest-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDirectory);
        var documents = CorpusWriter.Generate("txt", plan.Documents, seed).ToList();
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory, DisableDefaults = true });
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSqliteReportStore(dataDirectory).AddEmbeddedPipeline();

            // Extraction runs in the sandbox's child processes by default (docs/security.md);
            // BENCH_E2E_EXTRACTION=InProcess measures the in-process path for the same-run ratio.
            if (Enum.TryParse<ExtractionMode>(Environment.GetEnvironmentVariable("BENCH_E2E_EXTRACTION"), ignoreCase: true, out var mode))
            {
                builder.Services.Configure<ExtractionOptions>(o => o.Mode = mode);
            }

            var registration = builder.Services.Last(d => d.ServiceType == typeof(IReportStore));
            builder.Services.Remove(registration);
            builder.Services.AddSingleton<IReportStore>(sp => new CountingReportStore((IReportStore)registration.ImplementationFactory!(sp)));
            builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
            using var host = builder.Build();
            var store = (CountingReportStore)host.Services.GetRequiredService<IReportStore>();
            await store.InitializeAsync(ct);
            var consumeTime = new StageConsumeTimer();
            host.Services.GetRequiredService<IBus>().ConnectConsumeObserver(consumeTime);
            await host.StartAsync(ct);
            using var sqlite = new SqliteCounterListener();
            try
            {
                var tracker = host.Services.GetRequiredService<IngestionTracker>();
                long intakeTicks = 0;
                var driver = new LoadDriver(
                    async (doc, token) =>
                    {
                        var t0 = Stopwatch.GetTimestamp();
                        var id = await SubmitAsync(host.Services, doc, token);
                        Interlocked.Add(ref intakeTicks, Stopwatch.GetTimestamp() - t0);
                        return id;
                    },
                    tracker);
                var queue = new Queue<GeneratedDocument>(documents);

                // Warm-up: JIT, SQLite, MassTransit topology.
                await driver.SaturateAsync(LoadDriver.Take(queue, plan.Warmup), plan.IntakeParallelism, ct);

                // Saturation: everything submitted as fast as intake takes it (bounded concurrency), time to last outcome.
                store.Reset();
                sqlite.Reset();
                consumeTime.Reset();
                Interlocked.Exchange(ref intakeTicks, 0);
                var rounds = new List<double>();
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var total = Stopwatch.StartNew();
                for (var r = 0; r < plan.SaturationRounds; r++)
                {
                    var sw = Stopwatch.StartNew();
                    await driver.SaturateAsync(LoadDriver.Take(queue, plan.SaturationCount), plan.IntakeParallelism, ct);
                    rounds.Add(plan.SaturationCount / sw.Elapsed.TotalSeconds);
                }

                var reports = plan.SaturationCount * plan.SaturationRounds;
                var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
                var pipelineMs = (consumeTime.TotalMs + (Interlocked.Read(ref intakeTicks) * 1000.0 / Stopwatch.Frequency)) / reports;
                var cost = new StoreCostFigure(reports, store.Snapshot(), sqlite.Snapshot(), pipelineMs);
                var saturated = Stats.Median(rounds);
                var busy = cpuMs / total.Elapsed.TotalMilliseconds;
                log.WriteLine($"e2e in-memory: saturation {string.Join(" / ", rounds.Select(x => x.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))} reports/s (median {saturated:F1}); process CPU {cpuMs / reports:F1} ms/report, {busy:F2} cores busy of {Environment.ProcessorCount}");
                log.WriteLine($"e2e in-memory: store {cost.WriteCallsPerReport:F1} write calls + {cost.ReadCallsPerReport:F1} read calls per report, {cost.PerReport(SqliteStoreMetrics.WriteTransactions):F1} write transactions, {cost.PerReport(SqliteStoreMetrics.Commands):F1} SQL commands, {cost.PerReport(SqliteStoreMetrics.ConnectionOpens):F1} connection opens, {cost.PerReport(SqliteStoreMetrics.BusyRetries):F2} busy retries, {cost.PerReport(SqliteStoreMetrics.WriteLockHeldMilliseconds):F2} ms holding the write lock, {cost.PerReport(SqliteStoreMetrics.ArtifactChars) / 1000:F0} k artifact chars; {cost.StoreMsPerReport:F1} ms/report in store calls ({cost.WriteMsPerReport:F1} in writes) of {cost.PipelineMsPerReport:F1} ms/report in intake + stage consumers");
                log.WriteLine($"e2e in-memory: wall ms/report by stage message: intake {Interlocked.Read(ref intakeTicks) * 1000.0 / Stopwatch.Frequency / reports:F1}, {string.Join(", ", consumeTime.MsByStage.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value / reports:F1}"))}");
                if (cost.SqliteCounters.ContainsKey(DurableCommitsCounter))
                {
                    log.WriteLine($"e2e in-memory: store {cost.PerReport(DurableCommitsCounter):F2} durable commits, {cost.PerReport(ProgressWritesCounter):F2} progress rows written per report");
                }

                foreach (var c in cost.Calls)
                {
                    log.WriteLine($"  store {c.Method}: {c.Calls / (double)reports:F2} calls/report, {c.TotalMs / Math.Max(1, c.Calls):F2} ms/call");
                }

                var half = await driver.OpenLoopAsync(LoadDriver.Take(queue, plan.HalfLoadCount), saturated / 2, ct);
                var fixedLoad = plan.FixedLoadCount > 0 ? await driver.OpenLoopAsync(LoadDriver.Take(queue, plan.FixedLoadCount), plan.FixedRatePerSecond, ct) : null;
                return new EndToEndResult(
                    "in-memory",
                    saturated,
                    rounds,
                    cpuMs / reports,
                    busy,
                    half,
                    fixedLoad,
                    new Dictionary<IngestionOutcomeKind, int>(driver.Outcomes),
                    cost);
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

    private static async Task<Guid> SubmitAsync(IServiceProvider services, GeneratedDocument doc, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var intake = scope.ServiceProvider.GetRequiredService<ReportIntake>();
        var message = await intake.SubmitAsync(doc.Content, doc.FileName, cancellationToken: ct);
        return message.IngestionId;
    }

    /// <summary>Wall time inside the four stage consumers (after the concurrency limit), summed.</summary>
    private sealed class StageConsumeTimer : IConsumeObserver
    {
        private long ticks;

        public double TotalMs => Interlocked.Read(ref ticks) * 1000.0 / Stopwatch.Frequency;

        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long[]> byStage = new(StringComparer.Ordinal);

        /// <summary>Wall ms summed per stage message type (consume observer: inside the stage's filters and outbox).</summary>
        public IReadOnlyDictionary<string, double> MsByStage => byStage.ToDictionary(kv => kv.Key, kv => Interlocked.Read(ref kv.Value[0]) * 1000.0 / Stopwatch.Frequency);

        public void Reset()
        {
            Interlocked.Exchange(ref ticks, 0);
            byStage.Clear();
        }

        public Task PreConsume<T>(ConsumeContext<T> context)
            where T : class
        {
            if (IsStage<T>())
            {
                context.GetOrAddPayload(() => new Started(Stopwatch.GetTimestamp()));
            }

            return Task.CompletedTask;
        }

        public Task PostConsume<T>(ConsumeContext<T> context)
            where T : class
        {
            Stop(context);
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
            where T : class
        {
            Stop(context);
            return Task.CompletedTask;
        }

        private static bool IsStage<T>() =>
            typeof(T) == typeof(ReportFileSubmitted) || typeof(T) == typeof(ReportExtracted) || typeof(T) == typeof(ReportNormalized) || typeof(T) == typeof(ReportValidated);

        private void Stop<T>(ConsumeContext<T> context)
            where T : class
        {
            if (IsStage<T>() && context.TryGetPayload<Started>(out var started))
            {
                var elapsed = Stopwatch.GetTimestamp() - started.At;
                Interlocked.Add(ref ticks, elapsed);
                Interlocked.Add(ref byStage.GetOrAdd(typeof(T).Name, _ => new long[1])[0], elapsed);
            }
        }

        private sealed record Started(long At);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Consumers;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Corpus;
using IngestionPipeline.Infrastructure.DependencyInjection;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IngestionPipeline.Benchmarks;

/// <summary>
/// End to end on RabbitMQ: <c>workers</c> separate <c>ingest worker</c> processes (all four stages each) against
/// one SQLite data directory in a temp dir and a unique queue prefix. This process is the intake (as the HTTP API
/// would be: raw file and submission into the same store, <c>ReportFileSubmitted</c> on the broker) and observes
/// <c>ReportVersionCreated</c> through an <see cref="IngestionTracker"/> on a temporary queue.
/// </summary>
public static class RabbitMqEndToEndBench
{
    /// <summary>The CLI the workers run: <c>BENCH_INGEST_DLL</c>, else the <c>ingest.dll</c> built next to this benchmark.</summary>
    public static string IngestDll =>
        Environment.GetEnvironmentVariable("BENCH_INGEST_DLL") is { Length: > 0 } dll ? dll : Path.Combine(AppContext.BaseDirectory, "ingest.dll");

    public static async Task<EndToEndResult> RunAsync(int workerCount, EndToEndPlan plan, int seed, TextWriter log, CancellationToken ct)
    {
        var uri = PlumbingBench.RabbitMqUri;
        var prefix = "bench-e2e-" + Guid.NewGuid().ToString("N")[..8];
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ingest-bench-" + prefix);
        Directory.CreateDirectory(dataDirectory);
        var documents = CorpusWriter.Generate("txt", plan.Documents, seed).ToList();
        var workers = new List<BenchWorker>();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSqliteReportStore(dataDirectory);
        services.AddPipelineServices(); // clock, metrics and the rest of what ReportIntake needs
        services.AddSingleton<IngestionTracker>();
        services.AddScoped<ReportIntake>();
        PipelineConfiguration.UseIngestionIdAsCorrelationId();
        services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.AddConsumer<IngestionTrackerConsumer, IngestionTrackerConsumerDefinition>();
            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(uri);
                QueuePrefixEntityNameFormatter.Apply(cfg, prefix);
                cfg.ConfigureEndpoints(context);
            });
        });

        var provider = services.BuildServiceProvider();
        var control = provider.GetRequiredService<IBusControl>();
        try
        {
            await provider.GetRequiredService<IReportStore>().InitializeAsync(ct);
            workers.AddRange(await Task.WhenAll(Enumerable.Range(0, workerCount).Select(_ =>
                BenchWorker.StartAsync(IngestDll, ["--data", dataDirectory, "--rabbitmq", uri.ToString(), "--queue-prefix", prefix], ct))));
            await control.StartAsync(ct);

            var tracker = provider.GetRequiredService<IngestionTracker>();
            var driver = new LoadDriver(
                async (doc, token) =>
                {
                    await using var scope = provider.CreateAsyncScope();
                    var message = await scope.ServiceProvider.GetRequiredService<ReportIntake>().SubmitAsync(doc.Content, doc.FileName, cancellationToken: token);
                    return message.IngestionId;
                },
                tracker);
            var queue = new Queue<GeneratedDocument>(documents);

            // Warm-up: every worker's JIT, connection pool and broker channels.
            await driver.SaturateAsync(LoadDriver.Take(queue, plan.Warmup * workerCount), plan.IntakeParallelism, ct);

            var rounds = new List<double>();
            var cpu0 = CpuTime(workers);
            var total = Stopwatch.StartNew();
            for (var r = 0; r < plan.SaturationRounds; r++)
            {
                var sw = Stopwatch.StartNew();
                await driver.SaturateAsync(LoadDriver.Take(queue, plan.SaturationCount), plan.IntakeParallelism, ct);
                rounds.Add(plan.SaturationCount / sw.Elapsed.TotalSeconds);
            }

            var reports = plan.SaturationCount * plan.SaturationRounds;
            var cpuMs = (CpuTime(workers) - cpu0).TotalMilliseconds;
            var saturated = Stats.Median(rounds);
            var busy = cpuMs / total.Elapsed.TotalMilliseconds;
            var name = $"rabbitmq, {workerCount} worker{(workerCount == 1 ? string.Empty : "s")}";
            log.WriteLine($"e2e {name}: saturation {string.Join(" / ", rounds.Select(x => x.ToString("F1", CultureInfo.InvariantCulture)))} reports/s (median {saturated:F1}); CPU (workers + intake process) {cpuMs / reports:F1} ms/report, {busy:F2} cores busy of {Environment.ProcessorCount}; load average {BenchProgram.LoadAverage()}");

            var half = await driver.OpenLoopAsync(LoadDriver.Take(queue, plan.HalfLoadCount), saturated / 2, ct);
            log.WriteLine($"e2e {name}: at {half.OfferedPerSecond:F1}/s offered (half saturation) p50 {half.P50Ms:F0} / p95 {half.P95Ms:F0} / p99 {half.P99Ms:F0} ms");
            var fixedLoad = plan.FixedLoadCount > 0 ? await driver.OpenLoopAsync(LoadDriver.Take(queue, plan.FixedLoadCount), plan.FixedRatePerSecond, ct) : null;
            if (fixedLoad is not null)
            {
                log.WriteLine($"e2e {name}: at {fixedLoad.OfferedPerSecond:F1}/s offered (fixed) achieved {fixedLoad.AchievedPerSecond:F1}/s, p50 {fixedLoad.P50Ms:F0} / p95 {fixedLoad.P95Ms:F0} / p99 {fixedLoad.P99Ms:F0} ms");
            }

            return new EndToEndResult(name, saturated, rounds, cpuMs / reports, busy, half, fixedLoad, new Dictionary<IngestionOutcomeKind, int>(driver.Outcomes));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException && workers.Count > 0)
        {
            foreach (var w in workers)
            {
                log.WriteLine($"worker {w.Id} output (last lines):\n{w.Tail}");
            }

            throw;
        }
        finally
        {
            await control.StopAsync(CancellationToken.None);
            await Task.WhenAll(workers.Select(w => w.StopAsync()));
            await provider.DisposeAsync();
            var (queues, exchanges) = await DeleteBrokerEntitiesAsync(uri, prefix);
            log.WriteLine($"e2e rabbitmq cleanup: deleted {queues} queues and {exchanges} exchanges of prefix {prefix}");
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

    private static TimeSpan CpuTime(IEnumerable<BenchWorker> workers) =>
        Process.GetCurrentProcess().TotalProcessorTime + workers.Aggregate(TimeSpan.Zero, (sum, w) => sum + w.CpuTime);

    /// <summary>
    /// Deletes what the workers and this process declared under <paramref name="prefix"/>: the stage and fault
    /// queues (with their _error/_skipped queues), the exchange of each queue, and the prefixed message exchanges.
    /// The tracker's temporary queue deletes itself. Returns how many of each existed.
    /// </summary>
    public static async Task<(int Queues, int Exchanges)> DeleteBrokerEntitiesAsync(Uri uri, string prefix)
    {
        var endpoints = PipelineOptions.AllStages.Select(s => PipelineQueues.QueueName(s, prefix)).Append($"{prefix}-ingestion-fault").ToList();
        var queues = endpoints.SelectMany(q => new[] { q, q + "_error", q + "_skipped" }).ToList();
        var contracts = new[] { typeof(ReportFileSubmitted), typeof(ReportExtracted), typeof(ReportNormalized), typeof(ReportValidated), typeof(ReportVersionCreated), typeof(ReportUnchanged), typeof(ReportRejected) };
        var exchanges = queues
            .Concat(contracts.Select(t => $"{prefix}.{t.Namespace}:{t.Name}"))
            .Concat(contracts.Take(4).Select(t => $"{prefix}.MassTransit:Fault--{t.Namespace}:{t.Name}--"))
            .ToList();
        var factory = new ConnectionFactory { Uri = uri, ClientProvidedName = "ingest-bench-cleanup" };
        await using var connection = await factory.CreateConnectionAsync();
        int deletedQueues = 0, deletedExchanges = 0;
        foreach (var q in queues)
        {
            if (await ExistsAsync(connection, c => c.QueueDeclarePassiveAsync(q)))
            {
                await using var channel = await connection.CreateChannelAsync();
                await channel.QueueDeleteAsync(q, ifUnused: false, ifEmpty: false);
                deletedQueues++;
            }
        }

        foreach (var x in exchanges)
        {
            if (await ExistsAsync(connection, c => c.ExchangeDeclarePassiveAsync(x)))
            {
                await using var channel = await connection.CreateChannelAsync();
                await channel.ExchangeDeleteAsync(x, ifUnused: false);
                deletedExchanges++;
            }
        }

        await connection.CloseAsync();
        return (deletedQueues, deletedExchanges);
    }

    private static async Task<bool> ExistsAsync(IConnection connection, Func<IChannel, Task> passive)
    {
        // A passive declare of a missing entity closes the channel (404): one channel per question.
        var channel = await connection.CreateChannelAsync();
        try
        {
            await passive(channel);
            return true;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
        finally
        {
            try
            {
                await channel.DisposeAsync();
            }
            catch (Exception e) when (e is OperationInterruptedException or AlreadyClosedException or ObjectDisposedException)
            {
                // closed by the broker
            }
        }
    }

    /// <summary>A child <c>ingest worker</c>: started and awaited until its "Worker started" line, stopped with SIGTERM.</summary>
    private sealed class BenchWorker
    {
        private const int TailLines = 40;
        private readonly Process process;
        private readonly Queue<string> tail = new();
        private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private BenchWorker(Process process) => this.process = process;

        public int Id => process.Id;

        public TimeSpan CpuTime
        {
            get
            {
                try
                {
                    process.Refresh();
                    return process.HasExited ? TimeSpan.Zero : process.TotalProcessorTime;
                }
                catch (InvalidOperationException)
                {
                    return TimeSpan.Zero;
                }
            }
        }

        public string Tail
        {
            get
            {
                lock (tail)
                {
                    return string.Join('\n', tail);
                }
            }
        }

        public static async Task<BenchWorker> StartAsync(string ingestDll, string[] args, CancellationToken ct)
        {
            if (!File.Exists(ingestDll))
            {
                throw new FileNotFoundException($"{ingestDll} not found: build the CLI next to the benchmark or set BENCH_INGEST_DLL.", ingestDll);
            }

            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(ingestDll);
            start.ArgumentList.Add("worker");
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["NO_COLOR"] = "1";
            var worker = new BenchWorker(Process.Start(start) ?? throw new InvalidOperationException("Could not start ingest worker."));
            worker.process.OutputDataReceived += (_, e) => worker.Append(e.Data);
            worker.process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
            worker.process.BeginOutputReadLine();
            worker.process.BeginErrorReadLine();
            try
            {
                await worker.started.Task.WaitAsync(TimeSpan.FromSeconds(90), ct);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                await worker.StopAsync();
                throw new TimeoutException($"ingest worker did not start:\n{worker.Tail}", e);
            }

            return worker;
        }

        public async Task StopAsync()
        {
            try
            {
                if (!process.HasExited)
                {
                    using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                    await kill.WaitForExitAsync();
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            finally
            {
                process.Dispose();
            }
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > TailLines)
                {
                    tail.Dequeue();
                }
            }

            if (line.Contains("Worker started", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
            else if (line.Contains("[ERR]", StringComparison.Ordinal) || line.Contains("[FTL]", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"worker {process.Id}: {line}");
            }
        }
    }
}

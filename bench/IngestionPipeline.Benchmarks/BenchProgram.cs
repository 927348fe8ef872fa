using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using IngestionPipeline.Infrastructure.Storage.Sqlite;

namespace IngestionPipeline.Benchmarks;

/// <summary>One measured figure: per-report time and allocation of a parse-like benchmark.</summary>
public sealed record ParseFigure(string Name, double NsPerReport, double? BytesPerReport, double BytesPerReportInput)
{
    public double ReportsPerSecond => 1e9 / NsPerReport;

    public double MegabytesPerSecond => BytesPerReportInput / (NsPerReport / 1e9) / 1e6;
}

/// <summary>Everything one run measured; <see cref="Numbers"/> is flat for tests and the summary.</summary>
public sealed class BenchResults
{
    public Dictionary<string, ParseFigure> Parse { get; } = new(StringComparer.Ordinal);

    public PdfResult? Pdf { get; set; }

    public Dictionary<string, double> PlumbingChainsPerSecond { get; } = new(StringComparer.Ordinal);

    public EndToEndResult? EndToEnd { get; set; }

    /// <summary>e2e on RabbitMQ by worker-process count.</summary>
    public SortedDictionary<int, EndToEndResult> EndToEndRabbitMq { get; } = [];

    public List<string> Skipped { get; } = [];

    public IReadOnlyDictionary<string, double> Numbers
    {
        get
        {
            var n = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (k, f) in Parse)
            {
                n[$"{k}.reports_per_s"] = f.ReportsPerSecond;
                n[$"{k}.mb_per_s"] = f.MegabytesPerSecond;
            }

            if (Pdf is not null)
            {
                if (Pdf.PdfToTextAvailable)
                {
                    n["pdftotext.pages_per_s"] = Pdf.PdfToTextPagesPerSecond;
                }

                n["pdfpig.text.pages_per_s"] = Pdf.PdfPigTextPagesPerSecond;
                n["pdf.extract.pages_per_s"] = Pdf.ExtractPagesPerSecond;
            }

            foreach (var (k, v) in PlumbingChainsPerSecond)
            {
                n[$"plumbing.{k}.chains_per_s"] = v;
            }

            if (EndToEnd is not null)
            {
                n["e2e.inmemory.reports_per_s"] = EndToEnd.SaturatedReportsPerSecond;
                n["e2e.inmemory.p50_ms"] = EndToEnd.P50Ms;
                n["e2e.inmemory.p99_ms"] = EndToEnd.P99Ms;
                if (EndToEnd.StoreCost is { } cost)
                {
                    n["e2e.inmemory.store_write_calls_per_report"] = cost.WriteCallsPerReport;
                    n["e2e.inmemory.store_ms_per_report"] = cost.StoreMsPerReport;
                }
            }

            foreach (var (w, e) in EndToEndRabbitMq)
            {
                n[$"e2e.rabbitmq.{w}w.reports_per_s"] = e.SaturatedReportsPerSecond;
                n[$"e2e.rabbitmq.{w}w.p50_ms"] = e.P50Ms;
                n[$"e2e.rabbitmq.{w}w.p99_ms"] = e.P99Ms;
                if (e.Fixed is { } f)
                {
                    n[$"e2e.rabbitmq.{w}w.fixed.p99_ms"] = f.P99Ms;
                }
            }

            return n;
        }
    }
}

public static class BenchProgram
{
    public static readonly string[] Modes = ["all", "smoke", "parse", "floor", "pdftotext", "plumbing", "e2e", "e2e-rabbitmq"];

    /// <summary>Worker-process counts of the RabbitMQ e2e (<c>BENCH_E2E_WORKERS</c>, e.g. <c>1,2</c>; default 1, 2 and 4).</summary>
    public static IReadOnlyList<int> RabbitMqWorkerCounts =>
        Environment.GetEnvironmentVariable("BENCH_E2E_WORKERS") is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToList()
            : [1, 2, 4];

    /// <summary>The common absolute offered load of every e2e configuration (reports/s).</summary>
    public const double FixedRatePerSecond = 10;

    public static async Task<int> Main(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "all";
        if (mode == "store")
        {
            return await StoreBench.RunAsync(args[1..], Console.Out);
        }

        if (mode == "scale")
        {
            return await ScaleBench.RunAsync(args[1..], Console.Out);
        }

        if (mode == "ocr")
        {
            return await OcrBench.RunAsync(args[1..], Console.Out);
        }

        if (!Modes.Contains(mode))
        {
            await Console.Error.WriteLineAsync($"usage: -- <{string.Join('|', Modes)}>");
            return 2;
        }

        await RunAsync(mode, Console.Out);
        return 0;
    }

    /// <summary>Runs one mode in this process and prints the summary table to <paramref name="output"/>.</summary>
    public static async Task<BenchResults> RunAsync(string mode, TextWriter output, CancellationToken ct = default)
    {
        var smoke = mode == "smoke";
        var all = mode == "all" || smoke;
        var results = new BenchResults();
        var sw = Stopwatch.StartNew();
        output.WriteLine($"IngestionPipeline benchmarks, mode {mode}: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, load average {LoadAverage()}");

        if (all || mode == "parse")
        {
            Collect(results, smoke ? Quick<ParseBenchmarks>(output) : Bdn<ParseBenchmarks>(output), "parse");
            Collect(results, smoke ? Quick<TxtStageBenchmarks>(output) : Bdn<TxtStageBenchmarks>(output), "stage.txt");
        }

        if (all || mode is "floor" or "parse")
        {
            Collect(results, smoke ? Quick<TextFloorBenchmarks>(output) : Bdn<TextFloorBenchmarks>(output), "floor.txt");
        }

        if (all || mode == "pdftotext")
        {
            results.Pdf = await PdfToTextBench.RunAsync(smoke ? 2 : 15, smoke ? 1 : BenchCorpus.SetSize, output, ct);
        }

        if (all || mode is "plumbing" or "e2e" or "e2e-rabbitmq")
        {
            var (warm, chains, rounds) = smoke ? (20, 50, 2) : (2000, 5000, 5);
            results.PlumbingChainsPerSecond["inmemory"] = await PlumbingBench.RunAsync(false, warm, chains, rounds, 256, ct);
            output.WriteLine($"plumbing inmemory: {results.PlumbingChainsPerSecond["inmemory"]:F0} chains/s");
            if (await PlumbingBench.RabbitMqReachableAsync(PlumbingBench.RabbitMqUri))
            {
                var (rw, rc, rr) = smoke ? (20, 50, 2) : (500, 2000, 5);
                results.PlumbingChainsPerSecond["rabbitmq"] = await PlumbingBench.RunAsync(true, rw, rc, rr, 256, ct);
                output.WriteLine($"plumbing rabbitmq: {results.PlumbingChainsPerSecond["rabbitmq"]:F0} chains/s");
            }
            else
            {
                var why = $"plumbing rabbitmq: skipped, {PlumbingBench.RabbitMqUri.Host}:{PlumbingBench.RabbitMqUri.Port} unreachable";
                results.Skipped.Add(why);
                output.WriteLine(why);
            }
        }

        if (all || mode is "e2e" or "e2e-rabbitmq")
        {
            var seed = Environment.TickCount;
            results.EndToEnd = await EndToEndBench.RunAsync(smoke ? EndToEndPlan.Smoke : new EndToEndPlan(30, 150, 3, 200, 100, FixedRatePerSecond), seed, output, ct);
        }

        if (all || mode == "e2e-rabbitmq")
        {
            if (await PlumbingBench.RabbitMqReachableAsync(PlumbingBench.RabbitMqUri))
            {
                foreach (var workers in smoke ? [1] : RabbitMqWorkerCounts)
                {
                    var plan = smoke ? EndToEndPlan.Smoke : new EndToEndPlan(15, 100, 3, 150, 100, FixedRatePerSecond);
                    results.EndToEndRabbitMq[workers] = await RabbitMqEndToEndBench.RunAsync(workers, plan, Environment.TickCount + workers, output, ct);
                }
            }
            else
            {
                var why = $"e2e rabbitmq: skipped, {PlumbingBench.RabbitMqUri.Host}:{PlumbingBench.RabbitMqUri.Port} unreachable";
                results.Skipped.Add(why);
                output.WriteLine(why);
            }
        }

        PrintSummary(results, output);
        output.WriteLine($"done in {sw.Elapsed.TotalSeconds:F1} s, load average {LoadAverage()}");
        return results;
    }

    public static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static void Collect(BenchResults results, IEnumerable<(string Key, ParseFigure Figure)> figures, string prefix)
    {
        foreach (var (key, figure) in figures)
        {
            results.Parse[$"{prefix}.{key}"] = figure with { Name = $"{prefix}.{key}" };
        }
    }

    /// <summary>Input bytes per report of the benchmark's set (for MB/s).</summary>
    private static double InputBytesPerReport(Type type, string? format) =>
        BenchCorpus.Load(type == typeof(ParseBenchmarks) ? format! : "txt").Average(f => (double)f.Content.Length);

    private static string Key(Type type, string method, string? format) =>
        type == typeof(ParseBenchmarks) ? format! : type == typeof(TextFloorBenchmarks) ? "floor" : method.ToLowerInvariant();

    /// <summary>BenchmarkDotNet, in-process toolchain (no child build), median of the workload iterations.</summary>
    private static List<(string, ParseFigure)> Bdn<T>(TextWriter output)
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithId("bench");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "ingest-bench-bdn"))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.JoinSummary);
        var summary = BenchmarkRunner.Run<T>(config);
        var list = new List<(string, ParseFigure)>();
        foreach (var report in summary.Reports)
        {
            if (report.ResultStatistics is null)
            {
                output.WriteLine($"{report.BenchmarkCase.DisplayInfo}: no result");
                continue;
            }

            var format = report.BenchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Format")?.Value as string;
            var method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            list.Add((Key(typeof(T), method, format), new ParseFigure(string.Empty, report.ResultStatistics.Median, bytes, InputBytesPerReport(typeof(T), format))));
        }

        return list;
    }

    /// <summary>Smoke: the same benchmark methods, a few timed calls each, no BenchmarkDotNet engine.</summary>
    private static List<(string, ParseFigure)> Quick<T>(TextWriter output)
        where T : new()
    {
        var formats = typeof(T) == typeof(ParseBenchmarks) ? new[] { "txt", "html", "docx", "pdf" } : new string?[] { null };
        var methods = typeof(T).GetMethods().Where(m => m.GetCustomAttributes(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false).Length > 0).ToList();
        var list = new List<(string, ParseFigure)>();
        foreach (var format in formats)
        {
            var instance = new T();
            if (instance is ParseBenchmarks p)
            {
                p.Format = format!;
            }

            typeof(T).GetMethod("Setup")!.Invoke(instance, null);
            foreach (var method in methods)
            {
                method.Invoke(instance, null); // JIT
                var times = new List<double>();
                var allocated = new List<double>();
                for (var i = 0; i < 3; i++)
                {
                    var a0 = GC.GetAllocatedBytesForCurrentThread();
                    var t0 = Stopwatch.GetTimestamp();
                    method.Invoke(instance, null);
                    times.Add(Stopwatch.GetElapsedTime(t0).TotalNanoseconds / BenchCorpus.SetSize);
                    allocated.Add((GC.GetAllocatedBytesForCurrentThread() - a0) / (double)BenchCorpus.SetSize);
                }

                var key = Key(typeof(T), method.Name, format);
                list.Add((key, new ParseFigure(string.Empty, Stats.Median(times), Stats.Median(allocated), InputBytesPerReport(typeof(T), format))));
                output.WriteLine($"smoke {typeof(T).Name}.{method.Name} {format}: {Stats.Median(times) / 1e6:F2} ms/report");
            }
        }

        return list;
    }

    private static double ParseSetPdfPagesPerReport() =>
        BenchCorpus.Load("pdf").Average(f =>
        {
            using var doc = UglyToad.PdfPig.PdfDocument.Open(f.Content);
            return (double)doc.NumberOfPages;
        });

    private static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString(v >= 100 ? "F0" : v >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);

    private static void PrintSummary(BenchResults r, TextWriter o)
    {
        o.WriteLine();
        o.WriteLine("## Figures (medians)");
        o.WriteLine();
        o.WriteLine("| benchmark | reports/s | MB/s | ms/report | KB allocated/report |");
        o.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (k, f) in r.Parse.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            o.WriteLine($"| {k} | {F(f.ReportsPerSecond)} | {F(f.MegabytesPerSecond)} | {F(f.NsPerReport / 1e6)} | {(f.BytesPerReport is { } b ? F(b / 1024) : "n/a")} |");
        }

        if (r.Pdf is { } pdf)
        {
            o.WriteLine();
            o.WriteLine($"PDF set: {pdf.Pages} pages. pdftotext (process per file): {F(pdf.PdfToTextPagesPerSecond)} pages/s; PdfPig page.Text: {F(pdf.PdfPigTextPagesPerSecond)} pages/s; PdfExtractor (extract stage): {F(pdf.ExtractPagesPerSecond)} pages/s");
        }

        foreach (var (k, v) in r.PlumbingChainsPerSecond)
        {
            o.WriteLine($"plumbing {k}: {F(v)} chains/s (5 messages each)");
        }

        var e2e = (r.EndToEnd is null ? [] : new[] { r.EndToEnd }).Concat(r.EndToEndRabbitMq.Values).ToList();
        if (e2e.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("## End to end");
            o.WriteLine();
            o.WriteLine("| configuration | saturated reports/s (rounds) | ÷ plumbing ceiling | CPU ms/report | cores busy | half load offered → achieved /s | p50 / p95 / p99 ms | fixed load offered → achieved /s | p50 / p95 / p99 ms | outcomes |");
            o.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var e in e2e)
            {
                var ceiling = r.PlumbingChainsPerSecond.TryGetValue(e.Configuration.StartsWith("rabbitmq", StringComparison.Ordinal) ? "rabbitmq" : "inmemory", out var c) ? c : double.NaN;
                var fx = e.Fixed;
                o.WriteLine($"| {e.Configuration} | {F(e.SaturatedReportsPerSecond)} ({string.Join(" / ", e.SaturationRounds.Select(F))}) | {(double.IsNaN(ceiling) ? "n/a" : (e.SaturatedReportsPerSecond / ceiling).ToString("P1", CultureInfo.InvariantCulture))} | {F(e.CpuMsPerReport)} | {F(e.CoresBusy)} | {F(e.Half.OfferedPerSecond)} → {F(e.Half.AchievedPerSecond)} | {F(e.Half.P50Ms)} / {F(e.Half.P95Ms)} / {F(e.Half.P99Ms)} | {(fx is null ? "n/a" : $"{F(fx.OfferedPerSecond)} → {F(fx.AchievedPerSecond)}")} | {(fx is null ? "n/a" : $"{F(fx.P50Ms)} / {F(fx.P95Ms)} / {F(fx.P99Ms)}")} | {string.Join(", ", e.Outcomes.Select(kv => $"{kv.Key}={kv.Value}"))} |");
            }

            if (r.EndToEnd?.StoreCost is { } cost)
            {
                o.WriteLine();
                o.WriteLine($"store (in-memory e2e, saturation rounds): {F(cost.WriteCallsPerReport)} write calls/report, {F(cost.PerReport(SqliteStoreMetrics.WriteTransactions))} write transactions/report, {F(cost.ReadCallsPerReport)} read calls/report, {F(cost.PerReport(SqliteStoreMetrics.Commands))} SQL commands/report, {F(cost.PerReport(SqliteStoreMetrics.ConnectionOpens))} connection opens/report, {F(cost.PerReport(SqliteStoreMetrics.BusyRetries))} busy retries/report, {F(cost.PerReport(SqliteStoreMetrics.WriteLockHeldMilliseconds))} ms/report holding the write lock, {F(cost.PerReport(SqliteStoreMetrics.ArtifactChars) / 1000)} k artifact chars/report; {F(cost.StoreMsPerReport)} ms/report in store calls ({F(cost.WriteMsPerReport)} in writes) of {F(cost.PipelineMsPerReport)} ms/report in intake + stage consumers ({(cost.StoreMsPerReport / cost.PipelineMsPerReport).ToString("P0", CultureInfo.InvariantCulture)})");
            }
        }

        o.WriteLine();
        o.WriteLine("## Ratios against same-run baselines");
        o.WriteLine();
        o.WriteLine("| ratio | value | target | reached |");
        o.WriteLine("|---|---:|---:|---|");
        r.Parse.TryGetValue("floor.txt.floor", out var floor);
        void Ratio(string name, double value, double target, bool lessIsBetter = false, string targetText = "")
        {
            var ok = double.IsNaN(value) ? "n/a" : (lessIsBetter ? value < target : value >= target) ? "yes" : "NO";
            o.WriteLine($"| {name} | {(double.IsNaN(value) ? "n/a" : value.ToString("0.###", CultureInfo.InvariantCulture))} | {targetText} | {ok} |");
        }

        foreach (var fmt in new[] { "txt", "html", "docx" })
        {
            if (floor is not null && r.Parse.TryGetValue($"parse.{fmt}", out var p))
            {
                var target = fmt == "docx" ? 1.0 / 20 : 1.0 / 4;
                Ratio($"parse {fmt} reports/s ÷ text floor reports/s (1 core)", p.ReportsPerSecond / floor.ReportsPerSecond, target, targetText: fmt == "docx" ? "≥ 1/20" : "≥ 1/4");
            }
        }

        if (r.Pdf is { PdfToTextAvailable: true } pr)
        {
            Ratio("PDF extract pages/s ÷ pdftotext pages/s", pr.ExtractPagesPerSecond / pr.PdfToTextPagesPerSecond, 1, targetText: "≥ 1");
            Ratio("PDF parse pages/s ÷ pdftotext pages/s", r.Parse.TryGetValue("parse.pdf", out var pp) ? pp.ReportsPerSecond * ParseSetPdfPagesPerReport() / pr.PdfToTextPagesPerSecond : double.NaN, 1, targetText: "≥ 1");
        }

        if (r.EndToEnd is { } ee && r.PlumbingChainsPerSecond.TryGetValue("inmemory", out var ceilingMem))
        {
            Ratio("e2e in-memory reports/s ÷ in-memory plumbing chains/s", ee.SaturatedReportsPerSecond / ceilingMem, 0.7, targetText: "≥ 0.7");
            Ratio("e2e in-memory p99 at half saturation (s)", ee.P99Ms / 1000, 1, lessIsBetter: true, targetText: "< 1 s");
        }

        foreach (var (w, er) in r.EndToEndRabbitMq)
        {
            if (r.PlumbingChainsPerSecond.TryGetValue("rabbitmq", out var ceilingMq))
            {
                Ratio($"e2e RabbitMQ {w} worker(s) reports/s ÷ RabbitMQ plumbing chains/s", er.SaturatedReportsPerSecond / ceilingMq, 0.7, targetText: "≥ 0.7");
            }

            Ratio($"e2e RabbitMQ {w} worker(s) p99 at half saturation (s)", er.P99Ms / 1000, 1, lessIsBetter: true, targetText: "< 1 s");
        }

        foreach (var s in r.Skipped)
        {
            o.WriteLine($"skipped: {s}");
        }
    }
}

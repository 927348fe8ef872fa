using System.Diagnostics;
using System.Globalization;
using System.Text;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.Storage.Sqlite;

namespace IngestionPipeline.Benchmarks;

/// <summary>
/// The SQLite store alone, without parsing or a bus (<c>dotnet run -c Release --project bench/IngestionPipeline.Benchmarks
/// -- store [reports] [rounds]</c>): one report's store writes, replayed by C concurrent "consumers", in two call patterns.
/// <list type="bullet">
/// <item><b>per-stage</b> (the hand-off before issue 14): raw file, submission; per stage (extract, normalize, validate)
/// an artifact of <see cref="ArtifactChars"/> characters and a status; the version, then its status: 10 durable writes.</item>
/// <item><b>hand-off</b> (issue 14): one AcceptSubmission, three RecordProgress, one AppendVersionAndComplete.</item>
/// <item><b>append</b> / <b>append-and-complete</b>: the store stage alone, TryAppendVersion then UpdateIngestion (before)
/// against one AppendVersionAndComplete (after), on ingestions submitted beforehand (not timed).</item>
/// </list>
/// Each report is a new report key (expected version 0), so there are no conflicts; each round uses a new data directory.
/// Prints, per pattern and concurrency, the median of the rounds: reports/s, write calls, committed transactions and
/// durable (fsync'ed) commits per report, from the store's own counters (<see cref="SqliteStoreMetrics"/>).
/// </summary>
public static class StoreBench
{
    /// <summary>Characters of one stage artifact in the per-stage pattern (87 k per report over 3 stages, as measured).</summary>
    public const int ArtifactChars = 29_000;

    public static readonly int[] Concurrency = [1, 8, 32];

    public static readonly string[] Patterns = ["per-stage", "hand-off", "append", "append-and-complete"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct = default)
    {
        var reports = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 400;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        output.WriteLine($"store bench: {reports} reports per run, median of {rounds} rounds, {Environment.ProcessorCount} cores, load average {BenchProgram.LoadAverage()}");
        output.WriteLine("| pattern | concurrency | reports/s | write calls/report | transactions/report | durable commits/report | progress rows/report | ms lock held/report |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var pattern in Patterns)
        {
            foreach (var concurrency in Concurrency)
            {
                await RunOnceAsync(pattern, concurrency, Math.Min(reports, 40), ct); // warm-up
                var runs = new List<Figures>();
                for (var round = 0; round < rounds; round++)
                {
                    runs.Add(await RunOnceAsync(pattern, concurrency, reports, ct));
                }

                var median = runs.OrderBy(r => r.ReportsPerSecond).ElementAt(runs.Count / 2);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {pattern} | {concurrency} | {median.ReportsPerSecond:F0} ({string.Join(" / ", runs.Select(r => r.ReportsPerSecond.ToString("F0", CultureInfo.InvariantCulture)))}) | {median.WriteCallsPerReport:F2} | {median.TransactionsPerReport:F2} | {median.DurableCommitsPerReport:F2} | {median.ProgressRowsPerReport:F2} | {median.LockHeldMsPerReport:F2} |"));
            }
        }

        output.WriteLine($"load average {BenchProgram.LoadAverage()}");
        return 0;
    }

    private sealed record Figures(double ReportsPerSecond, double WriteCallsPerReport, double TransactionsPerReport, double DurableCommitsPerReport, double ProgressRowsPerReport, double LockHeldMsPerReport);

    private static async Task<Figures> RunOnceAsync(string pattern, int concurrency, int reports, CancellationToken ct)
    {
        var directory = Path.Combine(Path.GetTempPath(), "store-bench", Guid.NewGuid().ToString("N"));
        var artifact = new string('报', ArtifactChars);
        try
        {
            await using var store = new SqliteReportStore(new SqliteStoreOptions { DataDirectory = directory });
            await store.InitializeAsync(ct);
            var prepared = Enumerable.Range(0, reports).Select(Report).ToList();
            if (pattern.StartsWith("append", StringComparison.Ordinal))
            {
                await Parallel.ForEachAsync(prepared, ct, async (r, token) => await store.AcceptSubmissionAsync(r.Bytes, r.Submission, token));
            }

            using var counters = new SqliteCounterListener();
            var writeCalls = 0L;
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, reports), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (i, token) =>
            {
                var report = prepared[i];
                var calls = pattern switch
                {
                    "per-stage" => await PerStageAsync(store, report, artifact, token),
                    "hand-off" => await HandOffAsync(store, report, token),
                    "append" => await AppendThenCompleteAsync(store, report.Version, token),
                    _ => await AppendAndCompleteAsync(store, report.Version, token),
                };
                Interlocked.Add(ref writeCalls, calls);
            });
            clock.Stop();
            await store.DisposeAsync(); // writes what progress is still buffered, so it is counted
            var totals = counters.Snapshot();
            double PerReport(string counter) => totals.GetValueOrDefault(counter) / (double)reports;
            return new Figures(
                reports / clock.Elapsed.TotalSeconds,
                writeCalls / (double)reports,
                PerReport(SqliteStoreMetrics.WriteTransactions),
                PerReport(SqliteStoreMetrics.DurableCommits),
                PerReport(SqliteStoreMetrics.ProgressWrites),
                PerReport(SqliteStoreMetrics.WriteLockHeldMilliseconds) / 1000);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<int> AppendThenCompleteAsync(SqliteReportStore store, ReportVersionRecord version, CancellationToken ct)
    {
        await store.TryAppendVersionAsync(version, 0, ct);
        await store.UpdateIngestionAsync(Final(version), ct);
        return 2;
    }

    private static async Task<int> AppendAndCompleteAsync(SqliteReportStore store, ReportVersionRecord version, CancellationToken ct)
    {
        await store.AppendVersionAndCompleteAsync(version, 0, Final(version), ct);
        return 1;
    }

    private static async Task<int> PerStageAsync(SqliteReportStore store, PreparedReport report, string artifact, CancellationToken ct)
    {
        var (bytes, submission, version) = report;
        var raw = await store.PutRawFileAsync(bytes, submission.FileName, ct);
        await store.RecordSubmissionAsync(submission with { RawSha256 = raw.Sha256 }, ct);
        foreach (var (stage, status) in Stages)
        {
            await store.PutArtifactAsync(submission.IngestionId, stage, artifact, ct);
            await store.UpdateIngestionAsync(new IngestionUpdate(submission.IngestionId, status, stage, DateTimeOffset.UtcNow), ct);
        }

        await store.TryAppendVersionAsync(version, 0, ct);
        await store.UpdateIngestionAsync(Final(version), ct);
        return 10;
    }

    private static async Task<int> HandOffAsync(SqliteReportStore store, PreparedReport report, CancellationToken ct)
    {
        var (bytes, submission, version) = report;
        await store.AcceptSubmissionAsync(bytes, submission, ct);
        foreach (var (stage, status) in Stages)
        {
            await store.RecordProgressAsync(new IngestionUpdate(submission.IngestionId, status, stage, DateTimeOffset.UtcNow), ct);
        }

        await store.AppendVersionAndCompleteAsync(version, 0, Final(version), ct);
        return 5;
    }

    private static readonly (string Stage, IngestionStatus Status)[] Stages =
    [
        ("extract", IngestionStatus.Extracted),
        ("normalize", IngestionStatus.Normalized),
        ("validate", IngestionStatus.Validated),
    ];

    private static IngestionUpdate Final(ReportVersionRecord version) =>
        new(version.IngestionId, IngestionStatus.VersionCreated, "store", DateTimeOffset.UtcNow, ReportKey: version.ReportKey, Version: version.Version);

    private sealed record PreparedReport(byte[] Bytes, IngestionRecord Submission, ReportVersionRecord Version);

    private static PreparedReport Report(int i)
    {
        var bytes = Encoding.UTF8.GetBytes($"某某县人民政府{i}年政府信息公开工作年度报告 {Guid.NewGuid()}");
        var sha256 = Sha256Hex.Of(bytes);
        var now = DateTimeOffset.UtcNow;
        var ingestionId = Guid.NewGuid();
        var submission = new IngestionRecord(ingestionId, sha256, $"{i}.txt", null, IngestionStatus.Submitted, now, now, "submit");
        var key = string.Create(CultureInfo.InvariantCulture, $"2024-{i:D6}-某某县人民政府-{ingestionId:N}");
        var version = new ReportVersionRecord(
            key, 1, null, ingestionId, sha256, submission.FileName, Sha256Hex.Of(key), Sha256Hex.Of(key + "/f"), "某某县人民政府", null, "110000",
            2024, "gb2021", 0, new string('x', 20_000), [], now);
        return new PreparedReport(bytes, submission, version);
    }
}

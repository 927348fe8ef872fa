using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.Storage.Sqlite;

namespace IngestionPipeline.Benchmarks;

/// <summary>Calls and wall time of one <see cref="IReportStore"/> method, summed over a measured window.</summary>
public sealed record StoreCallFigure(string Method, bool IsWrite, long Calls, double TotalMs);

/// <summary>
/// Store calls per report in one measured window: the <see cref="CountingReportStore"/> totals plus the
/// SQLite store's own counters (<see cref="SqliteStoreMetrics"/>), both divided by the reports of the window.
/// </summary>
public sealed record StoreCostFigure(
    int Reports,
    IReadOnlyList<StoreCallFigure> Calls,
    IReadOnlyDictionary<string, long> SqliteCounters,
    double PipelineMsPerReport)
{
    public double WriteCallsPerReport => Calls.Where(c => c.IsWrite).Sum(c => c.Calls) / (double)Reports;

    public double ReadCallsPerReport => Calls.Where(c => !c.IsWrite).Sum(c => c.Calls) / (double)Reports;

    public double StoreMsPerReport => Calls.Sum(c => c.TotalMs) / Reports;

    public double WriteMsPerReport => Calls.Where(c => c.IsWrite).Sum(c => c.TotalMs) / Reports;

    public double PerReport(string counter) =>
        SqliteCounters.TryGetValue(counter, out var v) ? v / (double)Reports / (counter.EndsWith("_ms", StringComparison.Ordinal) ? 1000 : 1) : 0;
}

/// <summary>
/// A decorator that counts and times every store call (wall time, including waits for the write lock).
/// Used by the in-memory e2e bench to report store calls and time per report.
/// </summary>
public sealed class CountingReportStore(IReportStore inner) : IReportStore
{
    private readonly ConcurrentDictionary<string, long[]> totals = new(StringComparer.Ordinal);

    private static readonly HashSet<string> Writes = new(StringComparer.Ordinal)
    {
        nameof(PutRawFileAsync), nameof(RecordSubmissionAsync), nameof(UpdateIngestionAsync), nameof(PutArtifactAsync), nameof(TryAppendVersionAsync), nameof(InitializeAsync),
        nameof(AcceptSubmissionAsync), nameof(AppendVersionAndCompleteAsync), nameof(RecordProgressAsync), nameof(DeleteArtifactsAsync), nameof(PurgeArtifactsAsync),
    };

    public void Reset() => totals.Clear();

    public IReadOnlyList<StoreCallFigure> Snapshot() =>
        totals.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new StoreCallFigure(kv.Key, Writes.Contains(kv.Key), Interlocked.Read(ref kv.Value[0]), Interlocked.Read(ref kv.Value[1]) * 1000.0 / Stopwatch.Frequency))
            .ToList();

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Time(nameof(InitializeAsync), () => inner.InitializeAsync(cancellationToken));

    public Task<string> GetStoreIdAsync(CancellationToken cancellationToken = default) => inner.GetStoreIdAsync(cancellationToken);

    // The one-commit port methods are forwarded (not left to their default implementations, which would call the inner
    // store's single-purpose methods directly): one call here is one call of the adapter's own implementation.
    public Task<StoredRawFile> AcceptSubmissionAsync(ReadOnlyMemory<byte> content, IngestionRecord record, CancellationToken cancellationToken = default) =>
        Time(nameof(AcceptSubmissionAsync), () => inner.AcceptSubmissionAsync(content, record, cancellationToken));

    public Task<AppendOutcome> AppendVersionAndCompleteAsync(ReportVersionRecord version, int expectedCurrentVersion, IngestionUpdate finalStatus, CancellationToken cancellationToken = default) =>
        Time(nameof(AppendVersionAndCompleteAsync), () => inner.AppendVersionAndCompleteAsync(version, expectedCurrentVersion, finalStatus, cancellationToken));

    public Task RecordProgressAsync(IngestionUpdate update, CancellationToken cancellationToken = default) =>
        Time(nameof(RecordProgressAsync), () => inner.RecordProgressAsync(update, cancellationToken));

    public Task DeleteArtifactsAsync(Guid ingestionId, CancellationToken cancellationToken = default) =>
        Time(nameof(DeleteArtifactsAsync), () => inner.DeleteArtifactsAsync(ingestionId, cancellationToken));

    public Task<int> PurgeArtifactsAsync(DateTimeOffset writtenBefore, CancellationToken cancellationToken = default) =>
        Time(nameof(PurgeArtifactsAsync), () => inner.PurgeArtifactsAsync(writtenBefore, cancellationToken));

    public Task<IReadOnlyList<ReportHead>> QueryHeadsAsync(ReportQuery query, CancellationToken cancellationToken = default) =>
        Time(nameof(QueryHeadsAsync), () => inner.QueryHeadsAsync(query, cancellationToken));

    public Task<StoredRawFile> PutRawFileAsync(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken = default) =>
        Time(nameof(PutRawFileAsync), () => inner.PutRawFileAsync(content, fileName, cancellationToken));

    public Task<byte[]?> GetRawFileAsync(string sha256, CancellationToken cancellationToken = default) =>
        Time(nameof(GetRawFileAsync), () => inner.GetRawFileAsync(sha256, cancellationToken));

    public Task RecordSubmissionAsync(IngestionRecord record, CancellationToken cancellationToken = default) =>
        Time(nameof(RecordSubmissionAsync), () => inner.RecordSubmissionAsync(record, cancellationToken));

    public Task UpdateIngestionAsync(IngestionUpdate update, CancellationToken cancellationToken = default) =>
        Time(nameof(UpdateIngestionAsync), () => inner.UpdateIngestionAsync(update, cancellationToken));

    public Task<IngestionRecord?> GetIngestionAsync(Guid ingestionId, CancellationToken cancellationToken = default) =>
        Time(nameof(GetIngestionAsync), () => inner.GetIngestionAsync(ingestionId, cancellationToken));

    public Task<IReadOnlyDictionary<IngestionStatus, int>> CountIngestionsByStatusAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Time(nameof(CountIngestionsByStatusAsync), () => inner.CountIngestionsByStatusAsync(since, cancellationToken));

    public Task PutArtifactAsync(Guid ingestionId, string stage, string content, CancellationToken cancellationToken = default) =>
        Time(nameof(PutArtifactAsync), () => inner.PutArtifactAsync(ingestionId, stage, content, cancellationToken));

    public Task<string?> GetArtifactAsync(Guid ingestionId, string stage, CancellationToken cancellationToken = default) =>
        Time(nameof(GetArtifactAsync), () => inner.GetArtifactAsync(ingestionId, stage, cancellationToken));

    public Task<AppendOutcome> TryAppendVersionAsync(ReportVersionRecord version, int expectedCurrentVersion, CancellationToken cancellationToken = default) =>
        Time(nameof(TryAppendVersionAsync), () => inner.TryAppendVersionAsync(version, expectedCurrentVersion, cancellationToken));

    public Task<ReportHead?> GetHeadAsync(string reportKey, CancellationToken cancellationToken = default) =>
        Time(nameof(GetHeadAsync), () => inner.GetHeadAsync(reportKey, cancellationToken));

    public Task<IReadOnlyList<ReportHead>> ListHeadsAsync(CancellationToken cancellationToken = default) =>
        Time(nameof(ListHeadsAsync), () => inner.ListHeadsAsync(cancellationToken));

    public Task<ReportVersionRecord?> GetVersionAsync(string reportKey, int? version = null, CancellationToken cancellationToken = default) =>
        Time(nameof(GetVersionAsync), () => inner.GetVersionAsync(reportKey, version, cancellationToken));

    public Task<IReadOnlyList<ReportVersionRecord>> ListVersionsAsync(string reportKey, CancellationToken cancellationToken = default) =>
        Time(nameof(ListVersionsAsync), () => inner.ListVersionsAsync(reportKey, cancellationToken));

    public Task<ReportVersionRecord?> FindVersionByIngestionAsync(Guid ingestionId, CancellationToken cancellationToken = default) =>
        Time(nameof(FindVersionByIngestionAsync), () => inner.FindVersionByIngestionAsync(ingestionId, cancellationToken));

    private async Task Time(string method, Func<Task> call)
    {
        var t0 = Stopwatch.GetTimestamp();
        try
        {
            await call();
        }
        finally
        {
            Add(method, Stopwatch.GetTimestamp() - t0);
        }
    }

    private async Task<T> Time<T>(string method, Func<Task<T>> call)
    {
        var t0 = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            Add(method, Stopwatch.GetTimestamp() - t0);
        }
    }

    private void Add(string method, long ticks)
    {
        var slot = totals.GetOrAdd(method, _ => new long[2]);
        Interlocked.Increment(ref slot[0]);
        Interlocked.Add(ref slot[1], ticks);
    }
}

/// <summary>Sums the <see cref="SqliteStoreMetrics"/> counters of this process while it is alive.</summary>
public sealed class SqliteCounterListener : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, long> totals = new(StringComparer.Ordinal);

    public SqliteCounterListener()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SqliteStoreMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, v) => v + value));
        // Durations are summed in microseconds and reported back in milliseconds.
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, (long)(value * 1000), (_, v) => v + (long)(value * 1000)));
        listener.Start();
    }

    public void Reset() => totals.Clear();

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(totals, StringComparer.Ordinal);

    public void Dispose() => listener.Dispose();
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IngestionPipeline.Infrastructure.Storage.Sqlite;

namespace IngestionPipeline.Infrastructure.Tests;

/// <summary>
/// Sums the <see cref="SqliteStoreMetrics"/> measurements while it lives, and lets a test wait for one to reach a value.
/// The meter is process-wide: the tests using it run alone (<see cref="SqliteMetricsCollection"/>).
/// </summary>
internal sealed class SqliteMetricsRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, double> totals = new(StringComparer.Ordinal);
    private readonly Lock changed = new();
    private readonly List<(Func<bool> Condition, TaskCompletionSource Reached)> waiters = [];

    public SqliteMetricsRecorder()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SqliteStoreMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument.Name, value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument.Name, value));
        listener.Start();
    }

    public long this[string instrument] => (long)totals.GetValueOrDefault(instrument);

    /// <summary>Completes once <paramref name="instrument"/>'s total reaches <paramref name="atLeast"/>; fails after <paramref name="timeout"/>.</summary>
    public Task WaitForAsync(string instrument, long atLeast, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool Condition() => this[instrument] >= atLeast;
        lock (changed)
        {
            if (Condition())
            {
                return Task.CompletedTask;
            }

            waiters.Add((Condition, reached));
        }

        return reached.Task.WaitAsync(timeout, cancellationToken);
    }

    private void Add(string instrument, double value)
    {
        totals.AddOrUpdate(instrument, value, (_, total) => total + value);
        lock (changed)
        {
            waiters.RemoveAll(w =>
            {
                if (!w.Condition())
                {
                    return false;
                }

                w.Reached.TrySetResult();
                return true;
            });
        }
    }

    public void Dispose() => listener.Dispose();
}

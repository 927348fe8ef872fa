using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IngestionPipeline.Components.Observability;

namespace IngestionPipeline.Components.Tests;

/// <summary>
/// Listens to the <see cref="PipelineMetrics"/> meter of one service provider only (its <see cref="IMeterFactory"/>
/// is the meter's scope), so tests running in parallel do not see each other's measurements.
/// </summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<Measurement> measurements = new();

    public MetricsRecorder(IMeterFactory scope)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PipelineMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Enqueue(new Measurement(instrument.Name, value, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Enqueue(new Measurement(instrument.Name, value, ToDictionary(tags))));
        listener.Start();
    }

    public IReadOnlyList<Measurement> Of(string instrument) => measurements.Where(m => m.Instrument == instrument).ToList();

    /// <summary>Consumers record after they publish, so an outcome can be seen a moment before its measurements.</summary>
    public async Task<IReadOnlyList<Measurement>> WaitForAsync(string instrument, Func<Measurement, bool> match)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            var found = Of(instrument).Where(match).ToList();
            if (found.Count > 0 || DateTimeOffset.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public void Dispose() => listener.Dispose();

    private static Dictionary<string, string?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            result[key] = value?.ToString();
        }

        return result;
    }

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags)
    {
        public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? value : null;
    }
}

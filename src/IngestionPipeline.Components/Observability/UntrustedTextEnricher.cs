using IngestionPipeline.Components.Intake;
using Serilog.Core;
using Serilog.Events;

namespace IngestionPipeline.Components.Observability;

/// <summary>
/// Escapes control characters (line feeds, ANSI escape sequences, …) in every string property of a log event, see
/// <see cref="UntrustedText"/>. Text log lines render strings literally (<c>{Message:lj}</c>), so a file name or
/// request path with a line feed would otherwise forge a log line of its own. Every host adds it.
/// </summary>
public sealed class UntrustedTextEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? replaced = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (value is ScalarValue { Value: string text } && UntrustedText.NeedsEscaping(text))
            {
                (replaced ??= []).Add(new LogEventProperty(name, new ScalarValue(UntrustedText.Escape(text))));
            }
        }

        foreach (var property in replaced ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }
}

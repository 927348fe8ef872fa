using MassTransit;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Components.Configuration;

/// <summary>Puts the ingestion id (the correlation id of every pipeline message) on every log line of a consume.</summary>
public sealed class IngestionLogScopeFilter<T>(ILogger<IngestionLogScopeFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        using (logger.BeginScope(new Dictionary<string, object?>
        {
            ["IngestionId"] = context.CorrelationId,
            ["MessageType"] = typeof(T).Name,
        }))
        {
            await next.Send(context);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("ingestionLogScope");
}

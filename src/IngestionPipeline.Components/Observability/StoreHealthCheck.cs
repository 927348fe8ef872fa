using IngestionPipeline.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestionPipeline.Components.Observability;

/// <summary>Ready only when the report store answers a query (a head lookup that finds nothing is fine).</summary>
public sealed class StoreHealthCheck(IReportStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.GetHeadAsync("health-probe", cancellationToken);
            return HealthCheckResult.Healthy("store reachable");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("store unreachable", e);
        }
    }
}

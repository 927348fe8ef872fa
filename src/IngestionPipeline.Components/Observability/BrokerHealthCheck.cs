using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestionPipeline.Components.Observability;

/// <summary>Ready only when the bus is connected to the broker and its receive endpoints are up (MassTransit's bus health).</summary>
public sealed class BrokerHealthCheck(IBusControl bus) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = bus.CheckHealth();
        return Task.FromResult(health.Status switch
        {
            BusHealthStatus.Healthy => HealthCheckResult.Healthy(health.Description),
            BusHealthStatus.Degraded => HealthCheckResult.Degraded(health.Description),
            _ => HealthCheckResult.Unhealthy(health.Description),
        });
    }
}

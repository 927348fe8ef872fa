using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestionPipeline.Api.Health;

/// <summary>Ready only when the bus is connected to the broker (registered when <c>RabbitMq:Uri</c> is set).</summary>
internal sealed class BrokerHealthCheck(IBusControl bus) : IHealthCheck
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

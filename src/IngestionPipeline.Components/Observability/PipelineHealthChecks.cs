using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IngestionPipeline.Components.Observability;

/// <summary>
/// The readiness checks of a pipeline process (store, and broker when it has one) and the options of
/// <c>/health/live</c> and <c>/health/ready</c>, shared by the API and the worker's management listener.
/// </summary>
public static class PipelineHealthChecks
{
    /// <summary>Our own tag: MassTransit registers checks tagged "ready" itself, and readiness should mean exactly our checks.</summary>
    public const string ReadyTag = "pipeline-ready";

    public const string LivePath = "/health/live";

    public const string ReadyPath = "/health/ready";

    /// <summary>Adds the <c>store</c> check and, with <paramref name="broker"/>, the <c>broker</c> check.</summary>
    public static IHealthChecksBuilder AddPipelineHealthChecks(this IServiceCollection services, bool broker)
    {
        var checks = services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: [ReadyTag]);
        if (broker)
        {
            checks.AddCheck<BrokerHealthCheck>("broker", tags: [ReadyTag]);
        }

        return checks;
    }

    /// <summary>The process answers: no check runs.</summary>
    public static HealthCheckOptions LiveOptions() => new() { Predicate = _ => false, ResponseWriter = WriteAsync };

    /// <summary>
    /// Every <see cref="ReadyTag"/> check; 503 unless all are healthy (a degraded bus, some receive endpoints
    /// down, is not ready either), with a JSON body naming each check and its status.
    /// </summary>
    public static HealthCheckOptions ReadyOptions() => new()
    {
        Predicate = r => r.Tags.Contains(ReadyTag),
        ResponseWriter = WriteAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(
            context.Response.Body,
            new
            {
                status = report.Status.ToString(),
                totalMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
                checks = report.Entries.Select(e => new
                {
                    name = e.Key,
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description,
                    error = e.Value.Exception?.Message,
                }),
            },
            cancellationToken: context.RequestAborted);
    }
}

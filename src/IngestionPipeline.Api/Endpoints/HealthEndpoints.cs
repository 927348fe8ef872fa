using IngestionPipeline.Components.Observability;

namespace IngestionPipeline.Api.Endpoints;

/// <summary>
/// <c>/health/live</c> (the process answers), <c>/health/ready</c> (store, and broker when configured) and
/// <c>/metrics</c> (Prometheus text): the same checks and instruments as the worker's management listener.
/// </summary>
internal static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(PipelineHealthChecks.LivePath, PipelineHealthChecks.LiveOptions()).WithTags("health");
        app.MapHealthChecks(PipelineHealthChecks.ReadyPath, PipelineHealthChecks.ReadyOptions()).WithTags("health");
        app.MapPrometheusScrapingEndpoint().WithTags("metrics");
    }
}

using IngestionPipeline.Components.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace IngestionPipeline.ServiceDefaults;

/// <summary>
/// The worker's management endpoints, added in front of the (otherwise empty) request pipeline, so that the
/// callers of <see cref="WorkerHost.CreateBuilder"/> get them from <c>Build()</c> with nothing to map themselves.
/// </summary>
internal sealed class ManagementStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseHealthChecks(PipelineHealthChecks.LivePath, PipelineHealthChecks.LiveOptions());
        app.UseHealthChecks(PipelineHealthChecks.ReadyPath, PipelineHealthChecks.ReadyOptions());
        app.UseOpenTelemetryPrometheusScrapingEndpoint();
        next(app);
    };
}

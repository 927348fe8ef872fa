using IngestionPipeline.Core.Parsing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IngestionPipeline.Components.Reprocessing;

public static class ReprocessingServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="ReportReprocessor"/> (scoped, like <c>ReportIntake</c>: it publishes), and the parser whose version
    /// <c>--stale</c> compares with, when the host has none (an intake-only host).
    /// </summary>
    public static IServiceCollection AddReportReprocessing(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => ReportParser.CreateDefault());
        services.TryAddScoped<ReportReprocessor>();
        return services;
    }
}

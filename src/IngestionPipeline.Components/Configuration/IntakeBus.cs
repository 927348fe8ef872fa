using IngestionPipeline.Components.Intake;
using IngestionPipeline.Components.Observability;
using IngestionPipeline.Components.Reprocessing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IngestionPipeline.Components.Configuration;

/// <summary>
/// Wires a process that only submits files (the HTTP API next to RabbitMQ workers): the bus and
/// <see cref="ReportIntake"/>, and no consumers at all, so it never competes for stage queues.
/// </summary>
public static class IntakeBus
{
    /// <summary>
    /// Intake only, on RabbitMQ: writes raw files and ingestions to the host's store (<c>IReportStore</c>, registered
    /// by a storage adapter) and publishes <c>ReportFileSubmitted</c> for the workers that share it.
    /// </summary>
    /// <param name="queuePrefix">The <see cref="PipelineOptions.QueuePrefix"/> of the workers to feed (it also prefixes the exchanges).</param>
    /// <param name="configureBus">Extra registrations on the same bus, e.g. a subscriber to the pipeline's events.</param>
    public static IServiceCollection AddRabbitMqIntake(this IServiceCollection services, Uri rabbitMqUri, string? queuePrefix = null, Action<IBusRegistrationConfigurator>? configureBus = null)
    {
        ArgumentNullException.ThrowIfNull(rabbitMqUri);

        PipelineConfiguration.UseIngestionIdAsCorrelationId();

        services.TryAddSingleton(TimeProvider.System);
        services.AddPipelineMetrics();
        services.AddScoped<ReportIntake>();
        services.AddReportReprocessing();
        // An intake feeding another store's workers would publish raw files they cannot find: checked before the bus
        // starts. It does not make the claim; the workers, which consume, do.
        services.AddStoreQueueClaim(rabbitMqUri, queuePrefix, createClaim: false);
        services.AddMassTransit(bus =>
        {
            // No usage telemetry to MassTransit's host: the intake calls out only to its broker, store and the URLs it is given.
            bus.DisableUsageTelemetry();
            configureBus?.Invoke(bus);
            bus.UsingPipelineRabbitMq(rabbitMqUri, queuePrefix);
        });
        return services;
    }
}

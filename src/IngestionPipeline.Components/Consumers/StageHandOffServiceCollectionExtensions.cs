using IngestionPipeline.Components.Observability;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Components.Consumers;

/// <summary>Registers the hand-off between stages and the filter that records each stage's outcome.</summary>
public static class StageHandOffServiceCollectionExtensions
{
    /// <summary><see cref="StageHandOff"/> and its <see cref="ArtifactOptions"/> (section <c>Pipeline:Artifacts</c>).</summary>
    public static IServiceCollection AddStageHandOff(this IServiceCollection services)
    {
        services.AddOptions<ArtifactOptions>()
            .BindConfiguration(ArtifactOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<StageHandOff>();
        return services;
    }

    /// <summary>
    /// The in-memory outbox (events leave once the consume, status included, succeeded) and, inside it,
    /// <see cref="StageOutcomeFilter{T}"/>. Call it on every pipeline endpoint after the retry policy.
    /// </summary>
    public static void UseStageOutcome(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        endpoint.UseInMemoryOutbox(context);
        endpoint.UseConsumeFilter(typeof(StageOutcomeFilter<>), context);
    }
}

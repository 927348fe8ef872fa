using IngestionPipeline.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Components.Retention;

/// <summary>
/// Purges artifacts by age and outcome (<see cref="ArtifactRetentionOptions"/>) at start-up and then every
/// <see cref="ArtifactRetentionOptions.Interval"/>. Several workers may run it at once: a purge is a set of idempotent
/// deletions in small chunks. A store without <see cref="IArtifactRetentionStore"/> is left alone (logged once).
/// </summary>
public sealed class ArtifactRetentionService(
    IReportStore store,
    IOptions<ArtifactRetentionOptions> options,
    TimeProvider timeProvider,
    ILogger<ArtifactRetentionService> logger) : BackgroundService
{
    /// <summary>Runs one purge now; returns how many artifacts it deleted (null when the store cannot purge).</summary>
    public async Task<int?> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        if (store is not IArtifactRetentionStore retention)
        {
            return null;
        }

        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var deleted = await retention.PurgeArtifactsAsync(now - settings.SucceededAfter, now - settings.FailedAfter, cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation(
                "Artifact retention deleted {Deleted} artifacts (succeeded ingestions older than {SucceededAfter}, others older than {FailedAfter})",
                deleted, settings.SucceededAfter, settings.FailedAfter);
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        if (store is not IArtifactRetentionStore)
        {
            logger.LogWarning("Artifact retention is off: the store {Store} cannot purge artifacts by outcome", store.GetType().Name);
            return;
        }

        using var timer = new PeriodicTimer(settings.Interval, timeProvider);
        while (true)
        {
            try
            {
                await PurgeOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed purge (store briefly unreachable) must not stop the worker; the next one retries
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "Artifact retention failed; retrying in {Interval}", settings.Interval);
            }

            try
            {
                if (!await timer.WaitForNextTickAsync(stoppingToken))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>Registers <see cref="ArtifactRetentionService"/> and its options.</summary>
public static class ArtifactRetentionServiceCollectionExtensions
{
    /// <summary>The periodic artifact purge of a worker (section <c>Pipeline:Artifacts:Retention</c>).</summary>
    public static IServiceCollection AddArtifactRetention(this IServiceCollection services)
    {
        services.AddOptions<ArtifactRetentionOptions>()
            .BindConfiguration(ArtifactRetentionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ArtifactRetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<ArtifactRetentionService>());
        return services;
    }
}

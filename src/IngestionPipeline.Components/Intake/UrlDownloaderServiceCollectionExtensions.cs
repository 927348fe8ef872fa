using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IngestionPipeline.Components.Intake;

public static class UrlDownloaderServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="UrlDownloader"/> as a singleton (it owns one pooled HttpClient and the per-host
    /// circuit breakers, which only work when shared), with options bound from <c>UrlDownloader</c> and validated on start.
    /// </summary>
    public static IServiceCollection AddUrlDownloader(this IServiceCollection services, Action<UrlDownloaderOptions>? configure = null)
    {
        services.AddOptions<UrlDownloaderOptions>()
            .BindConfiguration(UrlDownloaderOptions.SectionName)
            .Configure(o => configure?.Invoke(o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UrlDownloader>();
        return services;
    }
}

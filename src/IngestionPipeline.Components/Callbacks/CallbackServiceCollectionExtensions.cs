using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IngestionPipeline.Components.Callbacks;

public static class CallbackServiceCollectionExtensions
{
    /// <summary>Registers the callback guard and sender (one pooled HttpClient) with options from the <c>Api</c> section.</summary>
    public static IServiceCollection AddCallbacks(this IServiceCollection services)
    {
        services.AddOptions<CallbackOptions>()
            .BindConfiguration(CallbackOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CallbackAddressGuard>();
        services.TryAddSingleton<CallbackSender>();
        return services;
    }
}

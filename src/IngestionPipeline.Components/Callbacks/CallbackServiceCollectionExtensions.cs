using MassTransit;
using Microsoft.Extensions.Configuration;
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

    /// <summary>
    /// Registers <see cref="AddCallbacks"/> and, on an intake process's bus, the <see cref="CallbackConsumer"/>. Its
    /// queue is shared by every intake process on the broker, so a process without <c>Api:CallbackSecret</c> (e.g. a
    /// CLI <c>submit</c>) does not consume it: it would take, and fail, deliveries a configured API makes.
    /// <paramref name="configuration"/> null (the embedded pipeline: no other process) always consumes.
    /// </summary>
    public static IBusRegistrationConfigurator AddCallbackDelivery(this IBusRegistrationConfigurator bus, IConfiguration? configuration)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddCallbacks();
        if (configuration is null || !string.IsNullOrEmpty(configuration[$"{CallbackOptions.SectionName}:{nameof(CallbackOptions.CallbackSecret)}"]))
        {
            bus.AddConsumer<CallbackConsumer, CallbackConsumerDefinition>();
        }

        return bus;
    }
}

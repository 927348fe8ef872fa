using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Examples.CsvSubscriber;

public static class CsvSubscriberRegistration
{
    /// <summary>The writer, its options and the consumer registration, shared by the program and the tests.</summary>
    public static IServiceCollection AddCsvSubscriber(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CsvSubscriberOptions>().Bind(configuration.GetSection(CsvSubscriberOptions.SectionName));
        services.AddSingleton<ReportVersionCsvWriter>();
        return services;
    }

    public static void AddCsvSubscriberConsumer(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<ReportVersionCreatedConsumer, ReportVersionCreatedConsumerDefinition>();
}

using IngestionPipeline.Components.Configuration;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Components.Tests;

/// <summary>MassTransit's usage telemetry (reports to a host of MassTransit's, on by default since 8.3) is off in every bus we register.</summary>
public sealed class UsageTelemetryTests
{
    public static TheoryData<string> Registrations() => ["embedded", "rabbitmq-pipeline", "rabbitmq-intake"];

    [Theory]
    [MemberData(nameof(Registrations))]
    public void Bus_registration_disables_usage_telemetry(string registration)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        var broker = new Uri("amqp://guest:guest@127.0.0.1:5672/");
        _ = registration switch
        {
            "embedded" => services.AddEmbeddedPipeline(),
            "rabbitmq-pipeline" => services.AddRabbitMqPipeline(broker),
            _ => services.AddRabbitMqIntake(broker),
        };
        using var provider = services.BuildServiceProvider();

        Assert.False(provider.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }

    [Fact]
    public void Bus_registration_without_the_opt_out_would_report_usage()
    {
        // The oracle for the test above: MassTransit's default is on, so the assertion there can fail.
        var services = new ServiceCollection().AddLogging();
        services.AddMassTransit(bus => bus.UsingInMemory());
        using var provider = services.BuildServiceProvider();

        Assert.True(provider.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled
            || Environment.GetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY") is not null);
    }
}

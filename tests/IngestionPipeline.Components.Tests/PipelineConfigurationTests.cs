using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Consumers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Components.Tests;

public sealed class PipelineConfigurationTests
{
    [Fact]
    public void AddRabbitMqPipeline_stages_from_configuration_registers_only_those_consumers()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Pipeline:Stages:0"] = "extract",
                ["Pipeline:Stages:1"] = "validate",
            })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);

        services.AddRabbitMqPipeline(Path.GetTempPath(), new Uri("amqp://guest:guest@127.0.0.1:5672/"), configuration);

        Assert.Contains(services, d => d.ServiceType == typeof(ExtractConsumer));
        Assert.Contains(services, d => d.ServiceType == typeof(ValidateConsumer));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(NormalizeConsumer));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(StoreConsumer));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(["extract", "validate"], provider.GetRequiredService<IOptions<PipelineOptions>>().Value.Stages);
    }

    [Fact]
    public void AddEmbeddedPipeline_no_stages_configured_registers_every_stage()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());

        services.AddEmbeddedPipeline(Path.GetTempPath());

        foreach (var consumer in new[] { typeof(ExtractConsumer), typeof(NormalizeConsumer), typeof(ValidateConsumer), typeof(StoreConsumer) })
        {
            Assert.Contains(services, d => d.ServiceType == consumer);
        }
    }

    [Fact]
    public void PipelineOptions_unknown_stage_fails_validation_on_start()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Pipeline:Stages:0"] = "extrakt" })
            .Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPipelineServices().BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PipelineOptions>>().Value);
    }
}

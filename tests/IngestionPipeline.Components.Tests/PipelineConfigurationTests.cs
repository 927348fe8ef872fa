using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Consumers;
using IngestionPipeline.Components.Observability;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.Infrastructure.Storage.Mongo;
using IngestionPipeline.Infrastructure.Storage.Sqlite;
using IngestionPipeline.ServiceDefaults;
using IngestionPipeline.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

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

        services.AddRabbitMqPipeline(new Uri("amqp://guest:guest@127.0.0.1:5672/"), configuration);

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

        services.AddEmbeddedPipeline();

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

    [Fact]
    public void Components_depends_on_the_storage_port_only_never_on_an_adapter_or_the_host_set_up()
    {
        var references = typeof(PipelineBus).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("IngestionPipeline.Core", references);
        Assert.DoesNotContain("IngestionPipeline.Infrastructure", references);
        Assert.DoesNotContain("IngestionPipeline.ServiceDefaults", references);
        Assert.DoesNotContain("MongoDB.Driver", references);
        Assert.DoesNotContain("Microsoft.Data.Sqlite", references);
    }

    // ---- The host set-up (ServiceDefaults): the store and the bus from configuration ---------------------------

    [Fact]
    public void AddServiceDefaults_with_Storage_MongoUri_registers_the_MongoDB_store_without_connecting()
    {
        using var host = BuildHost(new()
        {
            ["Storage:DataDirectory"] = "/nonexistent/never-used",
            ["Storage:MongoUri"] = "mongodb://127.0.0.1:1/reports_from_uri",
        });

        var store = host.Services.GetRequiredService<IReportStore>();

        Assert.IsType<MongoReportStore>(store);
        Assert.Same(store, host.Services.GetRequiredService<IIngestionStore>());
        Assert.Equal("reports_from_uri", host.Services.GetRequiredService<MongoStoreOptions>().DatabaseName);
        var composition = host.Services.GetRequiredService<HostComposition>();
        Assert.True(composition.Store.IsMongo);
        Assert.Null(composition.RabbitMqUri);
    }

    [Fact]
    public void AddServiceDefaults_Storage_MongoDatabase_overrides_the_database_of_the_uri()
    {
        using var host = BuildHost(new()
        {
            ["Storage:MongoUri"] = "mongodb://127.0.0.1:1/reports_from_uri",
            ["Storage:MongoDatabase"] = "reports_2025",
        });

        Assert.IsType<MongoReportStore>(host.Services.GetRequiredService<IReportStore>());
        Assert.Equal("reports_2025", host.Services.GetRequiredService<MongoStoreOptions>().DatabaseName);
    }

    [Fact]
    public void AddServiceDefaults_without_MongoUri_registers_the_SQLite_store_in_Storage_DataDirectory()
    {
        using var data = new TempDirectory("host-sqlite");
        using var host = BuildHost(new() { ["Storage:DataDirectory"] = data.Path, ["Storage:MongoUri"] = "" });

        Assert.IsType<SqliteReportStore>(host.Services.GetRequiredService<IReportStore>());
        Assert.Equal(data.Path, host.Services.GetRequiredService<SqliteStoreOptions>().DataDirectory);
        Assert.Equal(PipelineStore.Sqlite(data.Path), host.Services.GetRequiredService<HostComposition>().Store);
    }

    [Fact]
    public void AddServiceDefaults_store_given_in_settings_wins_over_configuration()
    {
        using var data = new TempDirectory("host-settings");
        using var host = BuildHost(
            new() { ["Storage:MongoUri"] = "mongodb://127.0.0.1:1/" },
            new ServiceDefaultsSettings { Role = PipelineRole.Embedded, Store = PipelineStore.Sqlite(data.Path) });

        Assert.IsType<SqliteReportStore>(host.Services.GetRequiredService<IReportStore>());
    }

    [Theory]
    [InlineData("Storage:MongoUri", "ingest:secret@localhost:27017", "Storage:MongoUri is not a MongoDB connection string")]
    [InlineData("RabbitMq:Uri", "http://guest:secret@localhost:5672/", "RabbitMq:Uri must be an amqp:// or amqps:// URI")]
    public void AddServiceDefaults_invalid_store_or_broker_setting_fails_naming_the_key_and_not_the_password(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => BuildHost(new() { [key] = value }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddServiceDefaults_intake_with_a_broker_registers_no_consumer_and_checks_the_broker()
    {
        using var data = new TempDirectory("host-intake");
        using var host = BuildHost(new()
        {
            ["Storage:DataDirectory"] = data.Path,
            ["RabbitMq:Uri"] = "amqp://guest:guest@127.0.0.1:1/",
        });

        var registered = host.Services.GetRequiredService<IServiceProviderIsService>();
        Assert.False(registered.IsService(typeof(ExtractConsumer)));
        Assert.False(registered.IsService(typeof(StoreConsumer)));
        Assert.Equal(new Uri("amqp://guest:guest@127.0.0.1:1/"), host.Services.GetRequiredService<HostComposition>().RabbitMqUri);
        var checks = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .Where(r => r.Tags.Contains(PipelineHealthChecks.ReadyTag)).Select(r => r.Name).Order();
        Assert.Equal(["broker", "store"], checks);
    }

    [Fact]
    public void AddServiceDefaults_intake_without_a_broker_runs_every_stage_in_process()
    {
        using var data = new TempDirectory("host-embedded");
        using var host = BuildHost(new() { ["Storage:DataDirectory"] = data.Path, ["RabbitMq:Uri"] = "" });

        var registered = host.Services.GetRequiredService<IServiceProviderIsService>();
        Assert.True(registered.IsService(typeof(ExtractConsumer)));
        Assert.True(registered.IsService(typeof(StoreConsumer)));
        var checks = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .Where(r => r.Tags.Contains(PipelineHealthChecks.ReadyTag)).Select(r => r.Name);
        Assert.Equal(["store"], checks);
    }

    [Fact]
    public void AddServiceDefaults_traces_only_when_an_otlp_endpoint_is_configured()
    {
        using var data = new TempDirectory("host-otlp");
        using (var plain = BuildHost(new() { ["Storage:DataDirectory"] = data.Path }))
        {
            Assert.Null(plain.Services.GetService<TracerProvider>());
            Assert.NotNull(plain.Services.GetService<MeterProvider>());
        }

        using var traced = BuildHost(new()
        {
            ["Storage:DataDirectory"] = data.Path,
            [ServiceDefaultsExtensions.OtlpEndpointKey] = "http://127.0.0.1:4317",
        });
        Assert.NotNull(traced.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void AddServiceDefaults_without_metrics_export_has_no_meter_provider()
    {
        using var data = new TempDirectory("host-nometrics");
        using var host = BuildHost([], new ServiceDefaultsSettings { Role = PipelineRole.Embedded, Store = PipelineStore.Sqlite(data.Path), ExportMetrics = false });

        Assert.Null(host.Services.GetService<MeterProvider>());
    }

    /// <summary>A host on <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/> with exactly <paramref name="configuration"/> as configuration; built, never started.</summary>
    private static IHost BuildHost(Dictionary<string, string?> configuration, ServiceDefaultsSettings? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddServiceDefaults(settings ?? new ServiceDefaultsSettings { Role = PipelineRole.Intake });
        return builder.Build();
    }
}

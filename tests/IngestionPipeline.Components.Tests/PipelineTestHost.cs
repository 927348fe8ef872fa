using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Components.Reprocessing;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Components.Tests;

/// <summary>The pipeline's consumers on MassTransit's test harness (in-memory), over a real SQLite store in a temp directory.</summary>
internal sealed class PipelineTestHost : IAsyncDisposable
{
    private readonly TempDirectory directory;

    private PipelineTestHost(ServiceProvider services, TempDirectory directory)
    {
        this.directory = directory;
        Services = services;
        Harness = services.GetRequiredService<ITestHarness>();
        Tracker = services.GetRequiredService<IngestionTracker>();
        Store = services.GetRequiredService<IReportStore>();
    }

    public ServiceProvider Services { get; }

    public ITestHarness Harness { get; }

    public IngestionTracker Tracker { get; }

    public IReportStore Store { get; }

    /// <param name="dataDirectory">The SQLite store's directory (a new temporary one by default).</param>
    /// <param name="configuration">Configuration entries (e.g. <c>Pipeline:Artifacts:Keep</c>).</param>
    /// <param name="decorate">Wraps the store every component sees (e.g. in a <see cref="RecordingReportStore"/>).</param>
    /// <param name="configureServices">Replaces services after the pipeline's (e.g. a <c>ReportParser</c> with a revised normalizer).</param>
    public static async Task<PipelineTestHost> StartAsync(
        string? dataDirectory = null,
        IReadOnlyDictionary<string, string?>? configuration = null,
        Func<IReportStore, IReportStore>? decorate = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var temp = new TempDirectory("pipeline");
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build())
            .AddLogging()
            .AddPipelineServices();
        var options = new Infrastructure.Storage.Sqlite.SqliteStoreOptions { DataDirectory = dataDirectory ?? temp.Path };
        Infrastructure.DependencyInjection.SqliteStoreServiceCollectionExtensions.AddSqliteReportStore(services, options);
        if (decorate is not null)
        {
            // Registered last, so it wins; the sub-interfaces resolve IReportStore and so see the decorator too.
            services.AddSingleton(sp => decorate(new Infrastructure.Storage.Sqlite.SqliteReportStore(options, sp.GetService<TimeProvider>())));
        }

        configureServices?.Invoke(services);
        services.AddSingleton<IngestionTracker>();
        services.AddScoped<ReportIntake>();
        services.AddReportReprocessing();
        services.AddMassTransitTestHarness(bus =>
        {
            bus.AddPipelineConsumers(new PipelineOptions { RetryLimit = 1 });
            bus.AddConsumer<IngestionTrackerConsumer>();
        });
        var provider = services.BuildServiceProvider(validateScopes: true);
        var host = new PipelineTestHost(provider, temp);
        await host.Store.InitializeAsync();
        await host.Harness.Start();
        return host;
    }

    public async Task<IngestionOutcome> IngestAsync(byte[] content, string fileName, Contracts.SubmissionHints? hints = null)
    {
        using var scope = Services.CreateScope();
        var intake = scope.ServiceProvider.GetRequiredService<ReportIntake>();
        var submitted = await intake.SubmitAsync(content, fileName, hints: hints, cancellationToken: TestContext.Current.CancellationToken);
        return await Tracker.WaitAsync(submitted.IngestionId, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await Services.DisposeAsync();
        directory.Dispose();
    }
}

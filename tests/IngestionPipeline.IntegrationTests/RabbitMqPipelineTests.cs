using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IngestionPipeline.IntegrationTests;

/// <summary>The stage consumers over the real RabbitMQ broker, with the embedded SQLite store.</summary>
public sealed class RabbitMqPipelineTests
{
    [Fact]
    public async Task Samples_flow_through_stage_queues_on_rabbitmq_into_versions_then_unchanged()
    {
        var broker = RabbitMqAvailability.RequireBroker();
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory("it-rabbit");
        var prefix = $"it-{Guid.NewGuid():N}"[..11];
        using var host = BuildHost(data.Path, broker, prefix);
        await host.Services.GetRequiredService<IReportStore>().InitializeAsync(ct);
        await host.StartAsync(ct);
        try
        {
            var tracker = host.Services.GetRequiredService<IngestionTracker>();
            var files = RepositoryPaths.SampleFiles;

            var first = await IngestAllAsync(host, tracker, files, ct);
            Assert.All(first, o => Assert.Equal(IngestionOutcomeKind.VersionCreated, o.Kind));
            Assert.Equal(files.Count, first.Select(o => o.ReportKey).Distinct().Count());

            var second = await IngestAllAsync(host, tracker, files, ct);
            Assert.All(second, o => Assert.Equal(IngestionOutcomeKind.Unchanged, o.Kind));

            var junk = await IngestAsync(host, tracker, [0x00, 0x13, 0x37, 0x00, 0xFF], "junk.docx", ct);
            Assert.Equal(IngestionOutcomeKind.Rejected, junk.Kind);
            Assert.Equal(ReasonCodes.UnsupportedFormat, junk.ReasonCode);

            var store = host.Services.GetRequiredService<IReportStore>();
            var heads = await store.ListHeadsAsync(ct);
            Assert.Equal(files.Count, heads.Count);
            Assert.All(heads, h => Assert.Equal(1, h.CurrentVersion));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            await using var operations = await BrokerOperations.ConnectAsync(broker, CancellationToken.None);
            await operations.DeletePrefixedTopologyAsync(prefix, CancellationToken.None);
        }
    }

    private static IHost BuildHost(string dataDirectory, Uri broker, string queuePrefix)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSqliteReportStore(dataDirectory).AddRabbitMqPipeline(broker, configure: o => o.QueuePrefix = queuePrefix);
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        return builder.Build();
    }

    private static async Task<IngestionOutcome[]> IngestAllAsync(IHost host, IngestionTracker tracker, IReadOnlyList<string> files, CancellationToken ct)
    {
        var outcomes = new List<Task<IngestionOutcome>>();
        foreach (var file in files)
        {
            outcomes.Add(IngestAsync(host, tracker, await File.ReadAllBytesAsync(file, ct), Path.GetFileName(file), ct));
        }

        return await Task.WhenAll(outcomes);
    }

    private static async Task<IngestionOutcome> IngestAsync(IHost host, IngestionTracker tracker, byte[] content, string fileName, CancellationToken ct)
    {
        using var scope = host.Services.CreateScope();
        var submitted = await scope.ServiceProvider.GetRequiredService<ReportIntake>().SubmitAsync(content, fileName, cancellationToken: ct);
        return await tracker.WaitAsync(submitted.IngestionId, ct).WaitAsync(TimeSpan.FromSeconds(90), ct);
    }
}

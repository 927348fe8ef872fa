using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Components.Observability;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.ServiceDefaults;
using IngestionPipeline.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Components.Tests;

/// <summary>
/// The worker host's management listener (<c>/health/live</c>, <c>/health/ready</c>, <c>/metrics</c>) on Kestrel at a
/// free loopback port: on the real RabbitMQ (skipped with the reason when it is unreachable), and with the broker down.
/// </summary>
public sealed class WorkerHostManagementTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Management_listener_on_rabbitmq_answers_live_ready_and_metrics_after_a_report()
    {
        var broker = await RequireBrokerAsync();
        using var data = new TempDirectory("worker-mgmt");
        var prefix = $"mgmt-{Guid.NewGuid():N}"[..13];
        await using var app = Build(data.Path, broker, prefix);
        await app.Services.GetRequiredService<IReportStore>().InitializeAsync(Ct);
        await app.StartAsync(Ct);
        try
        {
            using var http = new HttpClient { BaseAddress = await BoundAddressAsync(app), Timeout = TimeSpan.FromSeconds(30) };

            // The host starts before the bus is connected; ready turns 200 once the stage queues are consumed.
            var readyBody = await WaitUntilReadyAsync(http);
            Assert.Equal(["broker:Healthy", "store:Healthy"], Checks(readyBody));
            var sample = RepositoryPaths.SampleFiles[0];
            Guid ingestionId;
            using (var scope = app.Services.CreateScope())
            {
                var intake = scope.ServiceProvider.GetRequiredService<ReportIntake>();
                ingestionId = (await intake.SubmitAsync(await File.ReadAllBytesAsync(sample, Ct), Path.GetFileName(sample), cancellationToken: Ct)).IngestionId;
            }

            var outcome = await app.Services.GetRequiredService<IngestionTracker>().WaitAsync(ingestionId, Ct).WaitAsync(TimeSpan.FromSeconds(90), Ct);
            Assert.Equal(IngestionOutcomeKind.VersionCreated, outcome.Kind);

            using var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);

            using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

            // Consumers record right after they publish, and the exporter caches a scrape briefly: poll.
            string[] expected =
            [
                "# TYPE ingestion_pipeline_ingestions_submitted_total counter",
                "# TYPE ingestion_pipeline_versions_created_total counter",
                "ingestion_pipeline_stage_duration_seconds_bucket{otel_scope_name=\"IngestionPipeline\",outcome=\"created\",stage=\"store\"",
                "ingestion_pipeline_stage_duration_seconds_count{otel_scope_name=\"IngestionPipeline\",outcome=\"ok\",stage=\"extract\"}",
                "# TYPE ingestion_pipeline_validation_findings_total counter",
            ];
            if (MassTransitMeterIsLive())
            {
                expected = [.. expected, "messaging_masstransit_receive", "messaging_masstransit_consume"];
            }
            else
            {
                // MassTransit 8.5 creates its meter once per process, from the IMeterFactory of the first bus's
                // container; when an earlier test's host was disposed, that meter went with it. A worker
                // process has one container, so this only happens when several hosts share a test process.
                TestContext.Current.SendDiagnosticMessage("MassTransit's meter was disposed with an earlier test host: its series are not checked.");
            }

            var metrics = string.Empty;
            for (var deadline = DateTimeOffset.UtcNow.AddSeconds(15); DateTimeOffset.UtcNow < deadline; await Task.Delay(200, Ct))
            {
                using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                metrics = await response.Content.ReadAsStringAsync(Ct);
                if (expected.All(e => metrics.Contains(e, StringComparison.Ordinal)))
                {
                    break;
                }
            }

            Assert.All(expected, e => Assert.Contains(e, metrics, StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await using var operations = await BrokerOperations.ConnectAsync(broker, CancellationToken.None);
            await operations.DeletePrefixedTopologyAsync(prefix, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Management_listener_with_broker_unreachable_answers_live_and_ready_503_naming_the_broker()
    {
        using var data = new TempDirectory("worker-mgmt");
        var closedPort = ClosedPort();
        await using var app = Build(data.Path, new Uri($"amqp://guest:guest@127.0.0.1:{closedPort}/"), $"mgmt-{Guid.NewGuid():N}"[..13]);
        await app.Services.GetRequiredService<IReportStore>().InitializeAsync(Ct);

        // With a management listener the host starts although the bus cannot connect (MassTransit keeps retrying).
        await app.StartAsync(Ct);
        try
        {
            using var http = new HttpClient { BaseAddress = await BoundAddressAsync(app), Timeout = TimeSpan.FromSeconds(30) };

            using var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);

            using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
            var body = await ready.Content.ReadAsStringAsync(Ct);
            Assert.True(ready.StatusCode == HttpStatusCode.ServiceUnavailable, body);
            Assert.Equal("application/json; charset=utf-8", ready.Content.Headers.ContentType?.ToString());
            Assert.Equal("Unhealthy", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
            Assert.Equal(["broker:Unhealthy", "store:Healthy"], Checks(body));
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void CreateBuilder_without_management_urls_binds_no_port()
    {
        using var data = new TempDirectory("worker-mgmt");
        var settings = new WorkerHostSettings
        {
            Args = ["--Serilog:MinimumLevel:Default=Warning"],
            ContentRootPath = AppContext.BaseDirectory,
            Store = PipelineStore.Sqlite(data.Path),
            RabbitMqUri = new Uri("amqp://guest:guest@127.0.0.1:1/"),
            ManagementUrls = string.Empty,
        };
        using var app = WorkerHost.CreateBuilder(settings).Build();

        Assert.Null(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>());
    }

    [Fact]
    public void CreateBuilder_reads_the_MongoDB_store_and_the_broker_from_the_worker_configuration_keys()
    {
        using var app = WorkerHost.CreateBuilder(new WorkerHostSettings
        {
            Args =
            [
                "--Storage:MongoUri=mongodb://127.0.0.1:1/worker_reports",
                "--RabbitMq:Uri=amqp://guest:guest@127.0.0.1:1/",
                "--Management:Urls=",
                "--Serilog:MinimumLevel:Default=Warning",
            ],
            ContentRootPath = AppContext.BaseDirectory,
        }).Build();

        Assert.IsType<Infrastructure.Storage.Mongo.MongoReportStore>(app.Services.GetRequiredService<IReportStore>());
        var composition = app.Services.GetRequiredService<HostComposition>();
        Assert.Equal(PipelineRole.Worker, composition.Role);
        Assert.Equal("worker_reports", composition.Store.MongoDatabaseName);
        Assert.Equal(new Uri("amqp://guest:guest@127.0.0.1:1/"), composition.RabbitMqUri);
    }

    private static WebApplication Build(string dataDirectory, Uri broker, string queuePrefix) =>
        WorkerHost.CreateBuilder(new WorkerHostSettings
        {
            Args = ["--Serilog:MinimumLevel:Default=Warning"],
            ContentRootPath = AppContext.BaseDirectory,
            Store = PipelineStore.Sqlite(dataDirectory),
            RabbitMqUri = broker,
            ManagementUrls = "http://127.0.0.1:0",
            ConfigurePipeline = o =>
            {
                o.QueuePrefix = queuePrefix;
                o.RetryLimit = 1;
                o.TrackOutcomes = true; // the test waits for its report's outcome in the worker host
            },
        }).Build();

    /// <summary>The address Kestrel bound for port 0, read from the server features once it is listening.</summary>
    private static async Task<Uri> BoundAddressAsync(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        for (var deadline = DateTimeOffset.UtcNow.AddSeconds(30); DateTimeOffset.UtcNow < deadline; await Task.Delay(50, Ct))
        {
            if (addresses.Select(a => new Uri(a)).FirstOrDefault(a => a.Port != 0) is { } bound)
            {
                return bound;
            }
        }

        throw new TimeoutException("The management listener did not bind within 30 s.");
    }

    private static async Task<string> WaitUntilReadyAsync(HttpClient http)
    {
        for (var deadline = DateTimeOffset.UtcNow.AddSeconds(60); ; await Task.Delay(200, Ct))
        {
            using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
            var body = await ready.Content.ReadAsStringAsync(Ct);
            if (ready.StatusCode == HttpStatusCode.OK)
            {
                return body;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"/health/ready still {(int)ready.StatusCode} after 60 s: {body}");
        }
    }

    private static bool MassTransitMeterIsLive()
    {
        var live = false;
        using var listener = new MeterListener { InstrumentPublished = (instrument, _) => live |= instrument.Meter.Name == PipelineTelemetry.MassTransitMeterName };
        listener.Start();
        return live;
    }

    private static string[] Checks(string healthJson) =>
        JsonDocument.Parse(healthJson).RootElement.GetProperty("checks").EnumerateArray()
            .Select(c => $"{c.GetProperty("name").GetString()}:{c.GetProperty("status").GetString()}")
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>RABBITMQ_URI, else the local default; skips the test with the reason when nothing answers there.</summary>
    private static async Task<Uri> RequireBrokerAsync()
    {
        var uri = new Uri(Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 } env ? env : "amqp://guest:guest@127.0.0.1:5672/");
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync(uri.Host, uri.Port > 0 ? uri.Port : 5672, Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(3), Ct);
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            Assert.Skip($"RabbitMQ not reachable at {uri.Host}:{uri.Port} ({e.Message}). Start rabbitmq-server (see .ci/run) or set RABBITMQ_URI to run this test.");
        }

        return uri;
    }
}

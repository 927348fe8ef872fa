using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Components.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Api.Tests;

/// <summary>Intake-only mode next to RabbitMQ workers: no consumers in the API, broker in readiness. Skipped without a broker.</summary>
public sealed class RabbitMqIntakeTests
{
    [Fact]
    public async Task Api_with_rabbitmq_uri_runs_intake_only_and_reports_broker_readiness()
    {
        var broker = new Uri(Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 } env ? env : "amqp://guest:guest@127.0.0.1:5672/");
        using (var probe = new TcpClient())
        {
            try
            {
                await probe.ConnectAsync(broker.Host, broker.Port > 0 ? broker.Port : 5672, TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
            }
            catch (Exception e) when (e is SocketException or TimeoutException)
            {
                Assert.Skip($"RabbitMQ not reachable at {broker.Host}:{broker.Port} ({e.Message}); set RABBITMQ_URI to run this test.");
            }
        }

        // Its own queue prefix: the intake checks the store claim of the queues it feeds (another run's temp store
        // may hold the unprefixed ones).
        var prefix = "api-intake-" + Guid.NewGuid().ToString("N")[..8];
        await using var host = await ApiTestHost.StartAsync(new Dictionary<string, string?> { ["RabbitMq:Uri"] = broker.AbsoluteUri, ["Pipeline:QueuePrefix"] = prefix });

        // Intake only: the pipeline's consumers (and the tracker that needs them) are not registered.
        Assert.Null(host.App.Services.GetService<IngestionTracker>());
        using (var scope = host.App.Services.CreateScope())
        {
            Assert.NotNull(scope.ServiceProvider.GetService<ReportIntake>());
        }

        using var ready = await host.Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(["broker", "store"], report.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
    }
}

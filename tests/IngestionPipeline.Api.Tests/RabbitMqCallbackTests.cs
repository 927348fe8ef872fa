using System.Collections.Concurrent;
using System.Net.Sockets;
using IngestionPipeline.Components.Callbacks;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.ServiceDefaults;
using IngestionPipeline.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Api.Tests;

/// <summary>
/// Callbacks in the distributed layout: the API submits over RabbitMQ to a worker on the same SQLite store, and the API
/// (the only process with <c>Api:CallbackSecret</c>) delivers the worker's outcome. Skipped without a broker.
/// </summary>
[Trait("Tier", "Slow")]
public sealed class RabbitMqCallbackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_intake_api_delivers_the_callback_of_an_outcome_a_worker_produced()
    {
        var broker = new Uri(Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 } env ? env : "amqp://guest:guest@127.0.0.1:5672/");
        using (var probe = new TcpClient())
        {
            try
            {
                await probe.ConnectAsync(broker.Host, broker.Port > 0 ? broker.Port : 5672, Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(3), Ct);
            }
            catch (Exception e) when (e is SocketException or TimeoutException)
            {
                Assert.Skip($"RabbitMQ not reachable at {broker.Host}:{broker.Port} ({e.Message}); set RABBITMQ_URI to run this test.");
            }
        }

        var prefix = $"cb-{Guid.NewGuid():N}"[..11];
        using var data = new TempDirectory("callback-rabbit");
        await using var worker = WorkerHost.CreateBuilder(new WorkerHostSettings
        {
            Args = ["--Serilog:MinimumLevel:Default=Warning"],
            ContentRootPath = AppContext.BaseDirectory,
            Store = PipelineStore.Sqlite(data.Path),
            RabbitMqUri = broker,
            ManagementUrls = "http://127.0.0.1:0",
            ConfigurePipeline = o =>
            {
                o.QueuePrefix = prefix;
                o.RetryLimit = 1;
            },
        }).Build();
        await worker.Services.GetRequiredService<IReportStore>().InitializeAsync(Ct);
        await worker.StartAsync(Ct);
        try
        {
            var bodies = new ConcurrentQueue<(string Signature, string Timestamp)>();
            await using var site = await LocalHttpServer.StartAsync((context, _) =>
            {
                bodies.Enqueue((context.Request.Headers[CallbackSender.SignatureHeader].ToString(), context.Request.Headers[CallbackSender.TimestampHeader].ToString()));
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return Task.CompletedTask;
            });
            await using var api = await ApiTestHost.StartAsync(new Dictionary<string, string?>
            {
                ["RabbitMq:Uri"] = broker.AbsoluteUri,
                ["Pipeline:QueuePrefix"] = prefix,
                ["Storage:DataDirectory"] = data.Path,
                ["Api:CallbackSecret"] = "rabbit-secret",
            });
            var bytes = await File.ReadAllBytesAsync(RepositoryPaths.SampleFiles[0], Ct);

            var id = await api.UploadAsync(bytes, "report.txt", new Dictionary<string, string> { ["callbackUrl"] = site.Url("/cb").AbsoluteUri });

            var callbacks = Assert.IsAssignableFrom<ICallbackStore>(api.Store);
            var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
            CallbackRegistration? registration;
            while ((registration = await callbacks.GetCallbackAsync(id, Ct)) is { Status: CallbackDeliveryStatus.Pending })
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, "The callback was not delivered within 90 s.");
                await Task.Delay(100, Ct);
            }

            Assert.Equal(CallbackDeliveryStatus.Delivered, registration?.Status);
            var (signature, timestamp) = Assert.Single(bodies);
            Assert.StartsWith("sha256=", signature, StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(timestamp));
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }
}

using System.Net.Sockets;
using System.Text.Json;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace IngestionPipeline.Dashboard.Tests;

/// <summary>The operations data with a broker: the depths of the prefixed stage and error queues. Skipped without RabbitMQ.</summary>
public sealed class OperationsBrokerTests
{
    [Fact]
    public async Task Operations_reports_the_depth_of_the_stage_and_error_queues_of_the_configured_prefix()
    {
        var ct = TestContext.Current.CancellationToken;
        var broker = new Uri(Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 } env ? env : "amqp://guest:guest@127.0.0.1:5672/");
        using (var probe = new TcpClient())
        {
            try
            {
                await probe.ConnectAsync(broker.Host, broker.Port > 0 ? broker.Port : 5672, ct).AsTask().WaitAsync(TimeSpan.FromSeconds(3), ct);
            }
            catch (Exception e) when (e is SocketException or TimeoutException)
            {
                Assert.Skip($"RabbitMQ not reachable at {broker.Host}:{broker.Port} ({e.Message}); set RABBITMQ_URI to run this test.");
            }
        }

        // Its own prefix; two messages waiting in "extract", one in "validate_error", queues that expire unused.
        var prefix = "dashboard-ops-" + Guid.NewGuid().ToString("N")[..8];
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var expiry = new Dictionary<string, object?> { ["x-expires"] = 120_000 };
        var extract = PipelineQueues.QueueName("extract", prefix);
        var validateError = PipelineQueues.ErrorQueueName("validate", prefix);
        await channel.QueueDeclareAsync(extract, durable: false, exclusive: false, autoDelete: false, arguments: expiry, cancellationToken: ct);
        await channel.QueueDeclareAsync(validateError, durable: false, exclusive: false, autoDelete: false, arguments: expiry, cancellationToken: ct);
        await channel.BasicPublishAsync(string.Empty, extract, "a"u8.ToArray(), ct);
        await channel.BasicPublishAsync(string.Empty, extract, "b"u8.ToArray(), ct);
        await channel.BasicPublishAsync(string.Empty, validateError, "c"u8.ToArray(), ct);

        using var directory = new TempDirectory("dashboard-ops");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = directory.Path,
            ["RabbitMq:Uri"] = broker.AbsoluteUri,
            ["Pipeline:QueuePrefix"] = prefix,
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = await Api.ApiHost.BuildAsync(builder, ct);
        await app.StartAsync(ct);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        using var client = new HttpClient { BaseAddress = address };

        // Publishing is asynchronous on the broker side: wait until both messages are counted.
        JsonElement queues = default;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (true)
        {
            using var body = JsonDocument.Parse(await client.GetStringAsync(new Uri("/dashboard/api/operations", UriKind.Relative), ct));
            var brokerState = body.RootElement.GetProperty("broker");
            Assert.True(brokerState.GetProperty("configured").GetBoolean());
            Assert.Equal(JsonValueKind.Null, brokerState.GetProperty("error").ValueKind);
            queues = brokerState.GetProperty("queues").Clone();
            if (Queue(queues, "extract").GetProperty("messages").GetInt64() == 2 && Queue(queues, "validate").GetProperty("errorMessages").GetInt64() == 1)
            {
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"queue depths not reported: {queues}");
            await Task.Delay(100, ct);
        }

        Assert.Equal(extract, Queue(queues, "extract").GetProperty("queue").GetString());
        Assert.True(Queue(queues, "extract").GetProperty("exists").GetBoolean());
        Assert.False(Queue(queues, "store").GetProperty("exists").GetBoolean());
        Assert.Equal(4, queues.GetArrayLength());
        await app.StopAsync(ct);
        await channel.QueueDeleteAsync(extract, cancellationToken: ct);
        await channel.QueueDeleteAsync(validateError, cancellationToken: ct);
    }

    private static JsonElement Queue(JsonElement queues, string stage) =>
        queues.EnumerateArray().Single(q => q.GetProperty("stage").GetString() == stage);
}

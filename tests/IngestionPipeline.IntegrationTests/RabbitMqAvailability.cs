using System.Net.Sockets;

namespace IngestionPipeline.IntegrationTests;

/// <summary>
/// Finds the RabbitMQ the integration tests run against: RABBITMQ_URI, else the local default. When
/// nothing answers, tests skip with the reason printed instead of pretending to pass.
/// </summary>
internal static class RabbitMqAvailability
{
    private static readonly Lazy<(Uri Uri, string? Problem)> Probe = new(() =>
    {
        var uri = new Uri(Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 } env ? env : "amqp://guest:guest@127.0.0.1:5672/");
        try
        {
            using var client = new TcpClient();
            if (!client.ConnectAsync(uri.Host, uri.Port > 0 ? uri.Port : 5672).Wait(TimeSpan.FromSeconds(3)))
            {
                return (uri, $"RabbitMQ not reachable at {uri.Host}:{uri.Port} (timeout)");
            }

            return (uri, null);
        }
        catch (Exception e) when (e is SocketException or AggregateException)
        {
            return (uri, $"RabbitMQ not reachable at {uri.Host}:{uri.Port} ({e.GetBaseException().Message})");
        }
    });

    /// <summary>The broker URI, or skips the calling test with the reason.</summary>
    public static Uri RequireBroker()
    {
        var (uri, problem) = Probe.Value;
        if (problem is not null)
        {
            Assert.Skip($"{problem}. Start rabbitmq-server (see .ci/run) or set RABBITMQ_URI to run this test.");
        }

        return uri;
    }
}

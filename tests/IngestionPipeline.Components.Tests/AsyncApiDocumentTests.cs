using System.Diagnostics;
using System.Text.Json;
using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Contracts;
using IngestionPipeline.Testing;
using MassTransit;
using MassTransit.RabbitMqTransport;

namespace IngestionPipeline.Components.Tests;

/// <summary>
/// <c>docs/asyncapi.yaml</c>: valid for the real AsyncAPI parser (npm <c>@asyncapi/parser</c>, installed in tools/asyncapi by
/// <c>npm ci</c>), and describing exactly the exchanges the pipeline's RabbitMQ topology publishes each event to.
/// </summary>
public sealed class AsyncApiDocumentTests
{
    private static string ToolDirectory => Path.Combine(RepositoryPaths.Root, "tools", "asyncapi");

    private static string Document => Path.Combine(RepositoryPaths.Root, "docs", "asyncapi.yaml");

    [Fact]
    public async Task Document_is_valid_and_has_one_channel_per_event_on_the_exchange_the_topology_publishes_to()
    {
        var (exitCode, summary) = await ValidateAsync(Document);
        Assert.True(exitCode == 0, $"docs/asyncapi.yaml is not valid AsyncAPI: {summary}");

        var channels = summary.RootElement.GetProperty("channels").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        Assert.Equal(EventSchemas.EventTypes.Select(t => t.Name).Order(), channels.Keys.Order());

        // The topology MassTransit declares for the pipeline's bus (the same configuration as UsingPipelineRabbitMq).
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => QueuePrefixEntityNameFormatter.Apply(cfg, null));
        foreach (var type in EventSchemas.EventTypes)
        {
            var exchange = ExchangeOf(bus, type);
            var channel = channels[type.Name];
            Assert.Equal(exchange.ExchangeName, channel.GetProperty("exchange").GetString());
            Assert.Equal(exchange.ExchangeName, channel.GetProperty("address").GetString());
            Assert.Equal(exchange.ExchangeType, channel.GetProperty("exchangeType").GetString());
            Assert.True(exchange.Durable);
            Assert.False(exchange.AutoDelete);
            Assert.Equal([type.Name], channel.GetProperty("messages").EnumerateArray().Select(m => m.GetString()));
        }
    }

    [Fact]
    public async Task A_broken_document_is_reported_invalid()
    {
        var broken = Path.Combine(RepositoryPaths.Root, "docs", $".asyncapi-broken-{Guid.NewGuid():N}.yaml");
        var text = await File.ReadAllTextAsync(Document, TestContext.Current.CancellationToken);
        Assert.Contains("action: receive", text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(broken, text.Replace("action: receive", "action: listen", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        try
        {
            var (exitCode, summary) = await ValidateAsync(broken);
            Assert.NotEqual(0, exitCode);
            Assert.False(summary.RootElement.GetProperty("valid").GetBoolean());
        }
        finally
        {
            File.Delete(broken);
        }
    }

    private static SendSettings ExchangeOf(IBusControl bus, Type type)
    {
        var method = typeof(AsyncApiDocumentTests).GetMethod(nameof(Exchange), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MakeGenericMethod(type);
        return (SendSettings)method.Invoke(null, [bus])!;
    }

    /// <summary>The exchange MassTransit declares and publishes <typeparamref name="T"/> to.</summary>
    private static SendSettings Exchange<T>(IBusControl bus)
        where T : class =>
        ((IRabbitMqMessagePublishTopology<T>)bus.Topology.Publish<T>()).GetSendSettings(new Uri("rabbitmq://localhost/"));

    private static async Task<(int ExitCode, JsonDocument Summary)> ValidateAsync(string document)
    {
        if (!Directory.Exists(Path.Combine(ToolDirectory, "node_modules", "@asyncapi", "parser")))
        {
            Assert.Skip("The AsyncAPI parser is not installed: run `npm ci` in tools/asyncapi (.ci/run does).");
        }

        using var process = Process.Start(new ProcessStartInfo("node", [Path.Combine(ToolDirectory, "validate.mjs"), document])
        {
            WorkingDirectory = ToolDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var output = await stdout;
        Assert.True(output.TrimStart().StartsWith('{'), $"validate.mjs printed no summary (exit {process.ExitCode}): {output}\n{await stderr}");
        return (process.ExitCode, JsonDocument.Parse(output));
    }
}

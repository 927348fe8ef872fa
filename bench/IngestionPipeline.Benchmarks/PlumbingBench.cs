using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Benchmarks;

/// <summary>
/// The plumbing ceiling: the pipeline's five-message chain (submitted → extracted → normalized → validated →
/// version created) through MassTransit with consumers that do nothing but publish the next contract.
/// </summary>
public static class PlumbingBench
{
    public static readonly Uri DefaultRabbitMqUri = new("amqp://guest:guest@127.0.0.1:5672/");

    public static Uri RabbitMqUri =>
        Uri.TryCreate(Environment.GetEnvironmentVariable("RABBITMQ_URI"), UriKind.Absolute, out var u) ? u : DefaultRabbitMqUri;

    public static async Task<bool> RabbitMqReachableAsync(Uri uri)
    {
        try
        {
            using var client = new TcpClient();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(uri.Host, uri.Port > 0 ? uri.Port : 5672, cts.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Chains per second: <paramref name="warmup"/> chains first, then median over <paramref name="rounds"/> rounds of <paramref name="chains"/> chains with <paramref name="inFlight"/> in flight.</summary>
    public static async Task<double> RunAsync(bool rabbitMq, int warmup, int chains, int rounds, int inFlight, CancellationToken ct)
    {
        var services = new ServiceCollection();
        var sink = new ChainSink();
        services.AddSingleton(sink);
        var prefix = "bench-plumbing-" + Guid.NewGuid().ToString("N")[..8];
        services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.AddConsumer<SubmittedConsumer>().Endpoint(e => { e.Name = prefix + "-extract"; e.Temporary = true; });
            bus.AddConsumer<ExtractedConsumer>().Endpoint(e => { e.Name = prefix + "-normalize"; e.Temporary = true; });
            bus.AddConsumer<NormalizedConsumer>().Endpoint(e => { e.Name = prefix + "-validate"; e.Temporary = true; });
            bus.AddConsumer<ValidatedConsumer>().Endpoint(e => { e.Name = prefix + "-store"; e.Temporary = true; });
            bus.AddConsumer<VersionCreatedConsumer>().Endpoint(e => { e.Name = prefix + "-subscriber"; e.Temporary = true; });
            if (rabbitMq)
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(RabbitMqUri);
                    // Own exchanges too: never deliver fake contract messages to a real pipeline's queues.
                    QueuePrefixEntityNameFormatter.Apply(cfg, prefix);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });

        await using var provider = services.BuildServiceProvider();
        var control = provider.GetRequiredService<IBusControl>();
        await control.StartAsync(ct);
        try
        {
            await RoundAsync(control, sink, warmup, inFlight, ct);
            var rates = new List<double>();
            for (var r = 0; r < rounds; r++)
            {
                var sw = Stopwatch.StartNew();
                await RoundAsync(control, sink, chains, inFlight, ct);
                rates.Add(chains / sw.Elapsed.TotalSeconds);
            }

            return Stats.Median(rates);
        }
        finally
        {
            await control.StopAsync(CancellationToken.None);
        }
    }

    private static async Task RoundAsync(IBus bus, ChainSink sink, int chains, int inFlight, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(inFlight);
        var tasks = new List<Task>(chains);
        for (var i = 0; i < chains; i++)
        {
            await gate.WaitAsync(ct);
            var id = Guid.NewGuid();
            var done = sink.Expect(id);
            await bus.Publish(new ReportFileSubmitted(id, "sha", "f.txt", null, DateTimeOffset.UtcNow), ct);
            tasks.Add(done.ContinueWith(_ => gate.Release(), TaskScheduler.Default));
        }

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(2), ct);
    }

    public sealed class ChainSink
    {
        private readonly ConcurrentDictionary<Guid, TaskCompletionSource> pending = new();

        public Task Expect(Guid id) => pending.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public void Complete(Guid id)
        {
            if (pending.TryRemove(id, out var tcs))
            {
                tcs.TrySetResult();
            }
        }
    }

    public sealed class SubmittedConsumer : IConsumer<ReportFileSubmitted>
    {
        public Task Consume(ConsumeContext<ReportFileSubmitted> context) =>
            context.Publish(new ReportExtracted(context.Message.IngestionId, context.Message.RawSha256, context.Message.FileName, "extract", "text/plain", "txt", 1));
    }

    public sealed class ExtractedConsumer : IConsumer<ReportExtracted>
    {
        public Task Consume(ConsumeContext<ReportExtracted> context) =>
            context.Publish(new ReportNormalized(context.Message.IngestionId, context.Message.RawSha256, context.Message.FileName, "normalize", "org", 2024, "gb2021"));
    }

    public sealed class NormalizedConsumer : IConsumer<ReportNormalized>
    {
        public Task Consume(ConsumeContext<ReportNormalized> context) =>
            context.Publish(new ReportValidated(context.Message.IngestionId, context.Message.RawSha256, context.Message.FileName, "validate", 0, 0, 0));
    }

    public sealed class ValidatedConsumer : IConsumer<ReportValidated>
    {
        public Task Consume(ConsumeContext<ReportValidated> context) =>
            context.Publish(new ReportVersionCreated(context.Message.IngestionId, "2024-org", 1, null, "org", 2024, "gb2021", "fp", 0, 0, context.Message.RawSha256));
    }

    public sealed class VersionCreatedConsumer(ChainSink sink) : IConsumer<ReportVersionCreated>
    {
        public Task Consume(ConsumeContext<ReportVersionCreated> context)
        {
            sink.Complete(context.Message.IngestionId);
            return Task.CompletedTask;
        }
    }
}

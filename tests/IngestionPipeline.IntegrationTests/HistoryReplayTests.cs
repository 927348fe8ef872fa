using System.Collections.Concurrent;
using System.Text.Json;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.Storage.Sqlite;
using IngestionPipeline.Testing;
using MassTransit;
using RabbitMQ.Client;

namespace IngestionPipeline.IntegrationTests;

/// <summary>
/// <see cref="HistoryReplay"/> against the real broker: the stored history reaches the one queue asked for, each
/// outcome exactly once, and no other subscriber sees it; MassTransit consumers read the replayed events.
/// </summary>
public sealed class HistoryReplayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [Trait("Tier", "Slow")]
    public async Task Replay_of_1000_outcomes_reaches_only_the_named_queue_exactly_once_each()
    {
        var broker = RabbitMqAvailability.RequireBroker();
        using var data = new TempDirectory("replay");
        await using var store = new SqliteReportStore(new SqliteStoreOptions { DataDirectory = data.Path });
        await store.InitializeAsync(Ct);
        var seeded = await HistorySeeder.SeedAsync(store, 1000, "replay-", Ct);

        var prefix = $"replay-{Guid.NewGuid():N}";
        var target = $"{prefix}-target";
        var other = $"{prefix}-other";
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync(Ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        await channel.QueueDeclareAsync(target, durable: true, exclusive: false, autoDelete: false, cancellationToken: Ct);
        await channel.QueueDeclareAsync(other, durable: true, exclusive: false, autoDelete: false, cancellationToken: Ct);
        // The other subscriber listens to the live events, as every subscriber does.
        foreach (var type in new[] { typeof(ReportVersionCreated), typeof(ReportUnchanged), typeof(ReportRejected) })
        {
            var exchange = $"{type.Namespace}:{type.Name}";
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: Ct);
            await channel.QueueBindAsync(other, exchange, "", cancellationToken: Ct);
        }

        try
        {
            ReplayResult result;
            await using (var replay = await HistoryReplay.ConnectAsync(broker, Ct))
            {
                result = await replay.ReplayAsync(store, target, new ChangeQuery(), Ct);
            }

            Assert.Equal(seeded.Count(s => s.Outcome == IngestionStatus.VersionCreated), result.VersionCreated);
            Assert.Equal(seeded.Count(s => s.Outcome == IngestionStatus.Unchanged), result.Unchanged);
            Assert.Equal(seeded.Count(s => s.Outcome == IngestionStatus.Rejected), result.Rejected);

            // Every send was confirmed before ReplayAsync returned: the queue holds exactly what was replayed.
            var received = await DrainAsync(channel, target);
            Assert.Equal(1000, received.Count);
            Assert.Equal(seeded.Select(s => s.IngestionId).Order(), received.Select(r => r.IngestionId).Order());
            var byId = seeded.ToDictionary(s => s.IngestionId);
            Assert.All(received, r => Assert.Equal(byId[r.IngestionId].Outcome switch
            {
                IngestionStatus.VersionCreated => nameof(ReportVersionCreated),
                IngestionStatus.Unchanged => nameof(ReportUnchanged),
                _ => nameof(ReportRejected),
            }, r.Type));
            Assert.DoesNotContain(await DrainAsync(channel, other), r => byId.ContainsKey(r.IngestionId));

            // A replay from the cursor it returned sends nothing more; one since a later instant sends only what follows.
            await using (var replay = await HistoryReplay.ConnectAsync(broker, Ct))
            {
                Assert.True(ChangeCursor.TryParse(result.Next, out var last));
                Assert.Equal(0, (await replay.ReplayAsync(store, target, new ChangeQuery { AfterSequence = last }, Ct)).Total);
                var all = await store.ReadChangesAsync(new ChangeQuery { Limit = ChangeQuery.MaxLimit }, Ct);
                var since = all[900].At;
                var partial = await replay.ReplayAsync(store, target, new ChangeQuery { Since = since }, Ct);
                Assert.Equal(all.Count(e => e.At >= since), partial.Total);
                Assert.Equal(partial.Total, (await DrainAsync(channel, target)).Count);
                await Assert.ThrowsAsync<InvalidOperationException>(() => replay.ReplayAsync(store, $"{prefix}-missing", new ChangeQuery(), Ct));
            }
        }
        finally
        {
            await channel.QueueDeleteAsync(target, cancellationToken: CancellationToken.None);
            await channel.QueueDeleteAsync(other, cancellationToken: CancellationToken.None);
        }
    }

    [Fact]
    public async Task Replayed_events_are_consumed_by_a_masstransit_subscriber()
    {
        var broker = RabbitMqAvailability.RequireBroker();
        using var data = new TempDirectory("replay-mt");
        await using var store = new SqliteReportStore(new SqliteStoreOptions { DataDirectory = data.Path });
        await store.InitializeAsync(Ct);
        var seeded = await HistorySeeder.SeedAsync(store, 20, "replay-mt-", Ct);
        var ours = seeded.Select(s => s.IngestionId).ToHashSet();

        var queue = $"replay-mt-{Guid.NewGuid():N}";
        var created = new ConcurrentDictionary<Guid, ReportVersionCreated>();
        var unchanged = new ConcurrentDictionary<Guid, ReportUnchanged>();
        var rejected = new ConcurrentDictionary<Guid, ReportRejected>();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker);
            cfg.ReceiveEndpoint(queue, e =>
            {
                // Only the replay feeds this queue: other tests' live events must not reach it.
                e.ConfigureConsumeTopology = false;
                e.AutoDelete = true;
                e.Handler<ReportVersionCreated>(c => { created[c.Message.IngestionId] = c.Message; return Task.CompletedTask; });
                e.Handler<ReportUnchanged>(c => { unchanged[c.Message.IngestionId] = c.Message; return Task.CompletedTask; });
                e.Handler<ReportRejected>(c => { rejected[c.Message.IngestionId] = c.Message; return Task.CompletedTask; });
            });
        });
        await bus.StartAsync(Ct);
        try
        {
            await using (var replay = await HistoryReplay.ConnectAsync(broker, Ct))
            {
                Assert.Equal(20, (await replay.ReplayAsync(store, queue, new ChangeQuery(), Ct)).Total);
            }

            var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
            while (created.Count + unchanged.Count + rejected.Count < 20)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, $"{created.Count + unchanged.Count + rejected.Count} of 20 replayed events consumed after 30 s.");
                await Task.Delay(20, Ct);
            }

            var version2 = seeded.First(s => s.Version == 2 && s.Outcome == IngestionStatus.VersionCreated);
            var event2 = created[version2.IngestionId];
            Assert.Equal(version2.ReportKey, event2.ReportKey);
            Assert.Equal(1, event2.PreviousVersion);
            Assert.Equal(version2.Changes.Count, event2.ChangedCellCount);
            Assert.Equal(version2.Changes.Select(c => (c.Path, c.OldValue, c.NewSemantic, c.NewValue)), event2.Changes!.Select(c => (c.Path, c.OldValue, c.NewSemantic, c.NewValue)));
            Assert.False(event2.ChangesTruncated);
            Assert.Equal(seeded.Where(s => s.Outcome == IngestionStatus.Unchanged).Select(s => s.IngestionId).Order(), unchanged.Keys.Order());
            Assert.All(rejected.Values, r => Assert.Equal("NOT_A_REPORT", r.ReasonCode));
            Assert.Subset(ours, created.Keys.Concat(unchanged.Keys).Concat(rejected.Keys).ToHashSet());
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    private sealed record Received(Guid IngestionId, string Type);

    /// <summary>Takes every message of <paramref name="queue"/> (acknowledged), until it is empty.</summary>
    private static async Task<List<Received>> DrainAsync(IChannel channel, string queue)
    {
        var received = new List<Received>();
        while (await channel.BasicGetAsync(queue, autoAck: true, Ct) is { } message)
        {
            using var envelope = JsonDocument.Parse(message.Body);
            var type = envelope.RootElement.GetProperty("messageType")[0].GetString()!.Split(':')[^1];
            received.Add(new Received(envelope.RootElement.GetProperty("message").GetProperty("ingestionId").GetGuid(), type));
        }

        return received;
    }
}

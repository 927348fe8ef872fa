using System.Net.Sockets;
using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Components.Tests;

/// <summary>
/// Two deployments with different stores cannot share the queues of one prefix on one broker: the second refuses to
/// start instead of consuming the first one's messages. Needs RabbitMQ (skipped with the reason otherwise).
/// </summary>
public sealed class StoreQueueClaimTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Worker_of_a_second_store_on_the_same_queues_refuses_to_start_and_one_of_the_same_store_starts()
    {
        var broker = await RequireBrokerAsync();
        var prefix = "claim-" + Guid.NewGuid().ToString("N")[..8];
        using var first = new TempDirectory("claim-a");
        using var second = new TempDirectory("claim-b");
        try
        {
            using var owner = Worker(first.Path, broker, prefix);
            await owner.StartAsync(Ct);
            try
            {
                using var intruder = Worker(second.Path, broker, prefix);
                var refused = await Assert.ThrowsAsync<StoreQueueConflictException>(() => intruder.StartAsync(Ct));
                Assert.Contains(prefix, refused.Message, StringComparison.Ordinal);
                Assert.Contains(StoreQueueClaim.QueueName(prefix), refused.Message, StringComparison.Ordinal);

                using var sibling = Worker(first.Path, broker, prefix);
                await sibling.StartAsync(Ct);
                await sibling.StopAsync(Ct);

                // Another prefix is another set of queues: the second store is welcome there.
                var otherPrefix = prefix + "-b";
                try
                {
                    using var elsewhere = Worker(second.Path, broker, otherPrefix);
                    await elsewhere.StartAsync(Ct);
                    await elsewhere.StopAsync(Ct);
                }
                finally
                {
                    await DeleteAsync(broker, otherPrefix);
                }
            }
            finally
            {
                await owner.StopAsync(Ct);
            }
        }
        finally
        {
            await DeleteAsync(broker, prefix);
        }
    }

    [Fact]
    public async Task Intake_of_another_store_refuses_to_start_and_an_intake_never_makes_the_claim()
    {
        var broker = await RequireBrokerAsync();
        var prefix = "claim-" + Guid.NewGuid().ToString("N")[..8];
        using var workers = new TempDirectory("claim-w");
        using var intake = new TempDirectory("claim-i");
        try
        {
            // An intake alone makes no claim: the workers that start later decide.
            using (var early = Intake(intake.Path, broker, prefix))
            {
                await early.StartAsync(Ct);
                await early.StopAsync(Ct);
            }

            using var worker = Worker(workers.Path, broker, prefix);
            await worker.StartAsync(Ct);
            try
            {
                using var foreign = Intake(intake.Path, broker, prefix);
                await Assert.ThrowsAsync<StoreQueueConflictException>(() => foreign.StartAsync(Ct));

                using var own = Intake(workers.Path, broker, prefix);
                await own.StartAsync(Ct);
                await own.StopAsync(Ct);
            }
            finally
            {
                await worker.StopAsync(Ct);
            }
        }
        finally
        {
            await DeleteAsync(broker, prefix);
        }
    }

    [Fact]
    public async Task ClaimAsync_concurrent_first_claims_of_two_stores_leave_exactly_one_owner()
    {
        var broker = await RequireBrokerAsync();
        var prefix = "claim-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var attempts = Enumerable.Range(0, 6)
                .Select(i => Task.Run(() => StoreQueueClaim.ClaimAsync(broker, prefix, i % 2 == 0 ? "store-a" : "store-b", createIfAbsent: true, Ct), Ct))
                .ToList();
            var outcomes = new List<string>();
            foreach (var attempt in attempts)
            {
                try
                {
                    outcomes.Add((await attempt)!);
                }
                catch (StoreQueueConflictException e)
                {
                    outcomes.Add("refused:" + e.ClaimedBy);
                }
            }

            var owner = outcomes.First(o => !o.StartsWith("refused:", StringComparison.Ordinal));
            Assert.All(outcomes, o => Assert.True(o == owner || o == "refused:" + owner, string.Join(", ", outcomes)));
            Assert.Equal(owner, await StoreQueueClaim.ClaimAsync(broker, prefix, owner, createIfAbsent: false, Ct));
        }
        finally
        {
            await DeleteAsync(broker, prefix);
        }
    }

    private static IHost Worker(string dataDirectory, Uri broker, string prefix)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSqliteReportStore(dataDirectory).AddRabbitMqPipeline(broker, configure: o =>
        {
            o.QueuePrefix = prefix;
            o.TrackOutcomes = false;
        });
        return builder.Build();
    }

    private static IHost Intake(string dataDirectory, Uri broker, string prefix)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSqliteReportStore(dataDirectory).AddRabbitMqIntake(broker, prefix);
        return builder.Build();
    }

    private static async Task DeleteAsync(Uri broker, string prefix)
    {
        await using var operations = await BrokerOperations.ConnectAsync(broker, CancellationToken.None);
        await operations.DeletePrefixedTopologyAsync(prefix, CancellationToken.None);
    }

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

using System.Text.Json.Nodes;
using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Cli.Tests;

/// <summary>
/// <c>worker</c>, <c>submit</c>, <c>status</c> and <c>errors</c> through the real executable on the real broker:
/// two worker processes with different stages share one store and one (prefixed) set of queues.
/// </summary>
[Trait("Tier", "Slow")]
public sealed class DistributedCliTests
{
    [Fact]
    public async Task Two_workers_store_samples_once_and_a_poison_message_is_listed_redriven_and_completed()
    {
        var broker = Broker.Require().ToString();
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory("cli-dist");
        var prefix = $"cli-{Guid.NewGuid():N}"[..12];
        string[] onBroker = ["--rabbitmq", broker, "--queue-prefix", prefix];
        string[] common = ["--data", data.Path, .. onBroker];
        var workers = new List<WorkerProcess>();
        try
        {
            var front = await WorkerProcess.StartAsync(RepositoryPaths.Root, ["--stages", "extract,normalize", "--concurrency", "2", .. common]);
            workers.Add(front);
            workers.Add(await WorkerProcess.StartAsync(RepositoryPaths.Root, ["--stages", "validate,store", .. common]));

            // status: the four stage queues with their consumers, no errors.
            var status = await IngestCli.RunAsync(RepositoryPaths.Root, ["status", "--json", .. common]);
            Assert.True(status.ExitCode == 0, status.StdOut + status.StdErr);
            var stages = JsonNode.Parse(status.StdOut)!["stages"]!.AsArray();
            Assert.Equal(["extract", "normalize", "validate", "store"], stages.Select(s => s!["stage"]!.GetValue<string>()));
            Assert.All(stages, s =>
            {
                Assert.True(s!["exists"]!.GetValue<bool>());
                Assert.Equal(1, s["consumers"]!.GetValue<long>());
                Assert.StartsWith(prefix + "-", s["queue"]!.GetValue<string>(), StringComparison.Ordinal);
            });
            var table = await IngestCli.RunAsync(RepositoryPaths.Root, ["status", .. common]);
            Assert.True(table.ExitCode == 0, table.StdOut + table.StdErr);
            Assert.Contains("Consumers", table.StdOut, StringComparison.Ordinal);
            Assert.Contains("Last hour", table.StdOut, StringComparison.Ordinal);

            // submit --wait: the five samples, stored exactly once across the two processes.
            var submit = await IngestCli.RunAsync(RepositoryPaths.Root, ["submit", "samples/", "--wait", .. common]);
            Assert.True(submit.ExitCode == 0, submit.StdOut + submit.StdErr + front.Output);
            Assert.Contains("5 new versions", submit.StdOut, StringComparison.Ordinal);
            var reports = JsonNode.Parse((await IngestCli.RunAsync(RepositoryPaths.Root, "reports", "--data", data.Path, "--json")).StdOut)!.AsArray();
            Assert.Equal(5, reports.Count);
            Assert.All(reports, r => Assert.Equal(1, r!["currentVersion"]!.GetValue<int>()));
            var after = JsonNode.Parse((await IngestCli.RunAsync(RepositoryPaths.Root, ["status", "--json", .. common])).StdOut)!;
            Assert.Equal(5, after["throughput"]!["lastHour"]!["VersionCreated"]!.GetValue<int>());

            // Graceful stop on SIGTERM.
            Assert.Equal(0, await front.StopAsync());
            Assert.Contains("Worker stopped", front.Output, StringComparison.Ordinal);

            // Poison: extract only, every output by claim check (inline limit 0), corrupt the extract artifact while the
            // message waits in the normalize queue.
            workers.Add(await WorkerProcess.StartAsync(RepositoryPaths.Root, new Dictionary<string, string> { ["Pipeline__Artifacts__InlineLimitBytes"] = "0" }, ["--stages", "extract", .. common]));
            // Other bytes than the stored sample (a trailing newline more): a re-crawl of the same bytes would end unchanged
            // at the extract stage, before any artifact.
            var copy = Path.Combine(data.Path, "poison-copy.txt");
            await File.WriteAllBytesAsync(copy, [.. await File.ReadAllBytesAsync(RepositoryPaths.SampleFiles[0], ct), (byte)'\n'], ct);
            var one = await IngestCli.RunAsync(RepositoryPaths.Root, ["submit", copy, "--agency", "poison-test", .. common]);
            Assert.True(one.ExitCode == 0, one.StdOut + one.StdErr);
            var ingestionId = Guid.Parse(one.StdOut.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]);

            await using var services = new ServiceCollection().AddSqliteReportStore(data.Path).BuildServiceProvider();
            var store = services.GetRequiredService<IReportStore>();
            await store.InitializeAsync(ct);
            await WaitForStatusAsync(store, ingestionId, IngestionStatus.Extracted, ct);
            var artifact = await store.GetArtifactAsync(ingestionId, StageNames.Extract, ct);
            Assert.NotNull(artifact);
            await store.PutArtifactAsync(ingestionId, StageNames.Extract, "{ this is not the extracted document", ct);

            workers.Add(await WorkerProcess.StartAsync(RepositoryPaths.Root, ["--stages", "normalize", .. common]));
            await WaitForStatusAsync(store, ingestionId, IngestionStatus.Failed, ct);

            var list = await IngestCli.RunAsync(RepositoryPaths.Root, ["errors", "list", "normalize", "--json", .. onBroker]);
            Assert.True(list.ExitCode == 0, list.StdOut + list.StdErr);
            var listed = JsonNode.Parse(list.StdOut)!;
            var poisoned = Assert.Single(listed["messages"]!.AsArray());
            Assert.Equal(ingestionId, poisoned!["ingestionId"]!.GetValue<Guid>());
            Assert.Contains("Json", poisoned["exceptionType"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(poisoned["exceptionMessage"]?.GetValue<string>()));
            var text = await IngestCli.RunAsync(RepositoryPaths.Root, ["errors", "list", "normalize", .. onBroker]);
            Assert.Contains(ingestionId.ToString(), text.StdOut, StringComparison.Ordinal);

            // Listing did not consume it; status counts it.
            var withError = JsonNode.Parse((await IngestCli.RunAsync(RepositoryPaths.Root, ["status", "--json", .. common])).StdOut)!;
            Assert.Equal(1, withError["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<string>() == "normalize")!["errorQueue"]!["messages"]!.GetValue<long>());

            // Fix the artifact and redrive: it completes (same content as the first run: unchanged).
            await store.PutArtifactAsync(ingestionId, StageNames.Extract, artifact, ct);
            var redrive = await IngestCli.RunAsync(RepositoryPaths.Root, ["errors", "redrive", "normalize", "--ingestion", ingestionId.ToString(), .. onBroker]);
            Assert.True(redrive.ExitCode == 0, redrive.StdOut + redrive.StdErr);
            Assert.Contains("1 message(s) moved", redrive.StdOut, StringComparison.Ordinal);
            var done = await WaitForStatusAsync(store, ingestionId, IngestionStatus.Unchanged, ct, IngestionStatus.VersionCreated);
            Assert.NotNull(done.ReportKey);

            var empty = JsonNode.Parse((await IngestCli.RunAsync(RepositoryPaths.Root, ["errors", "list", "normalize", "--json", .. onBroker])).StdOut)!;
            Assert.Empty(empty["messages"]!.AsArray());
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }

            await using var operations = await BrokerOperations.ConnectAsync(new Uri(broker), CancellationToken.None);
            await operations.DeletePrefixedTopologyAsync(prefix, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Status_on_an_unused_prefix_shows_absent_queues_and_errors_list_says_absent()
    {
        var broker = Broker.Require().ToString();
        using var data = new TempDirectory("cli-status");
        var prefix = $"none-{Guid.NewGuid():N}"[..13];

        var status = await IngestCli.RunAsync(RepositoryPaths.Root, "status", "--json", "--rabbitmq", broker, "--queue-prefix", prefix, "--data", data.Path);
        Assert.True(status.ExitCode == 0, status.StdOut + status.StdErr);
        var stages = JsonNode.Parse(status.StdOut)!["stages"]!.AsArray();
        Assert.Equal(4, stages.Count);
        Assert.All(stages, s => Assert.False(s!["exists"]!.GetValue<bool>()));

        var list = await IngestCli.RunAsync(RepositoryPaths.Root, "errors", "list", "extract", "--rabbitmq", broker, "--queue-prefix", prefix);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("absent", list.StdOut, StringComparison.Ordinal);
    }

    private static async Task<IngestionRecord> WaitForStatusAsync(IReportStore store, Guid id, IngestionStatus status, CancellationToken ct, IngestionStatus? alternative = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        IngestionRecord? record = null;
        while (DateTime.UtcNow < deadline)
        {
            record = await store.GetIngestionAsync(id, ct);
            if (record is not null && (record.Status == status || record.Status == alternative))
            {
                return record;
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"Ingestion {id} did not reach {status}; last {record?.Status} {record?.Reason}");
    }
}

using System.Text.Json.Nodes;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Cli.Tests;

/// <summary>
/// Issue 13, part 3, the case the sandbox cannot absorb: extraction in process (trusted mode) and a file that
/// overflows the stack, so the whole worker dies and the broker redelivers the message to the next worker. The
/// extract consumer counts the redeliveries and, beyond <c>Extraction:MaxRedeliveries</c>, rejects the file as
/// EXTRACTOR_CRASHED instead of crashing again: a bounded number of deaths, not a crash loop, and nothing in _error.
/// </summary>
[Trait("Tier", "Slow")]
public sealed class RedeliveryGuardTests
{
    [Fact]
    public async Task In_process_worker_killed_by_a_file_rejects_it_after_the_redelivery_limit_instead_of_looping()
    {
        var broker = Broker.Require().ToString();
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory("cli-redelivery");
        var prefix = $"cli-{Guid.NewGuid():N}"[..12];
        string[] common = ["--data", data.Path, "--rabbitmq", broker, "--queue-prefix", prefix];
        var environment = new Dictionary<string, string> { ["Extraction__Mode"] = "InProcess", ["Extraction__MaxRedeliveries"] = "2" };
        var crasher = Path.Combine(data.Path, "stack-overflow.pdf");
        await File.WriteAllBytesAsync(crasher, HostileFiles.XObjectChainIndirect(5_000), ct);

        var workers = new List<WorkerProcess>();
        try
        {
            workers.Add(await WorkerProcess.StartAsync(RepositoryPaths.Root, environment, ["--concurrency", "1", .. common]));
            var submit = IngestCli.RunAsync(RepositoryPaths.Root, ["submit", crasher, "--wait", .. common]);
            var deaths = new List<int>();
            while (!submit.IsCompleted && deaths.Count <= 6)
            {
                // Wakes on whichever comes first: the submit's answer or the worker's death (no polling interval).
                await Task.WhenAny(submit, workers[^1].WaitForExitAsync(ct));
                ct.ThrowIfCancellationRequested();
                if (workers[^1].ExitCode is { } code)
                {
                    deaths.Add(code);
                    workers.Add(await WorkerProcess.StartAsync(RepositoryPaths.Root, environment, ["--concurrency", "1", .. common]));
                }
            }

            var (exitCode, stdout, stderr) = await submit;
            var context = $"deaths: {string.Join(", ", deaths)}\n{stdout}\n{stderr}\n{workers[^1].Output}";

            // First delivery + 2 tolerated redeliveries die; the third redelivery is rejected without extracting.
            Assert.True(deaths.Count == 3, context);
            Assert.All(deaths, code => Assert.Equal(134, code));
            Assert.True(exitCode == 1, context); // submit --wait exits 1 when a file ends rejected
            TestContext.Current.TestOutputHelper?.WriteLine(context);
            var id = Guid.Parse(stdout.Split(' ', '\n')[2]);
            await using (var services = new ServiceCollection().AddSqliteReportStore(data.Path).BuildServiceProvider())
            {
                var record = await services.GetRequiredService<IReportStore>().GetIngestionAsync(id, ct);
                Assert.Equal(IngestionStatus.Rejected, record!.Status);
                Assert.Equal("EXTRACTOR_CRASHED", record.ReasonCode);
                Assert.Contains("stopped without finishing 3 times", record.Reason, StringComparison.Ordinal);
            }

            Assert.Null(workers[^1].ExitCode);

            // The surviving worker serves the next file, and nothing went to an _error queue.
            var good = await IngestCli.RunAsync(RepositoryPaths.Root, ["submit", RepositoryPaths.SampleFiles[0], "--wait", .. common]);
            Assert.True(good.ExitCode == 0, good.StdOut + good.StdErr);
            Assert.Contains("1 new versions", good.StdOut, StringComparison.Ordinal);
            var status = await IngestCli.RunAsync(RepositoryPaths.Root, ["status", "--json", .. common]);
            var stages = JsonNode.Parse(status.StdOut)!["stages"]!.AsArray();
            Assert.Equal(4, stages.Count);
            Assert.All(stages, s => Assert.Equal(0, (long)s!["errorQueue"]!["messages"]!));
            Assert.True(deaths.Count == 3, context);
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
}

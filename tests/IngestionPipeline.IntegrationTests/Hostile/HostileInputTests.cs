using System.Diagnostics;
using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Extraction;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IngestionPipeline.IntegrationTests.Hostile;

/// <summary>
/// Issue 13 through the real pipeline on RabbitMQ with sandboxed extraction: every hostile file ends with a report
/// or a stated reason (never a fault, never a dead worker), and a file whose extraction child is killed mid-file
/// ends as <c>EXTRACTOR_CRASHED</c> after the configured attempts instead of looping; the worker then serves on.
/// </summary>
[Trait("Tier", "Slow")]
public sealed class HostileInputTests
{
    [Fact]
    public async Task Hostile_set_through_rabbitmq_workers_ends_with_stated_outcomes_and_the_worker_serves_on()
    {
        await using var pipeline = await SandboxedPipeline.StartAsync(o => o.TimeoutSeconds = 30);
        var ct = TestContext.Current.CancellationToken;
        var submitted = new List<(HostileFile File, Task<IngestionOutcome> Outcome, Guid Id, Stopwatch Clock)>();
        foreach (var file in HostileFiles.All)
        {
            var message = await pipeline.SubmitAsync(file.Create(), file.Name);
            submitted.Add((file, pipeline.Tracker.WaitAsync(message.IngestionId, ct).WaitAsync(TimeSpan.FromMinutes(5), ct), message.IngestionId, Stopwatch.StartNew()));
        }

        var problems = new List<string>();
        foreach (var (file, outcomeTask, id, _) in submitted)
        {
            var outcome = await outcomeTask;
            var actual = outcome.Kind switch
            {
                IngestionOutcomeKind.Rejected => outcome.ReasonCode!,
                IngestionOutcomeKind.VersionCreated or IngestionOutcomeKind.Unchanged => HostileFile.Report,
                _ => $"FAULT ({outcome.Reason})",
            };
            TestContext.Current.TestOutputHelper?.WriteLine($"{file.Name,-40} {actual} {outcome.Reason}");
            if (!file.AllowedOutcomes.Contains(actual))
            {
                problems.Add($"{file.Name}: {actual} ({outcome.Reason}); allowed {string.Join(", ", file.AllowedOutcomes)}");
            }

            var record = await pipeline.Store.GetIngestionAsync(id, ct);
            if (record?.Status is not (IngestionStatus.Rejected or IngestionStatus.VersionCreated or IngestionStatus.Unchanged))
            {
                problems.Add($"{file.Name}: ingestion status {record?.Status.ToString() ?? "missing"}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        await pipeline.AssertServesAGoodSampleAsync();
        Assert.Equal(0, await pipeline.ErrorQueueDepthAsync());
    }

    [Fact]
    public async Task Killing_the_extraction_child_mid_file_ends_as_EXTRACTOR_CRASHED_after_the_attempts_not_a_loop()
    {
        await using var pipeline = await SandboxedPipeline.StartAsync(o =>
        {
            o.PoolSize = 1;
            o.CrashAttempts = 2;
            o.TimeoutSeconds = 120;
        });
        var ct = TestContext.Current.CancellationToken;
        var sandbox = Assert.IsType<ExtractionSandbox>(pipeline.Services.GetRequiredService<IExtractionService>());
        Assert.Empty(sandbox.ChildProcessIds);

        // A valid DOCX with 40 MB of table XML (under every package limit): seconds of work in the child, so
        // there is a "mid-file" to kill it in.
        var slow = HostileFiles.DocxManyCells(40L * 1024 * 1024);
        var message = await pipeline.SubmitAsync(slow, "slow.docx");
        var outcomeTask = pipeline.Tracker.WaitAsync(message.IngestionId, ct).WaitAsync(TimeSpan.FromMinutes(3), ct);
        var killed = new HashSet<int>();
        while (!outcomeTask.IsCompleted)
        {
            foreach (var pid in sandbox.ChildProcessIds.Where(p => !killed.Contains(p)))
            {
                await Task.Delay(300, ct);
                try
                {
                    // Process.Kill is SIGKILL on Unix: what the OOM killer or an operator's kill -9 does.
                    using var child = Process.GetProcessById(pid);
                    child.Kill();
                }
                catch (ArgumentException)
                {
                    // Already gone: the pool retired it.
                }

                killed.Add(pid);
            }

            await Task.Delay(20, ct);
        }

        var outcome = await outcomeTask;
        Assert.Equal(IngestionOutcomeKind.Rejected, outcome.Kind);
        Assert.Equal("EXTRACTOR_CRASHED", outcome.ReasonCode);
        Assert.Equal(2, killed.Count);
        Assert.Contains("2 time(s)", outcome.Reason, StringComparison.Ordinal);
        var record = await pipeline.Store.GetIngestionAsync(message.IngestionId, ct);
        Assert.Equal(IngestionStatus.Rejected, record!.Status);

        // Not redelivered: the message was acknowledged with its rejection, the _error queue is empty, and the
        // pool starts a fresh child for the next file.
        Assert.Equal(0, await pipeline.ErrorQueueDepthAsync());
        await pipeline.AssertServesAGoodSampleAsync();
        Assert.DoesNotContain(sandbox.ChildProcessIds, killed.Contains);
    }

    /// <summary>A pipeline host on the test broker with its own queue prefix and store, extraction sandboxed.</summary>
    private sealed class SandboxedPipeline : IAsyncDisposable
    {
        private readonly IHost host;
        private readonly Uri broker;
        private readonly string prefix;
        private readonly TempDirectory data;

        private SandboxedPipeline(IHost host, Uri broker, string prefix, TempDirectory data)
        {
            this.host = host;
            this.broker = broker;
            this.prefix = prefix;
            this.data = data;
        }

        public IServiceProvider Services => host.Services;

        public IngestionTracker Tracker => host.Services.GetRequiredService<IngestionTracker>();

        public IReportStore Store => host.Services.GetRequiredService<IReportStore>();

        public static async Task<SandboxedPipeline> StartAsync(Action<ExtractionOptions> sandbox)
        {
            var broker = RabbitMqAvailability.RequireBroker();
            var data = new TempDirectory("it-hostile");
            var prefix = $"ith-{Guid.NewGuid():N}"[..12];
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
            builder.Services.AddSqliteReportStore(data.Path).AddRabbitMqPipeline(broker, configure: o =>
            {
                o.QueuePrefix = prefix;
                o.RetryLimit = 1;
            });
            builder.Services.Configure<ExtractionOptions>(o =>
            {
                o.Mode = ExtractionMode.Sandbox;
                sandbox(o);
            });
            builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
            var host = builder.Build();
            await host.Services.GetRequiredService<IReportStore>().InitializeAsync(TestContext.Current.CancellationToken);
            await host.StartAsync(TestContext.Current.CancellationToken);
            return new SandboxedPipeline(host, broker, prefix, data);
        }

        public async Task<Contracts.ReportFileSubmitted> SubmitAsync(byte[] content, string fileName)
        {
            using var scope = host.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<ReportIntake>().SubmitAsync(content, fileName, cancellationToken: TestContext.Current.CancellationToken);
        }

        public async Task AssertServesAGoodSampleAsync()
        {
            var good = RepositoryPaths.SampleFiles[^1];
            var message = await SubmitAsync(await File.ReadAllBytesAsync(good, TestContext.Current.CancellationToken), Path.GetFileName(good));
            var outcome = await Tracker.WaitAsync(message.IngestionId, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
            Assert.Contains(outcome.Kind, new[] { IngestionOutcomeKind.VersionCreated, IngestionOutcomeKind.Unchanged });
        }

        public async Task<long> ErrorQueueDepthAsync()
        {
            await using var operations = await BrokerOperations.ConnectAsync(broker, TestContext.Current.CancellationToken);
            var state = await operations.InspectAsync(PipelineQueues.ErrorQueueName(Contracts.StageNames.Extract, prefix), TestContext.Current.CancellationToken);
            return state.Exists ? state.Messages : 0;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await host.StopAsync(CancellationToken.None);
                host.Dispose();
            }
            finally
            {
                await using var operations = await BrokerOperations.ConnectAsync(broker, CancellationToken.None);
                await operations.DeletePrefixedTopologyAsync(prefix, CancellationToken.None);
                data.Dispose();
            }
        }
    }
}

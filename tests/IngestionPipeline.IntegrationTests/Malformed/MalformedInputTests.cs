using System.Diagnostics;
using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IngestionPipeline.IntegrationTests.Malformed;

/// <summary>
/// Every file of <see cref="MalformedCorpus"/> through the real stage consumers: each ends as a rejection with
/// its expected reason code or as a stored report, its raw bytes are kept, no stage faults, the pipeline still
/// serves a good sample afterwards, and memory stays bounded.
/// </summary>
[Trait("Tier", "Slow")]
public sealed class MalformedInputTests
{
    /// <summary>Generous: the corpus holds a 64 MB file, a 24 MB zip bomb and a 10 MB line.</summary>
    private const long ManagedMemoryBound = 1024L * 1024 * 1024;

    [Fact]
    public async Task Malformed_corpus_on_the_embedded_pipeline_ends_in_the_expected_outcome_per_file()
    {
        using var data = new TempDirectory("it-malformed");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSqliteReportStore(data.Path).AddEmbeddedPipeline(o => o.RetryLimit = 1);
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        using var host = builder.Build();
        await RunCorpusAsync(host);
    }

    [Fact]
    public async Task Malformed_corpus_through_rabbitmq_workers_ends_in_the_expected_outcome_per_file()
    {
        var broker = RabbitMqAvailability.RequireBroker();
        using var data = new TempDirectory("it-malformed-rmq");
        var prefix = $"itm-{Guid.NewGuid():N}"[..12];
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSqliteReportStore(data.Path).AddRabbitMqPipeline(broker, configure: o =>
        {
            o.QueuePrefix = prefix;
            o.RetryLimit = 1;
        });
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        using var host = builder.Build();
        try
        {
            await RunCorpusAsync(host);
        }
        finally
        {
            await using var operations = await BrokerOperations.ConnectAsync(broker, CancellationToken.None);
            await operations.DeletePrefixedTopologyAsync(prefix, CancellationToken.None);
        }
    }

    private static async Task RunCorpusAsync(IHost host)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = host.Services.GetRequiredService<IReportStore>();
        await store.InitializeAsync(ct);
        await host.StartAsync(ct);
        try
        {
            var tracker = host.Services.GetRequiredService<IngestionTracker>();
            var cases = MalformedCorpus.Build().Append(MalformedCorpus.OverLimit()).ToList();
            Assert.True(cases.Count >= 40, $"only {cases.Count} malformed files");

            var submitted = new List<(MalformedCase Case, string Sha256, Task<IngestionOutcome> Outcome, Guid Id)>();
            using (var scope = host.Services.CreateScope())
            {
                var intake = scope.ServiceProvider.GetRequiredService<ReportIntake>();
                foreach (var c in cases)
                {
                    var message = await intake.SubmitAsync(c.Content, c.FileName, cancellationToken: ct);
                    submitted.Add((c, message.RawSha256, tracker.WaitAsync(message.IngestionId, ct).WaitAsync(TimeSpan.FromMinutes(4), ct), message.IngestionId));
                }
            }

            var problems = new List<string>();
            var log = new List<string>();
            foreach (var (c, sha, outcomeTask, id) in submitted)
            {
                IngestionOutcome outcome;
                try
                {
                    outcome = await outcomeTask;
                }
                catch (TimeoutException)
                {
                    problems.Add($"{c.FileName}: no outcome within 4 minutes");
                    continue;
                }

                var actual = outcome.Kind switch
                {
                    IngestionOutcomeKind.Rejected => outcome.ReasonCode!,
                    IngestionOutcomeKind.VersionCreated or IngestionOutcomeKind.Unchanged => MalformedCase.Stored,
                    _ => $"FAULT ({outcome.Reason})",
                };
                log.Add($"{c.FileName,-28} {c.Content.Length,10} B  expected {c.Expected,-18} got {actual}{(outcome.Kind == IngestionOutcomeKind.Rejected ? $" ({outcome.Reason})" : "")}");
                if (actual != c.Expected)
                {
                    problems.Add($"{c.FileName}: expected {c.Expected}, got {actual}");
                }

                if (outcome.Kind == IngestionOutcomeKind.VersionCreated && outcome.FindingCount is null)
                {
                    problems.Add($"{c.FileName}: stored without its findings");
                }

                var raw = await store.GetRawFileAsync(sha, ct);
                if (raw is null || !raw.AsSpan().SequenceEqual(c.Content))
                {
                    problems.Add($"{c.FileName}: raw bytes not kept");
                }

                var record = await store.GetIngestionAsync(id, ct);
                if (record is null || record.Status == IngestionStatus.Failed)
                {
                    problems.Add($"{c.FileName}: ingestion status {record?.Status.ToString() ?? "missing"}");
                }
            }

            // The pipeline still serves: a good sample submitted after all of them is stored.
            using (var scope = host.Services.CreateScope())
            {
                var good = RepositoryPaths.SampleFiles[^1];
                var message = await scope.ServiceProvider.GetRequiredService<ReportIntake>().SubmitAsync(await File.ReadAllBytesAsync(good, ct), Path.GetFileName(good), cancellationToken: ct);
                var outcome = await tracker.WaitAsync(message.IngestionId, ct).WaitAsync(TimeSpan.FromMinutes(2), ct);
                Assert.Contains(outcome.Kind, new[] { IngestionOutcomeKind.VersionCreated, IngestionOutcomeKind.Unchanged });
            }

            submitted.Clear();
            cases.Clear();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var output = TestContext.Current.TestOutputHelper;
            foreach (var line in log)
            {
                output?.WriteLine(line);
            }

            var summary = $"{log.Count} malformed files checked; managed heap after the run {managed / (1024 * 1024)} MB, working set {process.WorkingSet64 / (1024 * 1024)} MB, peak {process.PeakWorkingSet64 / (1024 * 1024)} MB";
            output?.WriteLine(summary);
            Console.WriteLine(summary);
            Assert.True(problems.Count == 0, string.Join('\n', problems) + "\n---\n" + string.Join('\n', log));
            Assert.True(managed < ManagedMemoryBound, summary);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using IngestionPipeline.Cli.Tests;
using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Core.Versioning;
using IngestionPipeline.Corpus;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace IngestionPipeline.FaultTests;

/// <summary>
/// The pipeline under faults, on a real RabbitMQ node of its own and real worker processes sharing one embedded
/// (SQLite) store: 1,000 generated reports plus resubmitted copies and poison input are submitted by a crawler
/// while a worker is killed with SIGKILL (another one started) and the broker is restarted. Afterwards every
/// well-formed report is stored exactly once, every poison file is rejected with its reason code, every poison
/// message is in its stage's error queue, and no queue holds a ready or unacknowledged message.
/// </summary>
[Trait("Tier", "Slow")]
public sealed class FaultToleranceTests(ITestOutputHelper output)
{
    private const int ReportCount = 1000;
    private const int ResubmitCount = 50;
    private const int KillAfterFinished = 300;
    private const int RestartAfterFinished = 600;
    private const int HeldBack = 100;

    // Workers 2 and 3 (worker 1 was killed).
    private const int LiveWorkers = 2;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(12);

    [Fact]
    public async Task Thousand_reports_survive_a_killed_worker_a_broker_restart_and_poison_input_stored_exactly_once()
    {
        if (PrivateRabbitMqNode.Unavailable() is { } reason)
        {
            Assert.Skip($"Fault tests need a private RabbitMQ node: {reason}.");
        }

        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        var submissions = Submissions();
        Log($"generated {submissions.Count} submissions in {clock.Elapsed.TotalSeconds:F1} s");

        await using var node = await PrivateRabbitMqNode.StartAsync(ct);
        Log($"private broker {node.NodeName} on port {node.Port} up at {clock.Elapsed.TotalSeconds:F1} s");
        using var data = new TempDirectory("fault-tests");
        string[] workerArgs = ["--data", data.Path, "--rabbitmq", node.Uri.ToString()];
        var workers = new List<WorkerProcess>();
        var subscriber = new VersionEventSubscriber();
        try
        {
            workers.Add(await WorkerProcess.StartAsync(RepositoryPaths.Root, workerArgs));
            workers.Add(await WorkerProcess.StartAsync(RepositoryPaths.Root, workerArgs));
            Log($"2 workers up at {clock.Elapsed.TotalSeconds:F1} s");

            await using var intake = await IntakeProcess.StartAsync(data.Path, node.Uri, subscriber, ct);
            var store = intake.Store;

            // The crawler submits in the background; a submission that fails (broker down) is retried as a new one.
            var accepted = new ConcurrentDictionary<Guid, Submission>();
            var abandoned = new ConcurrentBag<Guid>();
            // The last ones are held back and submitted while the broker restarts.
            var crawler = Task.Run(() => CrawlAsync(intake, submissions.SkipLast(HeldBack), accepted, abandoned, ct), ct);
            var lateCrawler = Task.CompletedTask;

            // Poison messages: a body that is not a message at all, and a well-formed message whose input
            // artifact does not exist (the normalize stage fails on every retry).
            await PublishGarbageAsync(node.Uri, PipelineQueues.QueueName(StageNames.Extract), ct);
            var orphan = await PublishOrphanExtractedAsync(intake, ct);

            // Faults, triggered by progress: SIGKILL one worker and start another; restart the broker.
            var killed = false;
            var restarted = false;
            var expectedFinal = submissions.Count + 1;
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var finished = await CountFinishedAsync(store, ct);
                if (!killed && finished >= KillAfterFinished)
                {
                    await workers[0].KillAsync();
                    Log($"killed worker 1 (SIGKILL) at {finished} finished, {clock.Elapsed.TotalSeconds:F1} s");
                    workers.Add(await WorkerProcess.StartAsync(RepositoryPaths.Root, workerArgs));
                    Log($"worker 3 up at {clock.Elapsed.TotalSeconds:F1} s");
                    killed = true;
                }
                else if (killed && !restarted && finished >= RestartAfterFinished)
                {
                    Log($"restarting the broker at {finished} finished, {clock.Elapsed.TotalSeconds:F1} s, while the crawler submits the last {HeldBack}");
                    await crawler;
                    await node.StopAsync(ct);
                    Log($"broker down at {clock.Elapsed.TotalSeconds:F1} s");
                    lateCrawler = Task.Run(() => CrawlAsync(intake, submissions.TakeLast(HeldBack), accepted, abandoned, ct), ct);
                    await Task.Delay(TimeSpan.FromSeconds(5), ct);
                    await node.StartAgainAsync(ct);
                    Log($"broker back at {clock.Elapsed.TotalSeconds:F1} s");
                    restarted = true;
                }
                else if (restarted && lateCrawler.IsCompleted && finished >= accepted.Count + 1)
                {
                    break;
                }

                Assert.True(
                    deadline.Elapsed < Deadline,
                    $"Not finished after {Deadline}: {finished} of {expectedFinal} finished.\n{Tail(workers)}");
                await Task.Delay(250, ct);
            }

            await lateCrawler;
            Log($"all submissions finished at {clock.Elapsed.TotalSeconds:F1} s ({accepted.Count} accepted, {abandoned.Count} abandoned by the crawler after a failed submit, slowest successful submit {intake.SlowestSubmit.TotalSeconds:F1} s)");

            // Let the error queues and the subscriber settle: the orphan's fault and the last events.
            var queues = await SettledQueuesAsync(node, subscriber, ct);
            await CheckAsync(store, node, queues, submissions, accepted, abandoned, orphan, subscriber, workers, ct);

            // The surviving workers stop gracefully.
            foreach (var worker in workers.Skip(1))
            {
                Assert.Equal(0, await worker.StopAsync());
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    private async Task CheckAsync(
        IReportStore store,
        PrivateRabbitMqNode node,
        IReadOnlyList<BrokerQueue> queues,
        IReadOnlyList<Submission> submissions,
        ConcurrentDictionary<Guid, Submission> accepted,
        ConcurrentBag<Guid> abandoned,
        Guid orphan,
        VersionEventSubscriber subscriber,
        List<WorkerProcess> workers,
        CancellationToken ct)
    {
        // Every accepted submission ended; group the outcomes by the submission they belong to.
        var outcomes = new List<(Submission Submission, IngestionRecord Record)>();
        foreach (var (id, submission) in accepted)
        {
            var record = await store.GetIngestionAsync(id, ct);
            Assert.NotNull(record);
            outcomes.Add((submission, record));
        }

        var wellFormed = submissions.Where(s => s.ExpectedKey is not null).ToList();
        var heads = await store.ListHeadsAsync(ct);
        var versions = new Dictionary<string, int>();
        foreach (var head in heads)
        {
            versions[head.ReportKey] = (await store.ListVersionsAsync(head.ReportKey, ct)).Count;
        }

        // Stored exactly once: one report per expected key, each with exactly one version, nothing else stored.
        var expectedKeys = wellFormed.Select(s => s.ExpectedKey!).ToHashSet();
        Assert.Equal(expectedKeys.Order(StringComparer.Ordinal), versions.Keys.Order(StringComparer.Ordinal));
        var duplicates = versions.Values.Sum(v => v - 1);
        Assert.Equal(0, duplicates);

        // Per key exactly one ingestion created the version; copies (resubmits, crawler retries) are unchanged.
        foreach (var group in outcomes.Where(o => o.Submission.ExpectedKey is not null).GroupBy(o => o.Submission.ExpectedKey))
        {
            var statuses = group.Where(o => !IsAbandoned(o.Record)).Select(o => o.Record.Status).ToList();
            Assert.True(
                statuses.Count(s => s == IngestionStatus.VersionCreated) == 1 && statuses.All(s => s is IngestionStatus.VersionCreated or IngestionStatus.Unchanged),
                $"{group.Key}: {string.Join(", ", group.Select(o => $"{o.Record.IngestionId} {o.Record.Status} {o.Record.ReasonCode} {o.Record.Reason}"))}");
            Assert.All(group.Where(o => !IsAbandoned(o.Record)), o => Assert.Equal(group.Key, o.Record.ReportKey));
        }

        // A submission the crawler was told had failed is marked so, unless its message got through after all.
        bool IsAbandoned(IngestionRecord record) =>
            abandoned.Contains(record.IngestionId) && record is { Status: IngestionStatus.Failed, ReasonCode: ReportIntake.PublishFailed };
        Assert.All(outcomes.Where(o => o.Record.Status == IngestionStatus.Failed), o => Assert.True(IsAbandoned(o.Record), $"{o.Record.IngestionId} failed: {o.Record.Reason}"));

        // Poison files: rejected with the reason code the parser gives them.
        var poison = outcomes.Where(o => o.Submission.ExpectedKey is null && !IsAbandoned(o.Record)).ToList();
        Assert.All(poison, o =>
        {
            Assert.Equal(IngestionStatus.Rejected, o.Record.Status);
            Assert.Equal(o.Submission.ExpectedReason, o.Record.ReasonCode);
        });

        // Poison messages: the orphan failed with its reason, and each sits in its stage's error queue.
        var orphanRecord = await store.GetIngestionAsync(orphan, ct);
        Assert.Equal(IngestionStatus.Failed, orphanRecord!.Status);
        Assert.Contains("artifact", orphanRecord.Reason ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        var extractError = PipelineQueues.ErrorQueueName(StageNames.Extract);
        var normalizeError = PipelineQueues.ErrorQueueName(StageNames.Normalize);
        long Depth(string queue) => queues.FirstOrDefault(q => q.Name == queue) is { } q ? q.Ready + q.Unacknowledged : 0;
        Assert.Equal(1, Depth(extractError));
        Assert.Equal(1, Depth(normalizeError));
        await using (var operations = await BrokerOperations.ConnectAsync(node.Uri, ct))
        {
            var failed = await operations.PeekAsync(normalizeError, 10, ct);
            Assert.Equal(orphan, Assert.Single(failed).IngestionId);
        }

        // The store's claim of the queues survived the broker restart: exactly its one message, ready.
        var claimQueue = StoreQueueClaim.QueueName(null);
        Assert.Equal(1, queues.Single(q => q.Name == claimQueue).Ready);

        // Nothing left behind: no stage or subscriber queue holds a ready or unacknowledged message, and no
        // other error queue exists.
        var leftovers = queues.Where(q => !q.Name.EndsWith("_error", StringComparison.Ordinal) && q.Name != claimQueue && q.Ready + q.Unacknowledged > 0).ToList();
        Assert.True(leftovers.Count == 0, "Messages left: " + string.Join(", ", leftovers));
        var otherErrors = queues.Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal) && q.Name != extractError && q.Name != normalizeError && q.Ready + q.Unacknowledged > 0).ToList();
        Assert.True(otherErrors.Count == 0, "Unexpected error queues: " + string.Join(", ", otherErrors) + "\n" + Tail(workers));

        // The surviving workers consume every stage queue again after the broker restart.
        foreach (var stage in PipelineOptions.AllStages)
        {
            var queue = queues.Single(q => q.Name == PipelineQueues.QueueName(stage));
            Assert.True(queue.Consumers == LiveWorkers, $"{queue.Name} has {queue.Consumers} consumers, expected {LiveWorkers}.\n{Tail(workers)}");
        }

        // Subscribers saw every version at least once (delivery is at-least-once: redeliveries may repeat one).
        var seen = subscriber.Versions();
        Assert.Equal(versions.Keys.Order(StringComparer.Ordinal), seen.Keys.Order(StringComparer.Ordinal));
        var repeatedEvents = seen.Values.Sum(n => n - 1);

        var rejected = poison.Count;
        var unchanged = outcomes.Count(o => o.Record.Status == IngestionStatus.Unchanged);
        var inErrorQueues = queues.Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal)).Sum(q => q.Ready + q.Unacknowledged);
        Log(string.Create(
            CultureInfo.InvariantCulture,
            $"counts: submitted={accepted.Count} (well-formed {wellFormed.Count} incl. {ResubmitCount} resubmitted copies, poison files {submissions.Count - wellFormed.Count}, poison messages 2), crawler retries={abandoned.Count}, stored reports={versions.Count}, versions={versions.Values.Sum()}, duplicates={duplicates}, unchanged={unchanged}, rejected={rejected}, failed={(orphanRecord.Status == IngestionStatus.Failed ? 1 : 0)}, in error queues={inErrorQueues}, left in stage queues={leftovers.Count}, version events={seen.Values.Sum()} (repeated by redelivery {repeatedEvents})"));
        foreach (var (code, count) in poison.GroupBy(o => o.Record.ReasonCode!).Select(g => (g.Key, g.Count())).Order())
        {
            Log($"rejected {code}: {count}");
        }
    }

    /// <summary>Waits until the error queues hold the two poison messages, the stage queues are empty and the subscriber caught up.</summary>
    private async Task<IReadOnlyList<BrokerQueue>> SettledQueuesAsync(PrivateRabbitMqNode node, VersionEventSubscriber subscriber, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        IReadOnlyList<BrokerQueue> queues = [];
        while (watch.Elapsed < TimeSpan.FromSeconds(120))
        {
            queues = await node.ListQueuesAsync(ct);
            var busy = queues.Where(q => !q.Name.EndsWith("_error", StringComparison.Ordinal)).Sum(q => q.Ready + q.Unacknowledged);
            var errors = queues.Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal)).Sum(q => q.Ready);
            var serving = PipelineOptions.AllStages.All(stage => queues.Any(q => q.Name == PipelineQueues.QueueName(stage) && q.Consumers == LiveWorkers));
            if (busy == 0 && errors >= 2 && subscriber.Distinct >= ReportCount && serving)
            {
                break;
            }

            await Task.Delay(500, ct);
        }

        foreach (var queue in queues.OrderBy(q => q.Name, StringComparer.Ordinal))
        {
            Log($"queue {queue.Name}: ready={queue.Ready} unacked={queue.Unacknowledged} consumers={queue.Consumers}");
        }

        return queues;
    }

    private static async Task CrawlAsync(
        IntakeProcess intake,
        IEnumerable<Submission> submissions,
        ConcurrentDictionary<Guid, Submission> accepted,
        ConcurrentBag<Guid> abandoned,
        CancellationToken ct)
    {
        foreach (var submission in submissions)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var watch = Stopwatch.StartNew();
                    accepted[await intake.SubmitAsync(submission, ct)] = submission;
                    intake.SawSubmitTime(watch.Elapsed);
                    break;
                }
                catch (SubmissionNotPublishedException e) when (attempt < 30)
                {
                    // Recorded, not published (broker down through the intake's retries): marked PUBLISH_FAILED.
                    // The crawler submits again; if the first one was published after all, it ends unchanged.
                    abandoned.Add(e.IngestionId);
                    accepted[e.IngestionId] = submission;
                    await Task.Delay(1000, ct);
                }
                catch (Exception) when (attempt < 30 && !ct.IsCancellationRequested)
                {
                    // Nothing recorded (e.g. the store was busy): submit again.
                    await Task.Delay(1000, ct);
                }
            }
        }
    }

    private static async Task<int> CountFinishedAsync(IReportStore store, CancellationToken ct)
    {
        var counts = await store.CountIngestionsByStatusAsync(DateTimeOffset.MinValue, ct);
        return counts.Where(c => c.Key is not (IngestionStatus.Submitted or IngestionStatus.Extracted or IngestionStatus.Normalized or IngestionStatus.Validated)).Sum(c => c.Value);
    }

    private static async Task PublishGarbageAsync(Uri broker, string queue, CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        var properties = new BasicProperties { Persistent = true, ContentType = "application/vnd.masstransit+json", MessageId = Guid.NewGuid().ToString() };
        await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, Encoding.UTF8.GetBytes("{ this is not a message"), ct);
    }

    private static async Task<Guid> PublishOrphanExtractedAsync(IntakeProcess intake, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await intake.Store.RecordSubmissionAsync(new IngestionRecord(id, new string('0', 64), "orphan.txt", null, IngestionStatus.Extracted, now, now, StageNames.Extract), ct);
        await intake.Bus.Publish(new ReportExtracted(id, new string('0', 64), "orphan.txt", StageNames.Extract, "text/plain", "text", 1), ct);
        return id;
    }

    /// <summary>
    /// The reports (distinct agency-years: the generator repeats agencies, and the report key does not depend on the agency id
    /// hint each carries, so repeats are skipped), copies of the first ones, and poison files.
    /// </summary>
    private static List<Submission> Submissions()
    {
        var parser = ReportParser.CreateDefault();
        var list = new List<Submission>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; keys.Count < ReportCount; i++)
        {
            var format = (i % 10) switch { < 7 => "txt", < 9 => "html", _ => "docx" };
            var version = i % 5 is 1 or 3 ? TemplateVersion.Gb2019 : TemplateVersion.Gb2021;
            var document = CorpusWriter.Document(format, i, unchecked(20261122 + (i * 7919)), version);
            var agency = $"fault-{i:0000}";
            var parsed = parser.Parse(new RawFile(document.Content, document.FileName));
            if (parsed.IsSuccess && !keys.Add(ReportIdentity.KeyFor(parsed.Value!.Meta)))
            {
                continue;
            }

            list.Add(parsed.IsSuccess
                ? new Submission(document.FileName, document.Content, agency, ReportIdentity.KeyFor(parsed.Value!.Meta), null)
                : new Submission(document.FileName, document.Content, agency, null, parsed.Rejection!.ReasonCode));
        }

        list.AddRange(list.Take(ResubmitCount).ToList());
        list.AddRange(PoisonFiles().Select(p => new Submission(p.Name, p.Content, null, null, p.Reason)));

        // Interleave so that copies and poison arrive while the faults happen.
        return [.. list.OrderBy(s => (s.FileName.GetHashCode(StringComparison.Ordinal) & 0x7fffffff) % 97).ThenBy(s => s.FileName, StringComparer.Ordinal)];
    }

    private static IEnumerable<(string Name, byte[] Content, string Reason)> PoisonFiles()
    {
        var random = new Random(6);
        var junk = new byte[4096];
        random.NextBytes(junk);
        var pdf = File.ReadAllBytes(Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "corpus", "generated", "pdf"), "*.pdf").Order(StringComparer.Ordinal).First());
        var encrypted = File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "IngestionPipeline.Core.Tests", "Fixtures", "pdf", "encrypted-password-x.pdf"));
        var sample = File.ReadAllText(RepositoryPaths.SampleFiles[0], Encoding.UTF8);
        yield return ("poison-empty.pdf", [], ReasonCodes.EmptyFile);
        yield return ("poison-junk.bin", junk, ReasonCodes.UnsupportedFormat);
        yield return ("poison-truncated.pdf", pdf[..(pdf.Length / 10)], ReasonCodes.CorruptFile);
        yield return ("poison-encrypted.pdf", encrypted, ReasonCodes.Encrypted);
        yield return ("poison-zip-not-docx.docx", Zip("readme.txt", "not a word document"), ReasonCodes.UnsupportedFormat);
        yield return ("poison-news.html", Encoding.UTF8.GetBytes("<html><head><meta charset=utf-8><title>新闻</title></head><body><h1>我县召开春季植树动员会</h1><p>全县干部群众参加义务植树活动。</p></body></html>"), ReasonCodes.NotAReport);
        yield return ("poison-no-year.txt", Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(sample, "(19|20)[0-9]{2}", "XXXX")), ReasonCodes.UnknownYear);
        yield return ("poison-nul.txt", Encoding.UTF8.GetBytes(sample).SelectMany((b, i) => i % 3 == 0 ? new[] { b, (byte)0 } : new[] { b }).ToArray(), ReasonCodes.UndecodableText);
    }

    private static byte[] Zip(string entry, string content)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry(entry).Open());
            writer.Write(content);
        }

        return stream.ToArray();
    }

    private static string Tail(List<WorkerProcess> workers) =>
        string.Join("\n", workers.Select((w, i) => $"--- worker {i + 1} (exit {w.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "running"}):\n" + string.Join('\n', w.Output.Split('\n').TakeLast(30))));

    private void Log(string line) => output.WriteLine("[fault-test] " + line);

    /// <summary>One file the crawler submits: its expected report key when well-formed, else its expected reason code.</summary>
    private sealed record Submission(string FileName, byte[] Content, string? AgencyId, string? ExpectedKey, string? ExpectedReason);

    /// <summary>The crawler's side: intake (store + bus) in the test process, plus a subscriber to version events.</summary>
    private sealed class IntakeProcess : IAsyncDisposable
    {
        private readonly ServiceProvider services;
        private readonly IBusControl bus;

        private IntakeProcess(ServiceProvider services)
        {
            this.services = services;
            bus = services.GetRequiredService<IBusControl>();
            Store = services.GetRequiredService<IReportStore>();
        }

        public IReportStore Store { get; }

        public IPublishEndpoint Bus => bus;

        /// <summary>The longest a successful submit took (it rides out a broker restart by retrying the publish).</summary>
        public TimeSpan SlowestSubmit { get; private set; }

        public void SawSubmitTime(TimeSpan elapsed)
        {
            lock (services)
            {
                SlowestSubmit = elapsed > SlowestSubmit ? elapsed : SlowestSubmit;
            }
        }

        public static async Task<IntakeProcess> StartAsync(string dataDirectory, Uri broker, VersionEventSubscriber subscriber, CancellationToken ct)
        {
            var services = new ServiceCollection()
                .AddLogging()
                .AddSingleton(subscriber)
                .AddSqliteReportStore(dataDirectory)
                .AddRabbitMqIntake(broker, configureBus: bus =>
                {
                    bus.AddConsumer<VersionEventConsumer>().Endpoint(e => e.Name = "fault-test-subscriber");
                })
                .BuildServiceProvider();
            var process = new IntakeProcess(services);
            await process.Store.InitializeAsync(ct);
            await process.bus.StartAsync(ct);
            return process;
        }

        public async Task<Guid> SubmitAsync(Submission submission, CancellationToken ct)
        {
            await using var scope = services.CreateAsyncScope();
            var intake = scope.ServiceProvider.GetRequiredService<ReportIntake>();
            var message = await intake.SubmitAsync(submission.Content, submission.FileName, null, new SubmissionHints(AgencyId: submission.AgencyId), ct);
            return message.IngestionId;
        }

        public async ValueTask DisposeAsync()
        {
            await bus.StopAsync(CancellationToken.None);
            await services.DisposeAsync();
        }
    }

    /// <summary>Counts <see cref="ReportVersionCreated"/> per report version, as a downstream subscriber would see them.</summary>
    private sealed class VersionEventSubscriber
    {
        private readonly ConcurrentDictionary<string, int> seen = new(StringComparer.Ordinal);

        public int Distinct => seen.Count;

        public void Saw(ReportVersionCreated message) => seen.AddOrUpdate(message.ReportKey, 1, (_, n) => n + 1);

        public IReadOnlyDictionary<string, int> Versions() => seen.ToDictionary(StringComparer.Ordinal);
    }

    private sealed class VersionEventConsumer(VersionEventSubscriber subscriber) : IConsumer<ReportVersionCreated>
    {
        public Task Consume(ConsumeContext<ReportVersionCreated> context)
        {
            subscriber.Saw(context.Message);
            return Task.CompletedTask;
        }
    }
}

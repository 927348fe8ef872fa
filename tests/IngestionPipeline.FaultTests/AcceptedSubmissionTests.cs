using System.Diagnostics;
using System.Text;
using IngestionPipeline.Cli.Tests;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Corpus;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.FaultTests;

/// <summary>
/// "Accepted" is a promise: a submission the crawler was told about survives a SIGKILL of every process. The CLI submits
/// to a private RabbitMQ node while no worker runs, is killed with SIGKILL once it has printed some acceptances, the
/// broker is killed with SIGKILL too, then the broker and one worker start: every accepted report is stored, once.
/// </summary>
public sealed class AcceptedSubmissionTests(ITestOutputHelper output)
{
    private const int Files = 30;
    private const int KillAfterAccepted = 10;

    [Fact]
    public async Task Accepted_submissions_survive_a_sigkill_of_the_submitter_and_the_broker_and_are_stored_once()
    {
        if (PrivateRabbitMqNode.Unavailable() is { } reason)
        {
            Assert.Skip($"Fault tests need a private RabbitMQ node: {reason}.");
        }

        var ct = TestContext.Current.CancellationToken;
        await using var node = await PrivateRabbitMqNode.StartAsync(ct);
        using var data = new TempDirectory("accepted");
        using var inbox = new TempDirectory("accepted-files");
        foreach (var document in CorpusWriter.Generate("txt", Files, 20261205))
        {
            await File.WriteAllBytesAsync(Path.Combine(inbox.Path, document.FileName), document.Content, ct);
        }

        string[] workerArgs = ["--data", data.Path, "--rabbitmq", node.Uri.ToString()];

        // A worker declares the stage queues once, then stops: the submissions wait in the queues with no worker running.
        await using (var first = await WorkerProcess.StartAsync(RepositoryPaths.Root, workerArgs))
        {
            Assert.Equal(0, await first.StopAsync());
        }

        var accepted = await SubmitUntilKilledAsync(inbox.Path, data.Path, node.Uri, ct);
        output.WriteLine($"{accepted.Count} submissions accepted before the CLI was killed");
        Assert.True(accepted.Count >= KillAfterAccepted, $"only {accepted.Count} accepted");

        await node.KillAsync(ct);
        await node.StartAgainAsync(ct);
        await using var worker = await WorkerProcess.StartAsync(RepositoryPaths.Root, workerArgs);

        await using var services = new ServiceCollection().AddSqliteReportStore(data.Path).BuildServiceProvider();
        var store = services.GetRequiredService<IReportStore>();
        await store.InitializeAsync(ct);
        var records = new List<IngestionRecord>();
        foreach (var id in accepted)
        {
            records.Add(await WaitForFinalAsync(store, id, worker, ct));
        }

        Assert.All(records, r => Assert.True(r.Status == IngestionStatus.VersionCreated, $"{r.IngestionId} {r.FileName}: {r.Status} {r.ReasonCode} {r.Reason}"));
        var keys = records.Select(r => r.ReportKey!).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        foreach (var key in keys)
        {
            Assert.Single(await store.ListVersionsAsync(key, ct));
        }

        await using var operations = await BrokerOperations.ConnectAsync(node.Uri, ct);
        var errors = await operations.InspectAsync(PipelineQueues.ErrorQueueName(StageNames.Extract), ct);
        Assert.Equal(0, errors.Messages);
        Assert.Equal(0, await worker.StopAsync());
    }

    /// <summary>Runs <c>ingest submit DIR</c>, SIGKILLs it after <see cref="KillAfterAccepted"/> "submitted" lines; returns the accepted ingestion ids.</summary>
    private static async Task<List<Guid>> SubmitUntilKilledAsync(string inbox, string dataDirectory, Uri broker, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "ingest.dll"), "submit", inbox, "--data", dataDirectory, "--rabbitmq", broker.ToString() })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var accepted = new List<Guid>();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
            {
                // "submitted <file> <ingestion id> <sha256>": printed once the submission is accepted.
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts is ["submitted", _, var id, _])
                {
                    accepted.Add(Guid.Parse(id));
                    if (accepted.Count == KillAfterAccepted)
                    {
                        process.Kill(entireProcessTree: true); // SIGKILL: no graceful stop, no flush
                        break;
                    }
                }
            }
        }
        finally
        {
            await process.WaitForExitAsync(CancellationToken.None);
        }

        Assert.True(accepted.Count == KillAfterAccepted, $"the CLI exited ({process.ExitCode}) after {accepted.Count} acceptances: {await stderr}");
        return accepted;
    }

    private static async Task<IngestionRecord> WaitForFinalAsync(IReportStore store, Guid id, WorkerProcess worker, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var record = await store.GetIngestionAsync(id, ct);
            Assert.True(record is not null, $"accepted submission {id} is not in the store");
            if (IngestionStatusTransitions.IsFinal(record.Status) || record.Status == IngestionStatus.Failed)
            {
                return record;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(3), $"{id} still {record.Status} after 3 minutes.\n{worker.Output}");
            await Task.Delay(100, ct);
        }
    }
}

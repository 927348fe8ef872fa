using System.CommandLine;
using System.Globalization;
using IngestionPipeline.Cli.Hosting;
using IngestionPipeline.Components.Reprocessing;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>reprocess [--report KEY]... [--format F] [--since T] [--until T] [--stale] [--dry-run] [--rate N] [--max-in-flight N]
/// [--data DIR | --mongo URI] [--rabbitmq URI]</c>: runs the stored raw files of the selected reports through the
/// pipeline again (<see cref="ReportReprocessor"/>). Without <c>--rabbitmq</c> the stages run in this process on the
/// embedded store, as <c>run</c> does; with it, the workers sharing the store do the work, as for <c>submit</c>.
/// </summary>
internal static class ReprocessCommand
{
    private static readonly Dictionary<string, string> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["txt"] = FormatDetector.Text,
        ["text"] = FormatDetector.Text,
        ["html"] = FormatDetector.Html,
        ["docx"] = FormatDetector.Docx,
        ["pdf"] = FormatDetector.Pdf,
        ["doc"] = FormatDetector.Doc,
    };

    public static Command Create()
    {
        var reports = new Option<string[]>("--report") { Description = "A report key to re-process (repeatable).", AllowMultipleArgumentsPerToken = true };
        var format = new Option<string?>("--format") { Description = "Only reports whose raw file is of this format: txt, html, docx, pdf, doc, or a media type." };
        var since = new Option<string?>("--since") { Description = "Only current versions created at or after this instant (ISO 8601; a date alone is UTC midnight)." };
        var until = new Option<string?>("--until") { Description = "Only current versions created before this instant." };
        var stale = new Option<bool>("--stale") { Description = "Only reports made by a parser version other than this build's." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be re-processed and stop." };
        var rate = new Option<double>("--rate") { Description = "Submissions per second at most (0: no limit), so that new submissions are not starved.", DefaultValueFactory = _ => 20 };
        var maxInFlight = new Option<int>("--max-in-flight") { Description = "Re-processed ingestions unfinished at any time, at most.", DefaultValueFactory = _ => 16 };
        var data = DistributedOptions.Data();
        var mongo = DistributedOptions.Mongo();
        var rabbitMq = new Option<string?>("--rabbitmq") { Description = "RabbitMQ URI of the workers; without it the stages run in this process (embedded SQLite store only)." };
        var prefix = DistributedOptions.QueuePrefix();
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for every outcome.", DefaultValueFactory = _ => 3600 };
        var inProcess = new Option<bool>("--in-process") { Description = "Embedded only: extract in this process instead of sandboxed child processes (trusted files only)." };
        var command = new Command("reprocess", "Run stored raw files through the pipeline again (after a parser change).")
        {
            reports, format, since, until, stale, dryRun, rate, maxInFlight, data, mongo, rabbitMq, prefix, timeout, inProcess,
        };
        command.SetAction((result, ct) =>
        {
            if (!TryParseSelection(result.GetValue(reports), result.GetValue(format), result.GetValue(since), result.GetValue(until), out var selection)
                || DistributedOptions.ResolveStore(result.GetValue(data), result.GetValue(mongo)) is not { } store)
            {
                return Task.FromResult(2);
            }

            Uri? broker = null;
            if (result.GetValue(rabbitMq) is { } uri && !DistributedOptions.TryGetBroker(uri, out broker))
            {
                return Task.FromResult(2);
            }

            if (broker is null && result.GetValue(mongo) is not null && !result.GetValue(dryRun))
            {
                Console.Error.WriteLine("--mongo needs --rabbitmq: the embedded pipeline runs on the SQLite store only.");
                return Task.FromResult(2);
            }

            if (result.GetValue(maxInFlight) < 1 || result.GetValue(rate) < 0)
            {
                Console.Error.WriteLine("--max-in-flight must be at least 1 and --rate at least 0.");
                return Task.FromResult(2);
            }

            var run = new Run(
                selection, result.GetValue(stale), result.GetValue(dryRun), new ReprocessPace(result.GetValue(rate), result.GetValue(maxInFlight)),
                TimeSpan.FromSeconds(result.GetValue(timeout)));
            return broker is null
                ? RunEmbeddedAsync(result.GetValue(data) ?? CommonOptions.DefaultDataDirectory, result.GetValue(inProcess), run, ct)
                : RunDistributedAsync(store, broker, result.GetValue(prefix), run, ct);
        });
        return command;
    }

    private static async Task<int> RunEmbeddedAsync(string dataDirectory, bool inProcess, Run run, CancellationToken cancellationToken)
    {
        using var host = EmbeddedHost.Build(dataDirectory, inProcess);
        await EmbeddedHost.OpenStoreAsync(host.Services, cancellationToken);
        if (!run.DryRun)
        {
            await host.StartAsync(cancellationToken);
        }

        var tracker = host.Services.GetRequiredService<IngestionTracker>();
        var exit = await ExecuteAsync(host.Services, run, (id, ct) => tracker.WaitAsync(id, ct), cancellationToken);
        if (!run.DryRun)
        {
            await host.StopAsync(CancellationToken.None);
        }

        return exit;
    }

    private static async Task<int> RunDistributedAsync(PipelineStore store, Uri broker, string? prefix, Run run, CancellationToken cancellationToken)
    {
        using var host = IntakeHost.Build(store, broker, prefix);
        await host.Services.GetRequiredService<IReportStore>().InitializeAsync(cancellationToken);
        if (!run.DryRun)
        {
            try
            {
                await host.StartAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"Cannot reach RabbitMQ at {DistributedOptions.Describe(broker)}: {e.GetBaseException().Message}");
                return 1;
            }
        }

        using var scope = host.Services.CreateScope();
        var reprocessor = scope.ServiceProvider.GetRequiredService<ReportReprocessor>();

        // The workers run the stages: the store they share tells when each ingestion ended.
        var exit = await ExecuteAsync(host.Services, run, (id, ct) => reprocessor.WaitForFinalStatusAsync(id, TimeSpan.FromMilliseconds(250), ct), cancellationToken);
        if (!run.DryRun)
        {
            await host.StopAsync(CancellationToken.None);
        }

        return exit;
    }

    private static async Task<int> ExecuteAsync(
        IServiceProvider services, Run run, Func<Guid, CancellationToken, Task<IngestionOutcome>> waitForOutcome, CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var reprocessor = scope.ServiceProvider.GetRequiredService<ReportReprocessor>();
        var selection = run.Stale ? run.Selection with { StaleAgainst = reprocessor.ParserVersion } : run.Selection;
        var candidates = await reprocessor.SelectAsync(selection, cancellationToken);
        Console.WriteLine($"{candidates.Count} report(s) selected; this build's parser version is {reprocessor.ParserVersion}.");
        if (run.DryRun)
        {
            foreach (var c in candidates)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{c.ReportKey}\tv{c.Version}\t{c.MediaType ?? "?"}\t{c.ParserVersion ?? "(unrecorded)"}\t{c.CreatedAt:u}\t{c.SourceFileName}"));
            }

            return 0;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(run.Timeout);
        var progress = new ConsoleProgress(candidates.Count);
        ReprocessSummary summary;
        try
        {
            summary = await reprocessor.RunAsync(candidates, run.Pace, waitForOutcome, progress, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"Timed out after {run.Timeout.TotalSeconds:F0} s: {progress.Last?.Finished ?? 0} of {candidates.Count} finished. Re-run with --stale to continue.");
            return 1;
        }

        foreach (var r in summary.Results.Where(r => r.Outcome.Kind is IngestionOutcomeKind.VersionCreated or IngestionOutcomeKind.Rejected or IngestionOutcomeKind.Failed))
        {
            Console.WriteLine(r.Outcome.Kind == IngestionOutcomeKind.VersionCreated
                ? $"{r.Candidate.ReportKey}: new version {r.Outcome.Version} (parser change)"
                : $"{r.Candidate.ReportKey}: {r.Outcome.Kind.ToString().ToLowerInvariant()} {r.Outcome.ReasonCode}: {r.Outcome.Reason}");
        }

        Console.WriteLine($"{summary.Results.Count} re-processed: {summary.NewVersions} new versions, {summary.Unchanged} unchanged, {summary.Failed} rejected or failed.");
        return summary.Failed == 0 ? 0 : 1;
    }

    private static bool TryParseSelection(string[]? reports, string? format, string? since, string? until, out ReprocessSelection selection)
    {
        selection = new ReprocessSelection();
        string? mediaType = null;
        if (format is not null)
        {
            mediaType = Formats.TryGetValue(format, out var known) ? known : format.Contains('/', StringComparison.Ordinal) ? format : null;
            if (mediaType is null)
            {
                Console.Error.WriteLine($"--format must be one of {string.Join(", ", Formats.Keys)} or a media type, not '{format}'.");
                return false;
            }
        }

        if (!TryParseInstant("--since", since, out var from) || !TryParseInstant("--until", until, out var before))
        {
            return false;
        }

        selection = new ReprocessSelection(reports is { Length: > 0 } ? reports : null, mediaType, from, before);
        return true;
    }

    private static bool TryParseInstant(string option, string? value, out DateTimeOffset? instant)
    {
        instant = null;
        if (value is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            instant = parsed;
            return true;
        }

        Console.Error.WriteLine($"{option} must be an ISO 8601 date or instant (e.g. 2026-12-01 or 2026-12-01T08:00:00Z), not '{value}'.");
        return false;
    }

    private sealed record Run(ReprocessSelection Selection, bool Stale, bool DryRun, ReprocessPace Pace, TimeSpan Timeout);

    /// <summary>One progress line per tenth of the run (and the last), on stderr so that stdout stays the result.</summary>
    private sealed class ConsoleProgress(int total) : IProgress<ReprocessProgress>
    {
        private readonly Lock gate = new();
        private int reportedTenths = -1;

        public ReprocessProgress? Last { get; private set; }

        public void Report(ReprocessProgress value)
        {
            lock (gate)
            {
                Last = value;
                var tenths = total == 0 ? 10 : value.Finished * 10 / total;
                if (tenths == reportedTenths)
                {
                    return;
                }

                reportedTenths = tenths;
                Console.Error.WriteLine($"reprocess: {value.Finished}/{total} finished ({value.Submitted} submitted): {value.NewVersions} new versions, {value.Unchanged} unchanged, {value.Failed} failed");
            }
        }
    }
}

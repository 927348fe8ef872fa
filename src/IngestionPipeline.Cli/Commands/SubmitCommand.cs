using System.CommandLine;
using System.Globalization;
using IngestionPipeline.Components.Callbacks;
using IngestionPipeline.Cli.Hosting;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>submit &lt;file|dir|url&gt;... [--rabbitmq URI] [--data DIR | --mongo URI] [--agency ID] [--region R] [--year Y]
/// [--source-url U] [--callback-url U] [--wait]</c>: the crawler's intake from the command line. Stores each raw file and publishes
/// <see cref="ReportFileSubmitted"/> over RabbitMQ through <see cref="ReportIntake"/> (URLs through
/// <see cref="UrlDownloader"/>, as the HTTP API does) for the workers sharing the store.
/// </summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("files-directories-or-urls") { Description = "Report files, directories of them, or http(s) URLs.", Arity = ArgumentArity.OneOrMore };
        var rabbitMq = DistributedOptions.RabbitMq();
        var data = DistributedOptions.Data();
        var mongo = DistributedOptions.Mongo();
        var prefix = DistributedOptions.QueuePrefix();
        var agency = new Option<string?>("--agency") { Description = "Agency id hint (recorded with the version; the report key is what the document says)." };
        var region = new Option<string?>("--region") { Description = "Region hint, e.g. 山东省临沂市兰陵县." };
        var year = new Option<int?>("--year") { Description = "Report year hint." };
        var sourceUrl = new Option<string?>("--source-url") { Description = "Where the files came from (recorded with the ingestion; URLs record themselves)." };
        var callbackUrl = new Option<string?>("--callback-url")
        {
            Description = "An http(s) URL that receives each outcome as a signed POST, sent by the API that holds Api:CallbackSecret (see the README's For crawlers).",
        };
        var wait = new Option<bool>("--wait") { Description = "Wait for every outcome and print a summary (needs workers for all stages)." };
        var timeout = new Option<int>("--timeout")
        {
            Description = "With --wait: give up when no ingestion moved on for this many seconds (a per-file allowance), and list where each unfinished one is stuck.",
            DefaultValueFactory = _ => 120,
        };
        var allowRejections = CommonOptions.AllowRejections();
        var include = FileSelection.IncludeOption();
        var exclude = FileSelection.ExcludeOption();
        var command = new Command("submit", "Submit report files or URLs to the workers over RabbitMQ.")
        {
            inputs, rabbitMq, data, mongo, prefix, agency, region, year, sourceUrl, callbackUrl, wait, timeout, allowRejections, include, exclude,
        };
        command.SetAction((result, ct) =>
        {
            if (DistributedOptions.ResolveStore(result.GetValue(data), result.GetValue(mongo)) is not { } store
                || !DistributedOptions.TryGetBroker(result.GetValue(rabbitMq)!, out var broker))
            {
                return Task.FromResult(2);
            }

            var y = result.GetValue(year);
            if (y is < 1990 or > 2100)
            {
                Console.Error.WriteLine($"--year must be a four-digit year, not {y}.");
                return Task.FromResult(2);
            }

            var source = result.GetValue(sourceUrl);
            if (source is not null && !Uri.TryCreate(source, UriKind.Absolute, out _))
            {
                Console.Error.WriteLine($"--source-url must be an absolute URL, not '{source}'.");
                return Task.FromResult(2);
            }

            var hints = result.GetValue(agency) is null && result.GetValue(region) is null && y is null
                ? null
                : new SubmissionHints(result.GetValue(agency), null, result.GetValue(region), y);
            if (result.GetValue(timeout) < 1)
            {
                Console.Error.WriteLine("--timeout must be at least 1 second.");
                return Task.FromResult(2);
            }

            return RunAsync(
                result.GetValue(inputs)!, store, broker, result.GetValue(prefix), hints, source, result.GetValue(callbackUrl), result.GetValue(wait),
                TimeSpan.FromSeconds(result.GetValue(timeout)), result.GetValue(allowRejections),
                FileSelection.From(result.GetValue(include), result.GetValue(exclude)), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        string[] inputs, PipelineStore store, Uri broker, string? prefix, SubmissionHints? hints, string? sourceUrl, string? callbackUrlText, bool wait, TimeSpan timeout, bool allowRejections, FileSelection selection, CancellationToken cancellationToken)
    {
        var urls = new List<Uri>();
        var paths = new List<string>();
        foreach (var input in inputs)
        {
            if (Uri.TryCreate(input, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                urls.Add(uri);
            }
            else
            {
                paths.Add(input);
            }
        }

        IReadOnlyList<FileInfo> files;
        try
        {
            files = CommonOptions.ExpandInputs(paths, selection);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }

        using var host = IntakeHost.Build(store, broker, prefix);
        var reportStore = host.Services.GetRequiredService<IReportStore>();
        try
        {
            // Store path and broker first: a wrong one is one line naming the setting within seconds.
            await StartupChecks.EnsureAsync(host.Services, brokerDeadline: null, cancellationToken: cancellationToken);
            await reportStore.InitializeAsync(cancellationToken);
            await host.StartAsync(cancellationToken);
        }
        catch (StartupProblemException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return StartupProblemException.ExitCode;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"Cannot reach RabbitMQ at {DistributedOptions.Describe(broker)}: {e.GetBaseException().Message.ReplaceLineEndings(" ")}");
            return StartupProblemException.ExitCode;
        }

        Uri? callbackUrl = null;
        if (callbackUrlText is not null)
        {
            // The address guard of URL intake, as the API applies it (the CLI's own settings allow private networks).
            (callbackUrl, var refused) = await host.Services.GetRequiredService<CallbackAddressGuard>().CheckAsync(callbackUrlText, cancellationToken);
            if (refused is not null)
            {
                await Console.Error.WriteLineAsync(refused);
                await host.StopAsync(CancellationToken.None);
                return 2;
            }
        }

        var submitted = new List<(string Name, Guid IngestionId)>();
        var errors = 0;
        using (var scope = host.Services.CreateScope())
        {
            var intake = scope.ServiceProvider.GetRequiredService<ReportIntake>();
            foreach (var file in files)
            {
                byte[] bytes;
                try
                {
                    bytes = CommonOptions.ReadInput(file);
                }
                catch (Exception e) when (CommonOptions.IsUnreadable(e))
                {
                    errors++;
                    await Console.Error.WriteLineAsync($"{file.Name}: unreadable: {e.Message}");
                    continue;
                }

                var message = await intake.SubmitAsync(bytes, file.Name, sourceUrl, hints, callbackUrl, cancellationToken);
                submitted.Add((file.Name, message.IngestionId));
                Console.WriteLine($"submitted {file.Name} {message.IngestionId} {message.RawSha256}");
            }

            var downloader = scope.ServiceProvider.GetRequiredService<UrlDownloader>();
            foreach (var url in urls)
            {
                try
                {
                    var download = await downloader.DownloadAsync(url, cancellationToken);
                    var message = await intake.SubmitAsync(download.Content, download.FileName, url.AbsoluteUri, hints, callbackUrl, cancellationToken);
                    submitted.Add((download.FileName, message.IngestionId));
                    Console.WriteLine($"submitted {url} {message.IngestionId} {message.RawSha256}");
                }
                catch (UrlDownloaderException e)
                {
                    errors++;
                    await Console.Error.WriteLineAsync($"{url}: {e.Failure}: {e.Message}");
                }
            }
        }

        var exit = errors == 0 ? 0 : 1;
        if (wait)
        {
            exit = Math.Max(exit, await WaitAndSummarizeAsync(reportStore, submitted, prefix, timeout, allowRejections, cancellationToken));
        }

        await host.StopAsync(CancellationToken.None);
        return exit;
    }

    /// <summary>
    /// Waits (<see cref="OutcomeWaiter"/>) for every ingestion's outcome, then prints one row per file; an ingestion
    /// without an outcome is listed with where it is stuck and what to check.
    /// </summary>
    private static async Task<int> WaitAndSummarizeAsync(
        IReportStore store, List<(string Name, Guid IngestionId)> submitted, string? queuePrefix, TimeSpan timeout, bool allowRejections, CancellationToken cancellationToken)
    {
        var seen = await OutcomeWaiter.WaitAsync(store, submitted.Select(s => s.IngestionId).ToList(), timeout, cancellationToken: cancellationToken);
        var records = seen.Where(p => p.Value is { } r && OutcomeWaiter.IsFinal(r.Status)).ToDictionary(p => p.Key, p => p.Value!);
        var now = DateTimeOffset.UtcNow;
        var stuck = new List<string>();

        var table = new Table().Border(TableBorder.Rounded).AddColumns("File", "Ingestion", "Report", "Year", "Template", "Version", "Findings", "Outcome");
        int created = 0, unchanged = 0, rejected = 0, failed = 0;
        foreach (var (name, id) in submitted)
        {
            var file = Markup.Escape(name);
            if (!records.TryGetValue(id, out var record))
            {
                failed++;
                var why = OutcomeWaiter.DescribeStuck(seen.GetValueOrDefault(id), queuePrefix, now);
                stuck.Add($"{name} {id}: {why}");
                table.AddRow(file, $"{id}", "", "", "", "", "", $"[red]timed out[/] {Markup.Escape(why)}");
                continue;
            }

            switch (record.Status)
            {
                case IngestionStatus.VersionCreated or IngestionStatus.Unchanged:
                    var head = record.ReportKey is null ? null : await store.GetHeadAsync(record.ReportKey, cancellationToken);
                    var isNew = record.Status == IngestionStatus.VersionCreated;
                    if (isNew)
                    {
                        created++;
                    }
                    else
                    {
                        unchanged++;
                    }

                    table.AddRow(
                        file, $"{id}", Markup.Escape(record.ReportKey ?? ""), $"{head?.Year}", head?.TemplateVersion ?? "",
                        record.Version?.ToString(CultureInfo.InvariantCulture) ?? "", $"{head?.FindingCount}",
                        isNew ? (record.Version == 1 ? "[green]new report[/]" : "[green]new version[/]") : "unchanged");
                    break;
                case IngestionStatus.Rejected:
                    rejected++;
                    table.AddRow(file, $"{id}", "", "", "", "", "", $"[yellow]rejected[/] {Markup.Escape($"{record.ReasonCode}: {record.Reason}")}");
                    break;
                default:
                    failed++;
                    table.AddRow(file, $"{id}", "", "", "", "", "", $"[red]failed[/] at {Markup.Escape(record.Stage ?? "?")}: {Markup.Escape(record.Reason ?? "")}");
                    break;
            }
        }

        AnsiConsole.Write(table);
        foreach (var line in stuck)
        {
            await Console.Error.WriteLineAsync($"no outcome within {timeout.TotalSeconds:0} s without progress: {line}");
        }

        AnsiConsole.MarkupLine($"{submitted.Count} files: [green]{created} new versions[/], {unchanged} unchanged, [yellow]{rejected} rejected[/], [red]{failed} failed[/].");
        return failed == 0 && (rejected == 0 || allowRejections) ? 0 : 1;
    }
}

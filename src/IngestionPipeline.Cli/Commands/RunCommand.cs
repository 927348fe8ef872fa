using System.CommandLine;
using IngestionPipeline.Cli.Hosting;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>run &lt;file|dir&gt;... [--data DIR]</c>: the main job on the embedded default. Every file goes through
/// the stage consumers on the in-memory bus into the SQLite store; a progress bar while it runs, a summary table after.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("files-or-directories") { Description = "Report files or directories of them.", Arity = ArgumentArity.OneOrMore };
        var data = CommonOptions.Data();
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the last outcome.", DefaultValueFactory = _ => 600 };
        var inProcess = new Option<bool>("--in-process") { Description = "Extract in this process instead of sandboxed child processes (trusted files only)." };
        var include = FileSelection.IncludeOption();
        var exclude = FileSelection.ExcludeOption();
        var allowRejections = CommonOptions.AllowRejections();
        var command = new Command("run", "Ingest files through the whole pipeline into the embedded store.") { inputs, data, timeout, inProcess, include, exclude, allowRejections };
        command.SetAction((result, ct) => RunAsync(
            result.GetValue(inputs)!, result.GetValue(data)!, TimeSpan.FromSeconds(result.GetValue(timeout)), result.GetValue(inProcess),
            FileSelection.From(result.GetValue(include), result.GetValue(exclude)), result.GetValue(allowRejections), ct));
        return command;
    }

    private static async Task<int> RunAsync(
        string[] inputs, string dataDirectory, TimeSpan timeout, bool inProcess, FileSelection selection, bool allowRejections, CancellationToken cancellationToken)
    {
        IReadOnlyList<FileInfo> files;
        try
        {
            files = CommonOptions.ExpandInputs(inputs, selection);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }

        if (Console.IsOutputRedirected && AnsiConsole.Profile.Width < 160)
        {
            // Logs and CI capture: Spectre assumes 80 columns there, which wraps every cell of the summary.
            AnsiConsole.Profile.Width = 160;
        }

        using var host = EmbeddedHost.Build(dataDirectory, inProcess);
        try
        {
            await StartupChecks.EnsureAsync(host.Services, cancellationToken: cancellationToken);
        }
        catch (StartupProblemException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return StartupProblemException.ExitCode;
        }

        var store = await EmbeddedHost.OpenStoreAsync(host.Services, cancellationToken);
        await host.StartAsync(cancellationToken);
        var tracker = host.Services.GetRequiredService<IngestionTracker>();

        var rows = new List<(FileInfo File, Guid IngestionId, Task<IngestionOutcome> Outcome)>();
        var unreadable = new List<(FileInfo File, string Reason)>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);

        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var submitted = progress.AddTask("Submitting", maxValue: Math.Max(1, files.Count));
                var done = progress.AddTask("Ingesting", maxValue: Math.Max(1, files.Count));
                tracker.Completed += _ => done.Increment(1);
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
                            // Reported in the summary; the batch goes on.
                            unreadable.Add((file, e.Message));
                            submitted.Increment(1);
                            done.Increment(1);
                            continue;
                        }

                        var message = await intake.SubmitAsync(bytes, file.Name, sourceUrl: null, hints: null, cancellationToken);
                        rows.Add((file, message.IngestionId, tracker.WaitAsync(message.IngestionId, deadline.Token)));
                        submitted.Increment(1);
                    }
                }

                try
                {
                    await Task.WhenAll(rows.Select(r => r.Outcome));
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Timed out: the summary lists what did not finish.
                }
            });

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("File", "Report", "Year", "Template", "Version", "Findings", "Outcome");
        int created = 0, unchanged = 0, rejected = 0, failed = 0;
        foreach (var (file, ingestionId, outcomeTask) in rows)
        {
            if (!outcomeTask.IsCompletedSuccessfully)
            {
                failed++;
                table.AddRow(Markup.Escape(file.Name), "", "", "", "", "", $"[red]timed out[/] ({ingestionId})");
                continue;
            }

            var outcome = outcomeTask.Result;
            switch (outcome.Kind)
            {
                case IngestionOutcomeKind.VersionCreated:
                    created++;
                    table.AddRow(Markup.Escape(file.Name), Markup.Escape(outcome.ReportKey ?? ""), $"{outcome.Year}", outcome.TemplateVersion ?? "", $"{outcome.Version}", $"{outcome.FindingCount}", outcome.Version == 1 ? "[green]new report[/]" : $"[green]new version[/] ({outcome.ChangedCellCount} cells changed)");
                    break;
                case IngestionOutcomeKind.Unchanged:
                    unchanged++;
                    var head = await store.GetHeadAsync(outcome.ReportKey!, cancellationToken);
                    table.AddRow(Markup.Escape(file.Name), Markup.Escape(outcome.ReportKey ?? ""), $"{head?.Year}", head?.TemplateVersion ?? "", $"{outcome.Version}", $"{head?.FindingCount}", "unchanged");
                    break;
                case IngestionOutcomeKind.Rejected:
                    rejected++;
                    table.AddRow(Markup.Escape(file.Name), "", "", "", "", "", $"[yellow]rejected[/] {Markup.Escape($"{outcome.ReasonCode}: {outcome.Reason}")}");
                    break;
                default:
                    failed++;
                    table.AddRow(Markup.Escape(file.Name), "", "", "", "", "", $"[red]failed[/] {Markup.Escape(outcome.Reason ?? "")}");
                    break;
            }
        }

        foreach (var (file, reason) in unreadable)
        {
            failed++;
            table.AddRow(Markup.Escape(file.Name), "", "", "", "", "", $"[red]unreadable[/] {Markup.Escape(reason)}");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{files.Count} files: [green]{created} new versions[/], {unchanged} unchanged, [yellow]{rejected} rejected[/], [red]{failed} failed[/]. Store: {Markup.Escape(Path.GetFullPath(dataDirectory))}");
        await host.StopAsync(CancellationToken.None);
        return failed == 0 && (rejected == 0 || allowRejections) ? 0 : 1;
    }
}

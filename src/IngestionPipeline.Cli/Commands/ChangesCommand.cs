using System.CommandLine;
using IngestionPipeline.Cli.Hosting;
using IngestionPipeline.Core.Storage;
using Spectre.Console;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>changes [--after CURSOR] [--limit N] [--year Y] [--region R] [--organization O] [--data DIR] [--json]</c>: one page
/// of the changes feed (every final outcome in commit order), and the cursor to continue from, as <c>GET /changes</c>.
/// </summary>
internal static class ChangesCommand
{
    public static Command Create()
    {
        var after = new Option<string?>("--after") { Description = "Continue after this cursor (printed by the previous page); from the start without it." };
        var limit = new Option<int>("--limit")
        {
            Description = $"Entries per page (1 to {ChangeQuery.MaxLimit}).",
            DefaultValueFactory = _ => ChangeQuery.DefaultLimit,
            Validators = { r => { if (r.GetValueOrDefault<int>() is < 1 or > ChangeQuery.MaxLimit) { r.AddError($"--limit must be from 1 to {ChangeQuery.MaxLimit}."); } } },
        };
        var year = new Option<int?>("--year") { Description = "Only outcomes of reports of this year." };
        var region = new Option<string?>("--region") { Description = "Only outcomes of reports whose region or key contains this." };
        var organization = new Option<string?>("--organization") { Description = "Only outcomes of reports whose organization contains this." };
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();
        var command = new Command("changes", "List final outcomes (version created, unchanged, rejected) in commit order: the catch-up feed.")
        {
            after, limit, year, region, organization, data, json,
        };
        command.SetAction(async (result, ct) =>
        {
            var cursor = result.GetValue(after);
            if (!ChangeCursor.TryParse(cursor, out var sequence))
            {
                await Console.Error.WriteLineAsync($"--after is not a cursor of the changes feed: '{cursor}'.");
                return 2;
            }

            if (await StoreAccess.OpenExistingAsync(result.GetValue(data)!, ct) is not var (services, store))
            {
                return 1;
            }

            await using var _ = services;
            if (store is not IChangeFeed feed)
            {
                await Console.Error.WriteLineAsync("This store keeps no changes feed.");
                return 1;
            }

            var pageSize = result.GetValue(limit);
            var entries = await feed.ReadChangesAsync(new ChangeQuery
            {
                AfterSequence = sequence,
                Limit = pageSize + 1,
                Year = result.GetValue(year),
                Region = result.GetValue(region),
                Organization = result.GetValue(organization),
            }, ct);
            var hasMore = entries.Count > pageSize;
            var page = entries.Take(pageSize).ToList();
            var next = ChangeCursor.Format(page.Count > 0 ? page[^1].Sequence : sequence);
            if (result.GetValue(json))
            {
                JsonOutput.Write(new
                {
                    changes = page.Select(e => new
                    {
                        cursor = ChangeCursor.Format(e.Sequence),
                        ingestionId = e.IngestionId,
                        outcome = e.Outcome.ToString(),
                        at = e.At,
                        rawSha256 = e.RawSha256,
                        fileName = e.FileName,
                        stage = e.Stage,
                        reportKey = e.ReportKey,
                        version = e.Version,
                        previousVersion = e.PreviousVersion,
                        organization = e.Organization,
                        region = e.Region,
                        year = e.Year,
                        reasonCode = e.ReasonCode,
                        reason = e.Reason,
                        changes = e.Changes,
                    }),
                    next,
                    hasMore,
                });
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("At", "Outcome", "Report", "Version", "Changed cells / reason", "File");
            foreach (var e in page)
            {
                table.AddRow(
                    e.At.ToString("u"),
                    e.Outcome.ToString(),
                    Markup.Escape(e.ReportKey ?? ""),
                    e.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    Markup.Escape(e.Outcome == IngestionStatus.Rejected ? $"{e.ReasonCode}: {e.Reason}" : e.Changes is null ? "" : $"{e.Changes.Count}"),
                    Markup.Escape(e.FileName));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{page.Count} outcomes; {(hasMore ? "more follow" : "up to date")}. Next: --after {next}");
            return 0;
        });
        return command;
    }
}

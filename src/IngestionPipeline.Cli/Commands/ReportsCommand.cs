using System.CommandLine;
using IngestionPipeline.Cli.Hosting;
using Spectre.Console;

namespace IngestionPipeline.Cli.Commands;

/// <summary><c>reports [--data DIR] [--json]</c>: one row per stored report.</summary>
internal static class ReportsCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();
        var command = new Command("reports", "List stored reports.") { data, json };
        command.SetAction(async (result, ct) =>
        {
            if (await StoreAccess.OpenExistingAsync(result.GetValue(data)!, ct) is not var (services, store))
            {
                return 1;
            }

            await using var _ = services;
            var heads = await store.ListHeadsAsync(ct);
            if (result.GetValue(json))
            {
                JsonOutput.Write(heads.Select(h => new
                {
                    reportKey = h.ReportKey,
                    organization = h.Organization,
                    year = h.Year,
                    templateVersion = h.TemplateVersion,
                    currentVersion = h.CurrentVersion,
                }));
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("Report", "Organization", "Region", "Year", "Template", "Version", "Findings", "Updated");
            foreach (var h in heads)
            {
                table.AddRow(
                    Markup.Escape(h.ReportKey),
                    Markup.Escape(h.Organization),
                    Markup.Escape(h.Region ?? ""),
                    $"{h.Year}",
                    h.TemplateVersion,
                    $"{h.CurrentVersion}",
                    $"{h.FindingCount}",
                    h.UpdatedAt.ToString("u"));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{heads.Count} reports");
            return 0;
        });
        return command;
    }
}

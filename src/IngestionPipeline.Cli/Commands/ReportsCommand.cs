using System.CommandLine;
using System.Globalization;
using IngestionPipeline.Cli.Hosting;
using IngestionPipeline.Core.Storage;
using Spectre.Console;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>reports [--year --region --organization --template --findings] [--limit N] [--after KEY] [--data DIR] [--json]</c>:
/// one row per stored report, with the filters and paging of <c>GET /reports</c>.
/// </summary>
internal static class ReportsCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();
        var filters = new AnalysisOptions();
        var limit = new Option<int>("--limit")
        {
            Description = $"At most this many reports (1 to {ReportQuery.MaxLimit}).",
            DefaultValueFactory = _ => ReportQuery.MaxLimit,
        };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > ReportQuery.MaxLimit)
            {
                r.AddError($"--limit must be from 1 to {ReportQuery.MaxLimit}.");
            }
        });
        var after = new Option<string?>("--after") { Description = "Only report keys after this one (the next page)." };
        var command = new Command("reports", "List stored reports.") { data, json, limit, after };
        foreach (var option in filters.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, ct) =>
        {
            if (await StoreAccess.OpenExistingAsync(result.GetValue(data)!, ct) is not var (services, store))
            {
                return 1;
            }

            await using var _ = services;
            var pageSize = result.GetValue(limit);
            var heads = await store.QueryHeadsAsync(filters.Query(result, pageSize, result.GetValue(after)), ct);
            if (result.GetValue(json))
            {
                JsonOutput.Write(heads.Select(h => new
                {
                    reportKey = h.ReportKey,
                    organization = h.Organization,
                    region = h.Region,
                    year = h.Year,
                    templateVersion = h.TemplateVersion,
                    currentVersion = h.CurrentVersion,
                    findingCount = h.FindingCount,
                    updatedAt = h.UpdatedAt,
                }));
                return 0;
            }

            // The report key never wraps (it is copied into other commands); the organization and region give way first.
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Report", "Organization", "Region", "Year", "Template", "Ver.", "Findings", "Updated");
            table.Columns[0].NoWrap();
            table.Columns[3].NoWrap();

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
                    h.UpdatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(heads.Count == pageSize
                ? $"{heads.Count} reports; more with --after {Markup.Escape(heads[^1].ReportKey)}"
                : $"{heads.Count} reports");
            return 0;
        });
        return command;
    }
}

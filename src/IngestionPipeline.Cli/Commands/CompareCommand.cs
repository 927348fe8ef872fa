using System.CommandLine;
using System.Globalization;
using IngestionPipeline.Cli.Hosting;
using IngestionPipeline.Components.Export;
using IngestionPipeline.Core.Comparison;
using IngestionPipeline.Core.Export;
using IngestionPipeline.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>compare years --organization NAME --from YYYY --to YYYY</c> and <c>compare agencies --year YYYY --cell PATH
/// [--region R]</c>: the comparisons of the API, as a table, JSON (<c>--json</c>) or CSV (<c>--csv FILE</c>).
/// </summary>
internal static class CompareCommand
{
    public static Command Create() => new("compare", "Compare one agency across years, or many agencies in one year.")
    {
        Years(),
        Agencies(),
    };

    private static Command Years()
    {
        var organization = new Option<string>("--organization") { Description = "The agency: its printed or normalized name, exactly.", Required = true };
        var from = new Option<int>("--from") { Description = "Year A.", Required = true };
        var to = new Option<int>("--to") { Description = "Year B.", Required = true };
        var (data, json, csv) = (CommonOptions.Data(), CommonOptions.Json(), Csv());
        var command = new Command("years", "Every cell of year A beside year B, the carried-over checks and the largest changes.") { organization, from, to, data, json, csv };
        command.SetAction(async (result, ct) =>
        {
            if (await OpenAsync(result.GetValue(data)!, ct) is not var (services, source))
            {
                return 1;
            }

            await using var _ = services;
            var name = result.GetValue(organization)!;
            var comparison = await ReportAnalysis.CompareYearsAsync(source, name, result.GetValue(from), result.GetValue(to), ct);
            if (comparison.Years.Count == 0)
            {
                await Console.Error.WriteLineAsync($"No report of '{name}' between {result.GetValue(from)} and {result.GetValue(to)}.");
                return 2;
            }

            if (result.GetValue(csv) is { } file)
            {
                await using var stream = file.Create();
                await ReportAnalysis.WriteYearComparisonCsvAsync(comparison, stream, ct);
                return 0;
            }

            if (result.GetValue(json))
            {
                JsonOutput.Write(comparison);
                return 0;
            }

            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(comparison.Organization)}[/]: {comparison.From} ({Markup.Escape(comparison.FromReportKey ?? "no report")}) vs {comparison.To} ({Markup.Escape(comparison.ToReportKey ?? "no report")})");
            var cells = new Table().Border(TableBorder.Rounded).AddColumns("Table", "Row", "Column", $"{comparison.From}", $"{comparison.To}", "Change");
            foreach (var c in comparison.Cells)
            {
                cells.AddRow(c.Table, Markup.Escape(c.Row), Markup.Escape(c.Column), Format(c.From), Format(c.To), Format(c.Change));
            }

            AnsiConsole.Write(cells);
            var largest = new Table().Border(TableBorder.Rounded).Title("Largest changes").AddColumns("Cell", "Change");
            foreach (var c in comparison.LargestChanges)
            {
                largest.AddRow(Markup.Escape(c.Label), Format(c.Change));
            }

            AnsiConsole.Write(largest);
            var checks = new Table().Border(TableBorder.Rounded).Title("Carried-over checks").AddColumns("Years", "Rule", "Status", "Message");
            foreach (var c in comparison.Checks)
            {
                checks.AddRow($"{c.PreviousYear}→{c.Year}", Markup.Escape(c.RuleId), c.Status, Markup.Escape(c.Message ?? ""));
            }

            AnsiConsole.Write(checks);
            return 0;
        });
        return command;
    }

    private static Command Agencies()
    {
        var year = new Option<int>("--year") { Description = "The year.", Required = true };
        var cell = new Option<string>("--cell")
        {
            Description = "The cell path to rank by.",
            DefaultValueFactory = _ => ReportExportProjection.KeyPaths.NewReceived,
        };
        cell.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } path && !ReportComparisons.IsCellPath(path))
            {
                r.AddError($"'{path}' is not a cell path of either template (e.g. {ReportExportProjection.KeyPaths.NewReceived}).");
            }
        });
        var region = new Option<string?>("--region") { Description = "Only agencies whose region or report key contains this text." };
        var (data, json, csv) = (CommonOptions.Data(), CommonOptions.Json(), Csv());
        var command = new Command("agencies", "Rank the agencies of one year by one cell.") { year, cell, region, data, json, csv };
        command.SetAction(async (result, ct) =>
        {
            if (await OpenAsync(result.GetValue(data)!, ct) is not var (services, source))
            {
                return 1;
            }

            await using var _ = services;
            var ranking = await ReportAnalysis.RankAgenciesAsync(source, result.GetValue(year), result.GetValue(cell)!, result.GetValue(region), ct);
            if (result.GetValue(csv) is { } file)
            {
                await using var stream = file.Create();
                await ReportAnalysis.WriteRankingCsvAsync(ranking, stream, ct);
                return 0;
            }

            if (result.GetValue(json))
            {
                JsonOutput.Write(ranking);
                return 0;
            }

            AnsiConsole.MarkupLine($"{ranking.Year}: [bold]{Markup.Escape(ranking.Label)}[/] ({Markup.Escape(ranking.Cell)})");
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Rank", "Report", "Organization", "Region", "Value");
            table.Columns[1].NoWrap();
            foreach (var r in ranking.Ranking)
            {
                table.AddRow(r.Rank?.ToString(CultureInfo.InvariantCulture) ?? "–", Markup.Escape(r.ReportKey), Markup.Escape(r.Organization), Markup.Escape(r.Region ?? ""), r.Value is null ? r.Semantic : Format(r.Value));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Option<FileInfo?> Csv() => new("--csv") { Description = "Write the result as CSV (UTF-8 with BOM) to this file." };

    private static string Format(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "–";

    private static async Task<(ServiceProvider Services, IReportExportSource Source)?> OpenAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        if (await StoreAccess.OpenExistingAsync(dataDirectory, cancellationToken) is not var (services, store))
        {
            return null;
        }

        if (store is IReportExportSource source)
        {
            return (services, source);
        }

        await services.DisposeAsync();
        await Console.Error.WriteLineAsync("This store cannot stream reports.");
        return null;
    }
}

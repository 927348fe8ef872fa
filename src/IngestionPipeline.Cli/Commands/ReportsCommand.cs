using System.CommandLine;
using System.Text.Json;
using IngestionPipeline.Cli.Hosting;
using IngestionPipeline.Core.Storage;
using Spectre.Console;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>reports [--data DIR] [--json] [--limit N] [--organization T] [--region T] [--year Y] [--template T]
/// [--has-findings true|false] [--after KEY]</c>: one row per stored report, in report-key order. Rows are streamed
/// a page at a time (keyset pagination in the store), so memory and time to the first row do not grow with the store.
/// </summary>
internal static class ReportsCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();
        var limit = new Option<int?>("--limit") { Description = "At most this many reports (default: all)." };
        var organization = new Option<string?>("--organization") { Description = "Only reports whose printed or normalized organization contains this text." };
        var region = new Option<string?>("--region") { Description = "Only reports whose region or report key contains this text." };
        var year = new Option<int?>("--year") { Description = "Only reports of this year." };
        var template = new Option<string?>("--template") { Description = "Only reports of this template (gb2019 or gb2021)." };
        template.AcceptOnlyFromAmong("gb2019", "gb2021");
        var hasFindings = new Option<bool?>("--has-findings") { Description = "true: only reports with findings; false: only reports without." };
        var after = new Option<string?>("--after") { Description = "Start after this report key (the last key of a previous listing)." };
        var command = new Command("reports", "List stored reports.") { data, json, limit, organization, region, year, template, hasFindings, after };
        command.Validators.Add(result =>
        {
            if (result.GetValue(limit) is < 0)
            {
                result.AddError("--limit must not be negative.");
            }
        });
        command.SetAction(async (result, ct) =>
        {
            if (await StoreAccess.OpenExistingAsync(result.GetValue(data)!, ct) is not var (services, store))
            {
                return 1;
            }

            await using var _ = services;
            var query = new ReportQuery
            {
                Organization = result.GetValue(organization),
                Region = result.GetValue(region),
                Year = result.GetValue(year),
                TemplateVersion = result.GetValue(template),
                HasFindings = result.GetValue(hasFindings),
                AfterKey = result.GetValue(after),
            };
            var heads = store.StreamHeadsAsync(query, result.GetValue(limit), ct);
            if (result.GetValue(json))
            {
                await WriteJsonAsync(heads, ct);
                return 0;
            }

            var count = 0;
            var table = NewTable();
            await foreach (var h in heads)
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
                if (++count % ReportHeadStreaming.PageSize == 0)
                {
                    // One table per page: rows appear as they are read, never all held at once.
                    AnsiConsole.Write(table);
                    table = NewTable();
                }
            }

            if (table.Rows.Count > 0)
            {
                AnsiConsole.Write(table);
            }

            AnsiConsole.MarkupLine($"{count} reports");
            return 0;
        });
        return command;
    }

    private static Table NewTable() =>
        new Table().Border(TableBorder.Rounded).AddColumns("Report", "Organization", "Region", "Year", "Template", "Version", "Findings", "Updated");

    /// <summary>A JSON array written element by element as the heads arrive.</summary>
    private static async Task WriteJsonAsync(IAsyncEnumerable<ReportHead> heads, CancellationToken cancellationToken)
    {
        var stdout = Console.OpenStandardOutput();
        await using var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = JsonOutput.Options.Encoder });
        writer.WriteStartArray();
        var written = 0;
        await foreach (var h in heads.WithCancellation(cancellationToken))
        {
            writer.WriteStartObject();
            writer.WriteString("reportKey", h.ReportKey);
            writer.WriteString("organization", h.Organization);
            writer.WriteNumber("year", h.Year);
            writer.WriteString("templateVersion", h.TemplateVersion);
            writer.WriteNumber("currentVersion", h.CurrentVersion);
            writer.WriteEndObject();
            if (++written % ReportHeadStreaming.PageSize == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken);
        await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await stdout.FlushAsync(cancellationToken);
    }
}

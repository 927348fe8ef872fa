using System.CommandLine;
using System.Globalization;
using IngestionPipeline.Cli.Hosting;
using IngestionPipeline.Core.Storage;
using Spectre.Console;

namespace IngestionPipeline.Cli.Commands;

/// <summary><c>versions &lt;reportKey&gt; [--data DIR] [--json]</c>: the version history with the cells each version changed.</summary>
internal static class VersionsCommand
{
    public static Command Create()
    {
        var key = new Argument<string>("reportKey") { Description = "The report key (see `reports`)." };
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();
        var command = new Command("versions", "Show a report's version history.") { key, data, json };
        command.SetAction(async (result, ct) =>
        {
            if (await StoreAccess.OpenExistingAsync(result.GetValue(data)!, ct) is not var (services, store))
            {
                return 1;
            }

            await using var _ = services;
            var reportKey = result.GetValue(key)!;
            var versions = await store.ListVersionsAsync(reportKey, ct);
            if (versions.Count == 0)
            {
                await Console.Error.WriteLineAsync($"No report {reportKey}.");
                return 2;
            }

            if (result.GetValue(json))
            {
                JsonOutput.Write(versions.Select(v => new
                {
                    version = v.Version,
                    previousVersion = v.PreviousVersion,
                    createdAt = v.CreatedAt,
                    ingestionId = v.IngestionId,
                    sourceSha256 = v.SourceSha256,
                    sourceFileName = v.SourceFileName,
                    fingerprint = v.Fingerprint,
                    parserVersion = v.ParserVersion,
                    reason = v.Reason?.ToWire(),
                    mediaType = v.MediaType,
                    findingCount = v.FindingCount,
                    changes = v.Changes,
                }));
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("Version", "Created", "Source file", "Findings", "Changed cells");
            foreach (var v in versions)
            {
                table.AddRow(
                    $"{v.Version}",
                    v.CreatedAt.ToString("u", CultureInfo.InvariantCulture),
                    Markup.Escape(v.SourceFileName ?? v.SourceSha256[..12]),
                    $"{v.FindingCount}",
                    Markup.Escape(DescribeChanges(v)));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static string DescribeChanges(ReportVersionRecord version)
    {
        if (version.PreviousVersion is null)
        {
            return "first version";
        }

        if (version.Changes.Count == 0)
        {
            return "findings or metadata only";
        }

        var lines = version.Changes.Take(20).Select(c => $"{c.Path}: {Show(c.OldSemantic, c.OldValue, c.OldRaw)} → {Show(c.NewSemantic, c.NewValue, c.NewRaw)}");
        var more = version.Changes.Count > 20 ? $"\n… and {version.Changes.Count - 20} more" : "";
        return string.Join('\n', lines) + more;
    }

    private static string Show(string? semantic, decimal? value, string? raw) =>
        semantic is null ? "∅" : value is { } v ? v.ToString(CultureInfo.InvariantCulture) : $"{semantic}{(raw is null ? "" : $" '{raw}'")}";
}

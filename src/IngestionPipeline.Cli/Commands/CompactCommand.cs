using System.CommandLine;
using System.Globalization;
using IngestionPipeline.Cli.Hosting;
using IngestionPipeline.Core.Storage;
using Spectre.Console;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>compact [--data DIR] [--succeeded-after AGE] [--failed-after AGE]</c>: optionally purges artifacts by age and
/// outcome first (as the workers' retention does), then rewrites the SQLite file without its free pages (VACUUM) and
/// prints the size before and after, and per stored report.
/// </summary>
internal static class CompactCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var succeededAfter = new Option<TimeSpan?>("--succeeded-after")
        {
            Description = "First delete the artifacts of succeeded ingestions older than this (e.g. 1.00:00:00 for a day; 0 for all).",
        };
        var failedAfter = new Option<TimeSpan?>("--failed-after")
        {
            Description = "First delete every other artifact older than this (rejected, failed, unfinished ingestions).",
        };
        var command = new Command("compact", "Purge old artifacts (optional) and give the free space of the store file back (SQLite VACUUM).")
        {
            data, succeededAfter, failedAfter,
        };
        command.SetAction(async (result, ct) =>
        {
            if (await StoreAccess.OpenExistingAsync(result.GetValue(data)!, ct) is not var (services, store))
            {
                return 1;
            }

            await using var _ = services;
            if (store is not ICompactableStore compactable)
            {
                AnsiConsole.MarkupLine($"[red]The store {Markup.Escape(store.GetType().Name)} cannot be compacted (only the embedded SQLite store can).[/]");
                return 1;
            }

            var succeeded = result.GetValue(succeededAfter);
            var failed = result.GetValue(failedAfter);
            if (succeeded is not null || failed is not null)
            {
                if (store is not IArtifactRetentionStore retention)
                {
                    AnsiConsole.MarkupLine("[red]This store cannot purge artifacts by outcome.[/]");
                    return 1;
                }

                var now = DateTimeOffset.UtcNow;
                // An age given for one outcome only: the other keeps everything younger than the larger age.
                var othersAge = failed ?? TimeSpan.MaxValue / 2;
                var succeededAge = succeeded ?? othersAge;
                var deleted = await retention.PurgeArtifactsAsync(Before(now, succeededAge), Before(now, othersAge), ct);
                AnsiConsole.MarkupLine($"purged {deleted} artifacts");
            }

            var compaction = await compactable.CompactAsync(ct);
            var reports = store is IReportQueryStore queries ? await queries.CountHeadsAsync(new ReportQuery(), ct) : 0;
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"store {Mib(compaction.BytesBefore)} MiB -> {Mib(compaction.BytesAfter)} MiB in {compaction.Elapsed.TotalSeconds:F1} s")
                + (reports > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {reports} reports, {compaction.BytesAfter / 1024.0 / reports:F1} KiB per report") : ""));
            return 0;
        });
        return command;
    }

    private static DateTimeOffset Before(DateTimeOffset now, TimeSpan age) =>
        age >= now - DateTimeOffset.MinValue ? DateTimeOffset.MinValue : now - age;

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);
}

using System.CommandLine;
using IngestionPipeline.Cli.Hosting;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Core.Versioning;
using IngestionPipeline.Infrastructure.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>migrate-keys [--data DIR | --mongo URI] [--dry-run]</c>: the one-off move of reports stored under keys that a
/// crawler's hints used to shape (<c>2021-山东省临沂市兰陵县卫生健康局</c>, <c>2021-site-42</c>) to the key the document
/// gives (<see cref="ReportIdentity.KeyFor"/>). A report whose new key is taken by another report is listed and left
/// alone: two histories of one agency-year are for an operator to judge. Run it with the pipeline stopped.
/// </summary>
internal static class MigrateKeysCommand
{
    public static Command Create()
    {
        var data = DistributedOptions.Data();
        var mongo = DistributedOptions.Mongo();
        var dryRun = new Option<bool>("--dry-run") { Description = "List the reports whose key would change and stop." };
        var command = new Command("migrate-keys", "Move reports to the key their document gives (one-off, after hints stopped shaping report keys).") { data, mongo, dryRun };
        command.SetAction(async (result, ct) =>
        {
            if (DistributedOptions.ResolveStore(result.GetValue(data), result.GetValue(mongo)) is not { } choice)
            {
                return 2;
            }

            await using var services = choice.Register(new ServiceCollection().AddLogging()).BuildServiceProvider();
            var store = services.GetRequiredService<IReportStore>();
            await store.InitializeAsync(ct);
            if (store is not IReportKeyMigration migration)
            {
                await Console.Error.WriteLineAsync($"{store.GetType().Name} cannot rename reports.");
                return 1;
            }

            int renamed = 0, conflicts = 0, unchanged = 0;
            foreach (var head in await store.ListHeadsAsync(ct))
            {
                var version = await store.GetVersionAsync(head.ReportKey, null, ct);
                if (version is null)
                {
                    continue;
                }

                var key = ReportIdentity.KeyFor(ReportJson.Deserialize(version.DocumentJson).Meta);
                if (key == head.ReportKey)
                {
                    unchanged++;
                    continue;
                }

                var outcome = result.GetValue(dryRun) ? (KeyMigrationOutcome?)null : await migration.RenameReportAsync(head.ReportKey, key, ct);
                switch (outcome)
                {
                    case null:
                        Console.WriteLine($"{head.ReportKey} -> {key}");
                        renamed++;
                        break;
                    case KeyMigrationOutcome.Renamed:
                        Console.WriteLine($"{head.ReportKey} -> {key}: renamed");
                        renamed++;
                        break;
                    case KeyMigrationOutcome.TargetExists:
                        Console.WriteLine($"{head.ReportKey} -> {key}: left alone, {key} is another stored report");
                        conflicts++;
                        break;
                    default:
                        break; // renamed by someone else meanwhile
                }
            }

            Console.WriteLine($"{renamed} {(result.GetValue(dryRun) ? "to rename" : "renamed")}, {conflicts} left alone (key taken), {unchanged} already right.");
            return conflicts == 0 ? 0 : 1;
        });
        return command;
    }
}

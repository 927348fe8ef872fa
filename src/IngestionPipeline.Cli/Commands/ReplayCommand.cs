using System.CommandLine;
using System.Globalization;
using IngestionPipeline.Cli.Hosting;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>replay --to-queue Q [--since T] [--after CURSOR] [--year Y] [--region R] [--organization O] [--rabbitmq URI] [--data DIR]</c>:
/// republishes the stored history as events to one subscriber's queue (<see cref="HistoryReplay"/>).
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var toQueue = new Option<string>("--to-queue") { Description = "The subscriber's queue (it must exist); no other queue receives anything.", Required = true };
        var since = new Option<string?>("--since") { Description = "Only outcomes written at or after this ISO-8601 instant (e.g. 2025-06-01T00:00:00Z)." };
        var after = new Option<string?>("--after") { Description = "Only outcomes after this changes-feed cursor." };
        var year = new Option<int?>("--year") { Description = "Only outcomes of reports of this year." };
        var region = new Option<string?>("--region") { Description = "Only outcomes of reports whose region or key contains this." };
        var organization = new Option<string?>("--organization") { Description = "Only outcomes of reports whose organization contains this." };
        var rabbitMq = DistributedOptions.RabbitMq();
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();
        var command = new Command("replay", "Republish stored outcomes (ReportVersionCreated, ReportUnchanged, ReportRejected) to one queue, in commit order.")
        {
            toQueue, since, after, year, region, organization, rabbitMq, data, json,
        };
        command.SetAction(async (result, ct) =>
        {
            DateTimeOffset? sinceValue = null;
            if (result.GetValue(since) is { Length: > 0 } sinceText)
            {
                if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"--since must be an ISO-8601 instant, not '{sinceText}'.");
                    return 2;
                }

                sinceValue = parsed;
            }

            if (!ChangeCursor.TryParse(result.GetValue(after), out var sequence))
            {
                await Console.Error.WriteLineAsync($"--after is not a cursor of the changes feed: '{result.GetValue(after)}'.");
                return 2;
            }

            if (!DistributedOptions.TryGetBroker(result.GetValue(rabbitMq)!, out var broker))
            {
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

            ReplayResult replayed;
            try
            {
                await using var replay = await HistoryReplay.ConnectAsync(broker, ct);
                replayed = await replay.ReplayAsync(feed, result.GetValue(toQueue)!, new ChangeQuery
                {
                    AfterSequence = sequence,
                    Since = sinceValue,
                    Year = result.GetValue(year),
                    Region = result.GetValue(region),
                    Organization = result.GetValue(organization),
                }, ct);
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
            catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException)
            {
                await Console.Error.WriteLineAsync($"RabbitMQ at {DistributedOptions.Describe(broker)} is not reachable.");
                return 1;
            }

            if (result.GetValue(json))
            {
                JsonOutput.Write(new { queue = replayed.Queue, versionCreated = replayed.VersionCreated, unchanged = replayed.Unchanged, rejected = replayed.Rejected, total = replayed.Total, next = replayed.Next });
            }
            else
            {
                Console.WriteLine($"Replayed {replayed.Total} events to {replayed.Queue} ({replayed.VersionCreated} ReportVersionCreated, {replayed.Unchanged} ReportUnchanged, {replayed.Rejected} ReportRejected). Next: --after {replayed.Next}");
            }

            return 0;
        });
        return command;
    }
}

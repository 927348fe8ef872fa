using System.CommandLine;
using IngestionPipeline.Cli.Hosting;
using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client.Exceptions;
using Spectre.Console;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>status [--rabbitmq URI] [--data DIR | --mongo URI] [--json]</c>: per stage the queue depth, its consumers and
/// the depth of its <c>_error</c> queue (AMQP passive declares: no management plugin needed), and the recent
/// throughput from the store (ingestions by status in the last minute and hour).
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var rabbitMq = DistributedOptions.RabbitMq();
        var data = DistributedOptions.Data();
        var mongo = DistributedOptions.Mongo();
        var prefix = DistributedOptions.QueuePrefix();
        var json = CommonOptions.Json();
        var command = new Command("status", "Stage queue depths, consumers, error queues and recent throughput.") { rabbitMq, data, mongo, prefix, json };
        command.SetAction(async (result, ct) =>
        {
            if (DistributedOptions.ResolveStore(result.GetValue(data), result.GetValue(mongo)) is not { } store
                || !DistributedOptions.TryGetBroker(result.GetValue(rabbitMq)!, out var broker))
            {
                return 2;
            }

            return await RunAsync(broker, store, result.GetValue(prefix), result.GetValue(json), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(Uri broker, PipelineStore store, string? prefix, bool json, CancellationToken cancellationToken)
    {
        var exit = 0;
        string? brokerError = null;
        var stages = new List<StageStatus>();
        try
        {
            await using var operations = await BrokerOperations.ConnectAsync(broker, cancellationToken);
            foreach (var stage in PipelineOptions.AllStages)
            {
                var queue = await operations.InspectAsync(PipelineQueues.QueueName(stage, prefix), cancellationToken);
                var error = await operations.InspectAsync(PipelineQueues.ErrorQueueName(stage, prefix), cancellationToken);
                stages.Add(new StageStatus(stage, queue, error));
            }
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException or IOException or TimeoutException)
        {
            brokerError = $"Cannot reach RabbitMQ at {DistributedOptions.Describe(broker)}: {e.GetBaseException().Message}";
            exit = 1;
        }

        var now = DateTimeOffset.UtcNow;
        IReadOnlyDictionary<IngestionStatus, int>? lastMinute = null, lastHour = null;
        string? storeNote = null;
        if (store.IsMongo || File.Exists(Path.Combine(store.DataDirectory!, "ingestion.db")))
        {
            await using var services = store.Register(new ServiceCollection().AddLogging()).BuildServiceProvider();
            var reportStore = services.GetRequiredService<IReportStore>();
            await reportStore.InitializeAsync(cancellationToken);
            lastMinute = await reportStore.CountIngestionsByStatusAsync(now.AddMinutes(-1), cancellationToken);
            lastHour = await reportStore.CountIngestionsByStatusAsync(now.AddHours(-1), cancellationToken);
        }
        else
        {
            storeNote = $"No store at {Path.GetFullPath(store.DataDirectory!)}.";
        }

        if (json)
        {
            JsonOutput.Write(new
            {
                broker = DistributedOptions.Describe(broker),
                brokerError,
                queuePrefix = prefix,
                stages = stages.Select(s => new
                {
                    stage = s.Stage,
                    queue = s.Queue.Queue,
                    exists = s.Queue.Exists,
                    messages = s.Queue.Messages,
                    consumers = s.Queue.Consumers,
                    errorQueue = new { name = s.Error.Queue, exists = s.Error.Exists, messages = s.Error.Messages },
                }),
                store = store.ToString(),
                throughput = lastHour is null ? null : new
                {
                    lastMinute = ByStatus(lastMinute!),
                    lastHour = ByStatus(lastHour),
                },
            });
            return exit;
        }

        if (brokerError is not null)
        {
            await Console.Error.WriteLineAsync(brokerError);
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Stage", "Queue", "Messages", "Consumers", "Error queue", "Errors");
            foreach (var s in stages)
            {
                table.AddRow(
                    s.Stage,
                    Markup.Escape(s.Queue.Queue),
                    s.Queue.Exists ? $"{s.Queue.Messages}" : "[grey]absent[/]",
                    s.Queue.Exists ? $"{s.Queue.Consumers}" : "",
                    Markup.Escape(s.Error.Queue),
                    !s.Error.Exists ? "[grey]absent[/]" : s.Error.Messages > 0 ? $"[red]{s.Error.Messages}[/]" : "0");
            }

            AnsiConsole.MarkupLine($"Broker {Markup.Escape(DistributedOptions.Describe(broker))}{(prefix is null ? "" : $", queue prefix {Markup.Escape(prefix)}")}");
            AnsiConsole.Write(table);
        }

        if (lastHour is null)
        {
            AnsiConsole.MarkupLine(Markup.Escape(storeNote ?? ""));
        }
        else
        {
            var throughput = new Table().Border(TableBorder.Rounded).AddColumns("Ingestions by status", "Last minute", "Last hour");
            foreach (var status in Enum.GetValues<IngestionStatus>())
            {
                throughput.AddRow(status.ToString(), $"{lastMinute!.GetValueOrDefault(status)}", $"{lastHour.GetValueOrDefault(status)}");
            }

            AnsiConsole.MarkupLine($"Store {Markup.Escape(store.ToString())}");
            AnsiConsole.Write(throughput);
        }

        return exit;
    }

    private static Dictionary<string, int> ByStatus(IReadOnlyDictionary<IngestionStatus, int> counts) =>
        Enum.GetValues<IngestionStatus>().ToDictionary(s => s.ToString(), s => counts.GetValueOrDefault(s));

    private sealed record StageStatus(string Stage, QueueState Queue, QueueState Error);
}

using System.CommandLine;
using IngestionPipeline.Cli.Hosting;
using IngestionPipeline.Components.Operations;
using RabbitMQ.Client.Exceptions;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>errors list &lt;stage&gt; [--limit N]</c> peeks at the messages in the stage's <c>_error</c> queue without
/// removing them; <c>errors redrive &lt;stage&gt; (--all | --ingestion ID)</c> moves them back to the stage queue
/// (body and headers kept, MassTransit's fault headers removed), acknowledging each only after the broker
/// confirmed its republish.
/// </summary>
internal static class ErrorsCommand
{
    public static Command Create() =>
        new("errors", "Inspect and redrive messages that failed a stage.") { CreateList(), CreateRedrive() };

    private static Command CreateList()
    {
        var stage = DistributedOptions.Stage();
        var rabbitMq = DistributedOptions.RabbitMq();
        var prefix = DistributedOptions.QueuePrefix();
        var limit = new Option<int>("--limit") { Description = "Messages to show at most.", DefaultValueFactory = _ => 20 };
        var json = CommonOptions.Json();
        var command = new Command("list", "Show the messages in <stage>_error (they stay in the queue).") { stage, rabbitMq, prefix, limit, json };
        command.SetAction(async (result, ct) =>
        {
            if (!DistributedOptions.TryGetBroker(result.GetValue(rabbitMq)!, out var broker))
            {
                return 2;
            }

            var errorQueue = PipelineQueues.ErrorQueueName(result.GetValue(stage)!, result.GetValue(prefix));
            return await WithBrokerAsync(broker, async operations =>
            {
                var state = await operations.InspectAsync(errorQueue, ct);
                var messages = await operations.PeekAsync(errorQueue, Math.Max(1, result.GetValue(limit)), ct);
                if (result.GetValue(json))
                {
                    JsonOutput.Write(new { queue = errorQueue, exists = state.Exists, total = state.Messages, messages });
                    return 0;
                }

                if (!state.Exists)
                {
                    Console.WriteLine($"{errorQueue}: absent (nothing has failed at this stage yet).");
                    return 0;
                }

                // One line per message (ids never wrap, greppable): ingestion, message type, time, exception.
                Console.WriteLine($"{errorQueue}: {state.Messages} message(s){(messages.Count < state.Messages ? $", first {messages.Count} shown" : "")}");
                foreach (var m in messages)
                {
                    Console.WriteLine($"{m.IngestionId?.ToString() ?? "(no ingestion id)"}  {m.MessageType}  {m.FaultedAt}  {m.ExceptionType}: {m.ExceptionMessage}");
                }

                return 0;
            });
        });
        return command;
    }

    private static Command CreateRedrive()
    {
        var stage = DistributedOptions.Stage();
        var rabbitMq = DistributedOptions.RabbitMq();
        var prefix = DistributedOptions.QueuePrefix();
        var all = new Option<bool>("--all") { Description = "Redrive every message of the error queue." };
        var ingestion = new Option<Guid?>("--ingestion") { Description = "Redrive only the messages of this ingestion id." };
        var command = new Command("redrive", "Move messages from <stage>_error back to <stage>.") { stage, rabbitMq, prefix, all, ingestion };
        command.Validators.Add(r =>
        {
            if (r.GetValue(all) == r.GetValue(ingestion).HasValue)
            {
                r.AddError("Give exactly one of --all or --ingestion ID.");
            }
        });
        command.SetAction(async (result, ct) =>
        {
            if (!DistributedOptions.TryGetBroker(result.GetValue(rabbitMq)!, out var broker))
            {
                return 2;
            }

            var stageName = result.GetValue(stage)!;
            var errorQueue = PipelineQueues.ErrorQueueName(stageName, result.GetValue(prefix));
            var target = PipelineQueues.QueueName(stageName, result.GetValue(prefix));
            var id = result.GetValue(ingestion);
            return await WithBrokerAsync(broker, async operations =>
            {
                RedriveResult moved;
                try
                {
                    moved = await operations.RedriveAsync(errorQueue, target, m => id is null || m.IngestionId == id, ct);
                }
                catch (InvalidOperationException e)
                {
                    await Console.Error.WriteLineAsync(e.Message);
                    return 1;
                }

                foreach (var m in moved.MovedMessages)
                {
                    Console.WriteLine($"redriven {m.IngestionId} {m.MessageType} → {target}");
                }

                Console.WriteLine($"{moved.Moved} message(s) moved from {errorQueue} to {target}; {moved.Skipped} left in {errorQueue}.");
                return id is not null && moved.Moved == 0 ? 1 : 0;
            });
        });
        return command;
    }

    private static async Task<int> WithBrokerAsync(Uri broker, Func<BrokerOperations, Task<int>> action)
    {
        try
        {
            await using var operations = await BrokerOperations.ConnectAsync(broker);
            return await action(operations);
        }
        catch (Exception e) when (e is BrokerUnreachableException or IOException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"Cannot reach RabbitMQ at {DistributedOptions.Describe(broker)}: {e.GetBaseException().Message}");
            return 1;
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using IngestionPipeline.Components.Configuration;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IngestionPipeline.Components.Operations;

/// <summary>A queue's depth and consumers from a passive declare; <see cref="Exists"/> is false when nobody declared it yet.</summary>
public sealed record QueueState(string Queue, bool Exists, long Messages, long Consumers);

/// <summary>A message of an <c>_error</c> queue, described from its MassTransit envelope and fault headers.</summary>
public sealed record ErrorQueueMessage(
    Guid? IngestionId,
    string? MessageType,
    string? ExceptionType,
    string? ExceptionMessage,
    string? FaultedAt,
    string? MessageId);

/// <summary>The outcome of moving messages from an error queue back to its stage queue.</summary>
public sealed record RedriveResult(int Moved, int Skipped, IReadOnlyList<ErrorQueueMessage> MovedMessages);

/// <summary>
/// Operator actions on the broker over plain AMQP (no management plugin): queue depths by passive declare,
/// peeking at error queues without losing messages, and moving failed messages back to their stage queue.
/// </summary>
public sealed class BrokerOperations : IAsyncDisposable
{
    private const string FaultHeaderPrefix = "MT-Fault-";
    private const string ReasonHeader = "MT-Reason";

    private readonly IConnection connection;

    private BrokerOperations(IConnection connection)
    {
        this.connection = connection;
    }

    public static async Task<BrokerOperations> ConnectAsync(Uri rabbitMqUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rabbitMqUri);
        var factory = new ConnectionFactory { Uri = rabbitMqUri, ClientProvidedName = "ingest-operations", RequestedConnectionTimeout = TimeSpan.FromSeconds(10) };
        return new BrokerOperations(await factory.CreateConnectionAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        await connection.CloseAsync();
        connection.Dispose();
    }

    /// <summary>Message and consumer counts of <paramref name="queue"/>; a missing queue is reported, not thrown.</summary>
    public async Task<QueueState> InspectAsync(string queue, CancellationToken cancellationToken = default)
    {
        // A passive declare of a missing queue closes the channel (404): one channel per question.
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            var ok = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            return new QueueState(queue, true, ok.MessageCount, ok.ConsumerCount);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return new QueueState(queue, false, 0, 0);
        }
        finally
        {
            await DisposeChannelAsync(channel);
        }
    }

    /// <summary>
    /// Up to <paramref name="limit"/> messages at the head of <paramref name="errorQueue"/>, left in place: they
    /// are fetched without acknowledgement and all returned to the queue (nack with requeue) afterwards.
    /// </summary>
    public async Task<IReadOnlyList<ErrorQueueMessage>> PeekAsync(string errorQueue, int limit, CancellationToken cancellationToken = default)
    {
        if (!(await InspectAsync(errorQueue, cancellationToken)).Exists)
        {
            return [];
        }

        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var messages = new List<ErrorQueueMessage>();
        ulong lastTag = 0;
        try
        {
            while (messages.Count < limit)
            {
                var result = await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken);
                if (result is null)
                {
                    break;
                }

                lastTag = result.DeliveryTag;
                messages.Add(Describe(result.BasicProperties, result.Body));
            }
        }
        finally
        {
            if (lastTag > 0 && channel.IsOpen)
            {
                await channel.BasicNackAsync(lastTag, multiple: true, requeue: true, CancellationToken.None);
            }

            await DisposeChannelAsync(channel);
        }

        return messages;
    }

    /// <summary>
    /// Moves the messages of <paramref name="errorQueue"/> that match <paramref name="select"/> to
    /// <paramref name="targetQueue"/> with the same body and headers minus MassTransit's fault headers. Each
    /// is acknowledged on the error queue only after the broker confirmed the republish; the others stay.
    /// </summary>
    public async Task<RedriveResult> RedriveAsync(string errorQueue, string targetQueue, Func<ErrorQueueMessage, bool> select, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(select);
        var source = await InspectAsync(errorQueue, cancellationToken);
        if (!source.Exists)
        {
            return new RedriveResult(0, 0, []);
        }

        if (!(await InspectAsync(targetQueue, cancellationToken)).Exists)
        {
            throw new InvalidOperationException($"Queue {targetQueue} does not exist: start a worker for its stage once before redriving.");
        }

        var getChannel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var publishChannel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        var skipped = new List<ulong>();
        var moved = new List<ErrorQueueMessage>();
        try
        {
            // At most the messages present now: anything failing again meanwhile is not picked up twice.
            for (long i = 0; i < source.Messages; i++)
            {
                var result = await getChannel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken);
                if (result is null)
                {
                    break;
                }

                var message = Describe(result.BasicProperties, result.Body);
                if (!select(message))
                {
                    skipped.Add(result.DeliveryTag);
                    continue;
                }

                var properties = new BasicProperties(result.BasicProperties)
                {
                    Headers = result.BasicProperties.Headers?
                        .Where(h => !h.Key.StartsWith(FaultHeaderPrefix, StringComparison.OrdinalIgnoreCase) && !string.Equals(h.Key, ReasonHeader, StringComparison.OrdinalIgnoreCase))
                        .ToDictionary(h => h.Key, h => h.Value),
                };

                // With confirmation tracking this returns once the broker confirmed (and throws if it refused
                // or could not route the message), so the original is acknowledged only after its copy is safe.
                await publishChannel.BasicPublishAsync(string.Empty, targetQueue, mandatory: true, properties, result.Body, cancellationToken);
                await getChannel.BasicAckAsync(result.DeliveryTag, multiple: false, cancellationToken);
                moved.Add(message);
            }
        }
        finally
        {
            if (getChannel.IsOpen)
            {
                foreach (var tag in skipped)
                {
                    await getChannel.BasicNackAsync(tag, multiple: false, requeue: true, CancellationToken.None);
                }
            }

            await DisposeChannelAsync(getChannel);
            await DisposeChannelAsync(publishChannel);
        }

        return new RedriveResult(moved.Count, skipped.Count, moved);
    }

    /// <summary>Deletes queues (tests clean up their prefixed queues); missing ones are ignored.</summary>
    public async Task DeleteQueuesAsync(IEnumerable<string> queues, CancellationToken cancellationToken = default)
    {
        foreach (var queue in queues)
        {
            await OnOwnChannelAsync(channel => channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken), cancellationToken);
        }
    }

    /// <summary>
    /// Deletes everything a pipeline with <paramref name="queuePrefix"/> declared on the broker: the stage and
    /// fault queues (with their <c>_error</c> and <c>_skipped</c> queues), the store claim, the exchanges of the same names, and
    /// the prefixed message-type exchanges of every contract and its <c>Fault</c>. For tests and for retiring a
    /// pipeline; missing entities are ignored. Messages in the deleted queues are lost, by intent.
    /// </summary>
    public async Task DeletePrefixedTopologyAsync(string queuePrefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queuePrefix);
        var endpoints = PipelineOptions.AllStages.Select(stage => PipelineQueues.QueueName(stage, queuePrefix))
            .Append(PipelineQueues.FaultQueueName(queuePrefix))
            .SelectMany(queue => new[] { queue, queue + "_error", queue + "_skipped" })
            .Append(StoreQueueClaim.QueueName(queuePrefix))
            .ToList();
        var messageTypes = typeof(Contracts.ReportFileSubmitted).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(Contracts.ReportFileSubmitted).Namespace && t is { IsClass: true, IsAbstract: false })
            .Select(t => $"{t.Namespace}:{t.Name}")
            .ToList();
        var exchanges = endpoints
            .Concat(messageTypes.Select(type => $"{queuePrefix}.{type}"))
            .Concat(messageTypes.Select(type => $"{queuePrefix}.MassTransit:Fault--{type}--"));
        await DeleteQueuesAsync(endpoints, cancellationToken);
        foreach (var exchange in exchanges)
        {
            await OnOwnChannelAsync(channel => channel.ExchangeDeleteAsync(exchange, ifUnused: false, cancellationToken: cancellationToken), cancellationToken);
        }
    }

    /// <summary>
    /// Runs a delete on a channel of its own, so that a broker error (an entity never declared) closes only
    /// that channel; such errors are ignored.
    /// </summary>
    private async Task OnOwnChannelAsync(Func<IChannel, Task> action, CancellationToken cancellationToken)
    {
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await action(channel);
        }
        catch (OperationInterruptedException)
        {
            // Already gone, or never declared.
        }
        finally
        {
            await DisposeChannelAsync(channel);
        }
    }

    /// <summary>Reads the ingestion id, type and fault details of a MassTransit message.</summary>
    public static ErrorQueueMessage Describe(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(properties);
        Guid? ingestionId = null;
        string? messageType = null;
        string? messageId = properties.MessageId;
        try
        {
            using var envelope = JsonDocument.Parse(body);
            var root = envelope.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                    && message.TryGetProperty("ingestionId", out var id) && id.TryGetGuid(out var fromMessage))
                {
                    ingestionId = fromMessage;
                }
                else if (root.TryGetProperty("correlationId", out var correlation) && correlation.ValueKind == JsonValueKind.String && correlation.TryGetGuid(out var fromEnvelope))
                {
                    ingestionId = fromEnvelope;
                }

                if (root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0)
                {
                    messageType = types[0].GetString()?.Split(':').LastOrDefault();
                }

                if (messageId is null && root.TryGetProperty("messageId", out var mid) && mid.ValueKind == JsonValueKind.String)
                {
                    messageId = mid.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // Not a MassTransit JSON envelope: describe it from the headers alone.
        }

        if (ingestionId is null && Guid.TryParse(properties.CorrelationId, out var fromProperties))
        {
            ingestionId = fromProperties;
        }

        return new ErrorQueueMessage(
            ingestionId,
            messageType,
            Header(properties, FaultHeaderPrefix + "ExceptionType"),
            Header(properties, FaultHeaderPrefix + "Message"),
            Header(properties, FaultHeaderPrefix + "Timestamp"),
            messageId);
    }

    private static string? Header(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value switch
            {
                null => null,
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                AmqpTimestamp t => DateTimeOffset.FromUnixTimeSeconds(t.UnixTime).ToString("O", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            }
            : null;

    private static async Task DisposeChannelAsync(IChannel channel)
    {
        try
        {
            if (channel.IsOpen)
            {
                await channel.CloseAsync();
            }
        }
        catch (Exception e) when (e is OperationInterruptedException or AlreadyClosedException)
        {
            // Closed by the broker already.
        }

        channel.Dispose();
    }
}

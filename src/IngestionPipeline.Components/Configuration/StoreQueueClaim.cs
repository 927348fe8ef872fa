using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IngestionPipeline.Components.Configuration;

/// <summary>
/// Binds a set of queues on a broker (one <see cref="PipelineOptions.QueuePrefix"/>) to one store. Two deployments
/// whose stores differ but whose workers share a broker and a prefix would consume each other's messages (and fail
/// on each other's missing raw files); the claim makes the second one refuse to start instead.
/// <para>
/// The claim is a durable queue, <see cref="QueueName"/>, holding at most one persistent message: the store id
/// (<c>x-max-length</c> 1 with <c>x-overflow: reject-publish</c>, so with publisher confirms a second claim is
/// refused by the broker). At start-up a process reads the claim without consuming it: its own store id goes on,
/// another store's id stops it; no claim yet, a worker writes its own (an intake only checks). Plain AMQP, no
/// management plugin. To move a prefix to a new store (a wiped data directory), delete the queue:
/// <c>rabbitmqctl delete_queue &lt;name&gt;</c>.
/// </para>
/// </summary>
public static class StoreQueueClaim
{
    private const string ClaimSuffix = "ingestion-pipeline-store";

    /// <summary>The claim queue for a prefix: <c>ingestion-pipeline-store</c>, or <c>{prefix}-ingestion-pipeline-store</c>.</summary>
    public static string QueueName(string? queuePrefix) =>
        string.IsNullOrWhiteSpace(queuePrefix) ? ClaimSuffix : $"{queuePrefix}-{ClaimSuffix}";

    /// <summary>
    /// Checks (and, when <paramref name="createIfAbsent"/>, makes) the claim of <paramref name="queuePrefix"/>'s
    /// queues for <paramref name="storeId"/>. Returns the store id that holds the claim (null when there is none and
    /// none was made); throws <see cref="StoreQueueConflictException"/> when another store holds it.
    /// </summary>
    public static async Task<string?> ClaimAsync(Uri rabbitMqUri, string? queuePrefix, string storeId, bool createIfAbsent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rabbitMqUri);
        ArgumentException.ThrowIfNullOrWhiteSpace(storeId);
        var queue = QueueName(queuePrefix);
        var factory = new ConnectionFactory { Uri = rabbitMqUri, ClientProvidedName = "ingest-store-claim", RequestedConnectionTimeout = TimeSpan.FromSeconds(10) };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        await channel.QueueDeclareAsync(
            queue,
            durable: true,
            exclusive: false,
            autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-max-length"] = 1, ["x-overflow"] = "reject-publish" },
            cancellationToken: cancellationToken);

        // Claimers take turns: a message fetched (unacknowledged) by one reader is invisible to another, who would
        // then find the queue empty and publish a claim of its own. An exclusive queue is the lock: the broker lets
        // one connection at a time declare it and deletes it when that connection closes (here, or if we die).
        await using var lockChannel = await LockAsync(connection, queue + ".lock", cancellationToken);

        // Within the lock a second claim cannot appear, and the queue holds one message anyway (reject-publish).
        for (var round = 0; round < 5; round++)
        {
            var claimed = await ReadClaimAsync(channel, queue, cancellationToken);
            if (claimed is not null)
            {
                return claimed == storeId ? claimed : throw new StoreQueueConflictException(queue, queuePrefix, claimed, storeId);
            }

            if (!createIfAbsent)
            {
                return null;
            }

            try
            {
                var properties = new BasicProperties { Persistent = true, ContentType = "text/plain", Type = "ingestion-pipeline-store-claim" };
                await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, Encoding.UTF8.GetBytes(storeId), cancellationToken);
            }
            catch (PublishException)
            {
                // Another claim got in first: read it in the next round.
            }
        }

        throw new InvalidOperationException($"Could not read or make the store claim in {queue} after 5 rounds.");
    }

    private static async Task<IChannel> LockAsync(IConnection connection, string lockQueue, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                await channel.QueueDeclareAsync(lockQueue, durable: false, exclusive: true, autoDelete: true, arguments: null, cancellationToken: cancellationToken);
                return channel;
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 405 && attempt < 100)
            {
                // RESOURCE_LOCKED: another process is claiming right now; the failed declare closed this channel.
                await channel.DisposeAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
            catch
            {
                await channel.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>The claim's store id, read without consuming it (fetched unacknowledged, then returned to the queue).</summary>
    private static async Task<string?> ReadClaimAsync(IChannel channel, string queue, CancellationToken cancellationToken)
    {
        var result = await channel.BasicGetAsync(queue, autoAck: false, cancellationToken);
        if (result is null)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(result.Body.Span);
        }
        finally
        {
            await channel.BasicNackAsync(result.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
        }
    }
}

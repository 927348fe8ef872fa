using System.Text.Json;
using IngestionPipeline.Components.Versioning;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IngestionPipeline.Components.Operations;

/// <summary>The outcome of a replay: how many events of each type went to <see cref="Queue"/>, and where the feed was left.</summary>
/// <param name="Queue">The queue the events were sent to.</param>
/// <param name="VersionCreated"><c>ReportVersionCreated</c> events sent.</param>
/// <param name="Unchanged"><c>ReportUnchanged</c> events sent.</param>
/// <param name="Rejected"><c>ReportRejected</c> events sent.</param>
/// <param name="Next">The changes-feed cursor after the last entry replayed (resume a later replay or <c>GET /changes</c> from it).</param>
public sealed record ReplayResult(string Queue, int VersionCreated, int Unchanged, int Rejected, string Next)
{
    public int Total => VersionCreated + Unchanged + Rejected;
}

/// <summary>
/// Republishes the stored history (the changes feed, <see cref="IChangeFeed"/>) as the pipeline's events
/// (<see cref="ReportVersionCreated"/>, <see cref="ReportUnchanged"/>, <see cref="ReportRejected"/>) to one subscriber's
/// queue, in commit order, without touching any other subscriber: each event goes through RabbitMQ's default exchange
/// with the queue's name as routing key, which delivers to that queue only (never to the event exchanges). The body is a
/// MassTransit JSON envelope, the same a MassTransit publish writes, so .NET subscribers consume replayed events with
/// their usual consumers and other languages read <c>message</c> as they do for live events; the
/// <see cref="ReplayHeader"/> header marks them. Each send is confirmed by the broker (mandatory, publisher confirms)
/// before the next, so a replay that fails part-way has delivered exactly the entries before <see cref="ReplayResult.Next"/>.
/// </summary>
public sealed class HistoryReplay : IAsyncDisposable
{
    /// <summary>Header set to "true" on every replayed event.</summary>
    public const string ReplayHeader = "IngestionPipeline-Replay";

    private const string EnvelopeContentType = "application/vnd.masstransit+json";
    private const int PageSize = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IConnection connection;

    private HistoryReplay(IConnection connection)
    {
        this.connection = connection;
    }

    public static async Task<HistoryReplay> ConnectAsync(Uri rabbitMqUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rabbitMqUri);
        var factory = new ConnectionFactory { Uri = rabbitMqUri, ClientProvidedName = "ingest-replay", RequestedConnectionTimeout = TimeSpan.FromSeconds(10) };
        return new HistoryReplay(await factory.CreateConnectionAsync(cancellationToken));
    }

    /// <summary>
    /// Sends every entry of <paramref name="feed"/> matching <paramref name="query"/> (from its
    /// <see cref="ChangeQuery.AfterSequence"/> to the end as it is now) to <paramref name="queue"/>, which must exist.
    /// </summary>
    /// <exception cref="InvalidOperationException">The queue does not exist.</exception>
    public async Task<ReplayResult> ReplayAsync(IChangeFeed feed, string queue, ChangeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        ArgumentNullException.ThrowIfNull(query);
        await EnsureQueueExistsAsync(queue, cancellationToken);

        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        int created = 0, unchanged = 0, rejected = 0;
        var after = query.AfterSequence;
        try
        {
            while (true)
            {
                var page = await feed.ReadChangesAsync(query with { AfterSequence = after, Limit = PageSize }, cancellationToken);
                foreach (var entry in page)
                {
                    var (message, type) = ToEvent(entry);
                    if (message is not null)
                    {
                        // With confirmation tracking this returns once the broker confirmed, and throws if it refused or
                        // could not route the message (mandatory): what was replayed is exactly what precedes the failure.
                        await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, Properties(entry), Envelope(message, type, entry, queue), cancellationToken);
                        switch (entry.Outcome)
                        {
                            case IngestionStatus.VersionCreated: created++; break;
                            case IngestionStatus.Unchanged: unchanged++; break;
                            default: rejected++; break;
                        }
                    }

                    after = entry.Sequence;
                }

                if (page.Count < PageSize)
                {
                    break;
                }
            }
        }
        finally
        {
            await CloseAsync(channel);
        }

        return new ReplayResult(queue, created, unchanged, rejected, ChangeCursor.Format(after));
    }

    /// <summary>The event the pipeline published for <paramref name="entry"/>, rebuilt from the stored history.</summary>
    public static (object? Message, Type? Type) ToEvent(ChangeEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Outcome switch
        {
            IngestionStatus.VersionCreated when entry is { ReportKey: not null, Version: not null, Organization: not null, Year: not null, TemplateVersion: not null, Fingerprint: not null, FindingCount: not null } =>
                (VersionCreated(entry, ChangedCells.ForEvent(entry.Changes)), typeof(ReportVersionCreated)),
            IngestionStatus.Unchanged when entry is { ReportKey: not null, Version: not null } =>
                (new ReportUnchanged(entry.IngestionId, entry.ReportKey, entry.Version.Value, entry.RawSha256), typeof(ReportUnchanged)),
            IngestionStatus.Rejected =>
                (new ReportRejected(entry.IngestionId, entry.Stage ?? "", entry.ReasonCode ?? "", entry.Reason ?? "", entry.RawSha256, entry.FileName), typeof(ReportRejected)),
            _ => (null, null),
        };
    }

    /// <summary>The event as the store stage published it: the same members, the changed cells bounded the same way.</summary>
    private static ReportVersionCreated VersionCreated(ChangeEntry entry, (IReadOnlyList<ChangedCell> Changes, bool Truncated) changes) => new(
        entry.IngestionId, entry.ReportKey!, entry.Version!.Value, entry.PreviousVersion, entry.Organization!, entry.Year!.Value,
        entry.TemplateVersion!, entry.Fingerprint!, entry.Changes?.Count ?? 0, entry.FindingCount!.Value, entry.RawSha256,
        Changes: changes.Changes, ChangesTruncated: changes.Truncated);

    private static BasicProperties Properties(ChangeEntry entry) => new()
    {
        ContentType = EnvelopeContentType,
        DeliveryMode = DeliveryModes.Persistent,
        MessageId = Guid.NewGuid().ToString("D"),
        CorrelationId = entry.IngestionId.ToString("D"),
        Headers = new Dictionary<string, object?> { [ReplayHeader] = "true" },
    };

    private static byte[] Envelope(object message, Type? type, ChangeEntry entry, string queue) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            messageId = Guid.NewGuid(),
            correlationId = entry.IngestionId,
            conversationId = entry.IngestionId,
            destinationAddress = $"queue:{queue}",
            messageType = new[] { $"urn:message:{type!.Namespace}:{type.Name}" },
            message,
            sentTime = DateTimeOffset.UtcNow,
            headers = new Dictionary<string, object> { [ReplayHeader] = "true" },
        }, Json);

    private async Task EnsureQueueExistsAsync(string queue, CancellationToken cancellationToken)
    {
        // A passive declare of a missing queue closes the channel (404): a channel of its own.
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            throw new InvalidOperationException($"Queue {queue} does not exist: a subscriber declares its queue before asking for a replay.", e);
        }
        finally
        {
            await CloseAsync(channel);
        }
    }

    private static async Task CloseAsync(IChannel channel)
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

    public async ValueTask DisposeAsync()
    {
        await connection.CloseAsync();
        connection.Dispose();
    }
}

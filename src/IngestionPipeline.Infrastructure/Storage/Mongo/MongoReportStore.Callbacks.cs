using IngestionPipeline.Core.Storage;
using MongoDB.Bson;
using MongoDB.Driver;

namespace IngestionPipeline.Infrastructure.Storage.Mongo;

/// <summary>
/// Per-submission callback URLs and their delivery status (<see cref="ICallbackStore"/>), collection <c>callbacks</c>:
/// one document per ingestion (<c>_id</c> = ingestion id).
/// </summary>
public sealed partial class MongoReportStore : ICallbackStore
{
    /// <summary>Collection of the callbacks.</summary>
    public const string CallbacksCollection = "callbacks";

    private IMongoCollection<BsonDocument> Callbacks => Database.GetCollection<BsonDocument>(CallbacksCollection);

    public async Task SaveCallbackAsync(Guid ingestionId, Uri url, DateTimeOffset registeredAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var id = ingestionId.ToString("D");
        await Callbacks.ReplaceOneAsync(
            new BsonDocument("_id", id),
            new BsonDocument
            {
                ["_id"] = id,
                ["url"] = url.AbsoluteUri,
                ["status"] = nameof(CallbackDeliveryStatus.Pending),
                ["attempts"] = 0,
                ["lastError"] = BsonNull.Value,
                ["registeredAt"] = registeredAt.UtcDateTime,
                ["completedAt"] = BsonNull.Value,
            },
            new ReplaceOptions { IsUpsert = true },
            cancellationToken);
    }

    public async Task<CallbackRegistration?> GetCallbackAsync(Guid ingestionId, CancellationToken cancellationToken = default)
    {
        var d = await Callbacks.Find(new BsonDocument("_id", ingestionId.ToString("D"))).FirstOrDefaultAsync(cancellationToken);
        return d is null
            ? null
            : new CallbackRegistration(
                ingestionId,
                new Uri(d["url"].AsString, UriKind.Absolute),
                Enum.Parse<CallbackDeliveryStatus>(d["status"].AsString),
                d["attempts"].ToInt32(),
                d["lastError"].IsBsonNull ? null : d["lastError"].AsString,
                new DateTimeOffset(d["registeredAt"].ToUniversalTime()),
                d["completedAt"].IsBsonNull ? null : new DateTimeOffset(d["completedAt"].ToUniversalTime()));
    }

    public async Task RecordCallbackDeliveryAsync(Guid ingestionId, CallbackDeliveryStatus status, int attempts, string? lastError, DateTimeOffset completedAt, CancellationToken cancellationToken = default)
    {
        await Callbacks.UpdateOneAsync(
            new BsonDocument("_id", ingestionId.ToString("D")),
            new BsonDocument("$set", new BsonDocument
            {
                ["status"] = status.ToString(),
                ["attempts"] = attempts,
                ["lastError"] = lastError is null ? BsonNull.Value : new BsonString(lastError),
                ["completedAt"] = completedAt.UtcDateTime,
            }),
            cancellationToken: cancellationToken);
    }
}

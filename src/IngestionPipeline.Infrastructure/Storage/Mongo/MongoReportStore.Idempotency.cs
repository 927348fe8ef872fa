using IngestionPipeline.Core.Storage;
using MongoDB.Bson;
using MongoDB.Driver;

namespace IngestionPipeline.Infrastructure.Storage.Mongo;

/// <summary>
/// Idempotency keys of submissions (<see cref="IIdempotencyKeyStore"/>), collection <c>idempotencyKeys</c>: one
/// document per key (<c>_id</c>), so the insert of a claim is atomic without transactions; taking over an abandoned
/// claim is a filtered update that only one writer can win.
/// </summary>
public sealed partial class MongoReportStore : IIdempotencyKeyStore
{
    /// <summary>Collection of the idempotency keys.</summary>
    public const string IdempotencyKeysCollection = "idempotencyKeys";

    private IMongoCollection<BsonDocument> IdempotencyKeys => Database.GetCollection<BsonDocument>(IdempotencyKeysCollection);

    public async Task<IdempotencyKeyClaim> ClaimIdempotencyKeyAsync(string key, string fingerprint, TimeSpan abandonAfter, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await IdempotencyKeys.InsertOneAsync(
                    new BsonDocument { ["_id"] = key, ["fingerprint"] = fingerprint, ["ingestionId"] = BsonNull.Value, ["claimedAt"] = now },
                    cancellationToken: cancellationToken);
                return new IdempotencyKeyClaim(IdempotencyKeyState.Claimed);
            }
            catch (MongoWriteException e) when (e.WriteError?.Category == ServerErrorCategory.DuplicateKey)
            {
                // Someone holds the key: read what they left.
            }

            var existing = await IdempotencyKeys.Find(new BsonDocument("_id", key)).FirstOrDefaultAsync(cancellationToken);
            if (existing is null)
            {
                continue; // released in between: try to claim again
            }

            if (existing["fingerprint"].AsString != fingerprint)
            {
                return new IdempotencyKeyClaim(IdempotencyKeyState.Mismatch);
            }

            if (!existing["ingestionId"].IsBsonNull)
            {
                return new IdempotencyKeyClaim(IdempotencyKeyState.Completed, Guid.Parse(existing["ingestionId"].AsString));
            }

            var claimedAt = existing["claimedAt"].ToUniversalTime();
            if (now - claimedAt < abandonAfter)
            {
                return new IdempotencyKeyClaim(IdempotencyKeyState.InProgress);
            }

            // Abandoned: take it over only if it is still the same abandoned claim.
            var takeOver = await IdempotencyKeys.UpdateOneAsync(
                new BsonDocument { ["_id"] = key, ["ingestionId"] = BsonNull.Value, ["claimedAt"] = claimedAt },
                new BsonDocument("$set", new BsonDocument("claimedAt", now)),
                cancellationToken: cancellationToken);
            if (takeOver.ModifiedCount == 1)
            {
                return new IdempotencyKeyClaim(IdempotencyKeyState.Claimed);
            }
        }

        return new IdempotencyKeyClaim(IdempotencyKeyState.InProgress);
    }

    public async Task CompleteIdempotencyKeyAsync(string key, Guid ingestionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await IdempotencyKeys.UpdateOneAsync(
            new BsonDocument { ["_id"] = key, ["ingestionId"] = BsonNull.Value },
            new BsonDocument("$set", new BsonDocument("ingestionId", ingestionId.ToString("D"))),
            cancellationToken: cancellationToken);
    }

    public async Task ReleaseIdempotencyKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await IdempotencyKeys.DeleteOneAsync(new BsonDocument { ["_id"] = key, ["ingestionId"] = BsonNull.Value }, cancellationToken);
    }
}

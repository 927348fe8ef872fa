using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Infrastructure.Storage.Sqlite;

/// <summary>Idempotency keys of submissions (<see cref="IIdempotencyKeyStore"/>), table <c>idempotency_keys</c>.</summary>
public sealed partial class SqliteReportStore : IIdempotencyKeyStore
{
    public Task<IdempotencyKeyClaim> ClaimIdempotencyKeyAsync(string key, string fingerprint, TimeSpan abandonAfter, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        var now = timeProvider.GetUtcNow();
        // One BEGIN IMMEDIATE transaction: read and claim cannot interleave with another process's.
        return WriteAsync(async (connection, transaction, ct) =>
        {
            string? storedFingerprint = null;
            Guid? ingestionId = null;
            DateTimeOffset claimedAt = default;
            await using (var read = connection.Command(transaction, "SELECT fingerprint, ingestion_id, claimed_at FROM idempotency_keys WHERE idempotency_key = $key;")
                .With("$key", key))
            await using (var reader = await read.ExecuteReaderAsync(ct))
            {
                if (await reader.ReadAsync(ct))
                {
                    storedFingerprint = reader.GetString(0);
                    ingestionId = reader.IsDBNull(1) ? null : reader.GetId(1);
                    claimedAt = reader.GetTimestamp(2);
                }
            }

            if (storedFingerprint is not null)
            {
                if (!string.Equals(storedFingerprint, fingerprint, StringComparison.Ordinal))
                {
                    return new IdempotencyKeyClaim(IdempotencyKeyState.Mismatch);
                }

                if (ingestionId is not null)
                {
                    return new IdempotencyKeyClaim(IdempotencyKeyState.Completed, ingestionId);
                }

                if (now - claimedAt < abandonAfter)
                {
                    return new IdempotencyKeyClaim(IdempotencyKeyState.InProgress);
                }
            }

            await using var claim = connection.Command(transaction, """
                INSERT INTO idempotency_keys (idempotency_key, fingerprint, ingestion_id, claimed_at) VALUES ($key, $fingerprint, NULL, $now)
                ON CONFLICT (idempotency_key) DO UPDATE SET fingerprint = excluded.fingerprint, ingestion_id = NULL, claimed_at = excluded.claimed_at;
                """)
                .With("$key", key)
                .With("$fingerprint", fingerprint)
                .With("$now", now);
            await claim.ExecuteNonQueryAsync(ct);
            return new IdempotencyKeyClaim(IdempotencyKeyState.Claimed);
        }, cancellationToken);
    }

    public Task CompleteIdempotencyKeyAsync(string key, Guid ingestionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return WriteAsync(async (connection, transaction, ct) =>
        {
            await using var complete = connection.Command(transaction, "UPDATE idempotency_keys SET ingestion_id = $id WHERE idempotency_key = $key AND ingestion_id IS NULL;")
                .With("$key", key)
                .With("$id", ingestionId);
            return await complete.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
    }

    public Task ReleaseIdempotencyKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return WriteAsync(async (connection, transaction, ct) =>
        {
            await using var release = connection.Command(transaction, "DELETE FROM idempotency_keys WHERE idempotency_key = $key AND ingestion_id IS NULL;")
                .With("$key", key);
            return await release.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
    }
}

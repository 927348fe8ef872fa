using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Infrastructure.Storage.Sqlite;

/// <summary>Per-submission callback URLs and their delivery status (<see cref="ICallbackStore"/>), table <c>callbacks</c>.</summary>
public sealed partial class SqliteReportStore : ICallbackStore
{
    public Task SaveCallbackAsync(Guid ingestionId, Uri url, DateTimeOffset registeredAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        return WriteAsync(async (connection, transaction, ct) =>
        {
            await using var save = connection.Command(transaction, """
                INSERT INTO callbacks (ingestion_id, url, status, attempts, last_error, registered_at, completed_at)
                VALUES ($id, $url, $status, 0, NULL, $now, NULL)
                ON CONFLICT (ingestion_id) DO UPDATE SET url = excluded.url, status = excluded.status, attempts = 0,
                    last_error = NULL, registered_at = excluded.registered_at, completed_at = NULL;
                """)
                .With("$id", ingestionId)
                .With("$url", url.AbsoluteUri)
                .With("$status", nameof(CallbackDeliveryStatus.Pending))
                .With("$now", registeredAt);
            return await save.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
    }

    public Task<CallbackRegistration?> GetCallbackAsync(Guid ingestionId, CancellationToken cancellationToken = default) =>
        RunAsync(async (connection, ct) =>
        {
            await using var command = connection.Command(null, """
                SELECT url, status, attempts, last_error, registered_at, completed_at FROM callbacks WHERE ingestion_id = $id;
                """)
                .With("$id", ingestionId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            return new CallbackRegistration(
                ingestionId,
                new Uri(reader.GetString(0), UriKind.Absolute),
                Enum.Parse<CallbackDeliveryStatus>(reader.GetString(1)),
                reader.GetInt32(2),
                reader.GetNullableString(3),
                reader.GetTimestamp(4),
                reader.IsDBNull(5) ? null : reader.GetTimestamp(5));
        }, cancellationToken);

    public Task RecordCallbackDeliveryAsync(Guid ingestionId, CallbackDeliveryStatus status, int attempts, string? lastError, DateTimeOffset completedAt, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction, ct) =>
        {
            await using var record = connection.Command(transaction, """
                UPDATE callbacks SET status = $status, attempts = $attempts, last_error = $error, completed_at = $at WHERE ingestion_id = $id;
                """)
                .With("$id", ingestionId)
                .With("$status", status.ToString())
                .With("$attempts", attempts)
                .With("$error", lastError)
                .With("$at", completedAt);
            return await record.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
}

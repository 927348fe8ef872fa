using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Infrastructure.Storage.Sqlite;

/// <summary>The dashboard's operator queries (<see cref="IIngestionProblemQuery"/>).</summary>
public sealed partial class SqliteReportStore : IIngestionProblemQuery
{
    public Task<IReadOnlyList<IngestionRecord>> ListRecentProblemsAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return RunAsync<IReadOnlyList<IngestionRecord>>(async (connection, ct) =>
        {
            // Timestamps are stored as round-trip strings with their offset: compare and order them as instants.
            await using var command = connection.Command(null, """
                SELECT ingestion_id, raw_sha256, file_name, source_url, status, submitted_at,
                       updated_at, stage, reason_code, reason, report_key, version
                FROM ingestions
                WHERE status IN ($rejected, $failed) AND julianday(updated_at) >= julianday($since)
                ORDER BY julianday(updated_at) DESC, ingestion_id
                LIMIT $limit;
                """)
                .With("$rejected", nameof(IngestionStatus.Rejected))
                .With("$failed", nameof(IngestionStatus.Failed))
                .With("$since", since)
                .With("$limit", limit);
            var records = new List<IngestionRecord>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                records.Add(new IngestionRecord(
                    reader.GetId(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetNullableString(3),
                    Enum.Parse<IngestionStatus>(reader.GetString(4)),
                    reader.GetTimestamp(5),
                    reader.GetTimestamp(6),
                    reader.GetNullableString(7),
                    reader.GetNullableString(8),
                    reader.GetNullableString(9),
                    reader.GetNullableString(10),
                    reader.GetNullableInt32(11)));
            }

            return records;
        }, cancellationToken);
    }
}

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
            await using var command = connection.Command(null, $"""
                SELECT {IngestionColumns}
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
                records.Add(ReadIngestion(reader));
            }

            return records;
        }, cancellationToken);
    }
}

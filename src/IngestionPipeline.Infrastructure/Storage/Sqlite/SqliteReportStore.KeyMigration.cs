using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Infrastructure.Storage.Sqlite;

/// <summary>Report key migration (<see cref="IReportKeyMigration"/>) on the SQLite store: one transaction per report.</summary>
public sealed partial class SqliteReportStore : IReportKeyMigration
{
    public Task<KeyMigrationOutcome> RenameReportAsync(string from, string to, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        return WriteAsync(async (connection, transaction, ct) =>
        {
            await using (var check = connection.Command(transaction, """
                SELECT (SELECT count(*) FROM report_heads WHERE report_key = $from),
                       (SELECT count(*) FROM report_heads WHERE report_key = $to);
                """).With("$from", from).With("$to", to))
            {
                await using var reader = await check.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                if (reader.GetInt64(0) == 0)
                {
                    return KeyMigrationOutcome.NotFound;
                }

                if (reader.GetInt64(1) > 0)
                {
                    return KeyMigrationOutcome.TargetExists;
                }
            }

            await using var rename = connection.Command(transaction, """
                UPDATE report_versions SET report_key = $to WHERE report_key = $from;
                UPDATE report_heads SET report_key = $to WHERE report_key = $from;
                UPDATE ingestions SET report_key = $to WHERE report_key = $from;
                """).With("$from", from).With("$to", to);
            await rename.ExecuteNonQueryAsync(ct);
            return KeyMigrationOutcome.Renamed;
        }, cancellationToken);
    }
}

using System.Text.Json;
using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Infrastructure.Storage.Sqlite;

/// <summary>
/// The changes feed on SQLite: the <c>changes</c> table (migration 3) is filled by triggers on <c>ingestions</c>,
/// inside the transaction that writes a final status (so in the same durable commit as
/// <see cref="AppendVersionAndCompleteAsync"/>'s version, or a rejection's status). SQLite has a single writer and
/// <c>AUTOINCREMENT</c> numbers rows while the write lock is held, so sequence order is commit order and a reader
/// (one snapshot per query) never sees a number before a smaller one.
/// </summary>
public sealed partial class SqliteReportStore : IChangeFeed
{
    public Task<IReadOnlyList<ChangeEntry>> ReadChangesAsync(ChangeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.AfterSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        return RunAsync<IReadOnlyList<ChangeEntry>>(async (connection, ct) =>
        {
            await using var command = connection.Command(null, """
                SELECT c.sequence, c.ingestion_id, c.outcome, c.at, i.raw_sha256, i.file_name, c.stage, c.report_key,
                       c.version, v.previous_version, c.organization, c.region, c.year, v.template_version,
                       v.fingerprint, v.finding_count, c.reason_code, c.reason,
                       CASE WHEN c.outcome = 'VersionCreated' THEN v.changes_json END
                FROM changes c
                JOIN ingestions i ON i.ingestion_id = c.ingestion_id
                LEFT JOIN report_versions v ON v.report_key = c.report_key AND v.version = c.version
                WHERE c.sequence > $after
                  AND ($year IS NULL OR c.year = $year)
                  AND ($organization IS NULL OR instr(c.organization, $organization) > 0 OR instr(c.organization_normalized, $organization) > 0)
                  AND ($region IS NULL OR instr(c.region, $region) > 0 OR instr(c.report_key, $region) > 0)
                  AND ($since IS NULL OR c.at_ms >= $since)
                ORDER BY c.sequence
                LIMIT $limit;
                """)
                .With("$after", query.AfterSequence)
                .With("$year", query.Year)
                .With("$organization", string.IsNullOrEmpty(query.Organization) ? null : query.Organization)
                .With("$region", string.IsNullOrEmpty(query.Region) ? null : query.Region)
                .With("$since", query.Since?.ToUnixTimeMilliseconds())
                .With("$limit", query.Limit);

            await using var reader = await command.ExecuteReaderAsync(ct);
            var entries = new List<ChangeEntry>();
            while (await reader.ReadAsync(ct))
            {
                var outcome = Enum.Parse<IngestionStatus>(reader.GetString(2));
                var changesJson = reader.GetNullableString(18);
                entries.Add(new ChangeEntry(
                    reader.GetInt64(0),
                    reader.GetId(1),
                    outcome,
                    reader.GetTimestamp(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetNullableString(6),
                    reader.GetNullableString(7),
                    reader.GetNullableInt32(8),
                    outcome == IngestionStatus.VersionCreated ? reader.GetNullableInt32(9) : null,
                    reader.GetNullableString(10),
                    reader.GetNullableString(11),
                    reader.GetNullableInt32(12),
                    reader.GetNullableString(13),
                    reader.GetNullableString(14),
                    reader.GetNullableInt32(15),
                    reader.GetNullableString(16),
                    reader.GetNullableString(17),
                    changesJson is null ? null : JsonSerializer.Deserialize<List<CellChange>>(changesJson, ChangesJson) ?? []));
            }

            return entries;
        }, cancellationToken);
    }
}

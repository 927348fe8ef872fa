using System.Text.Json;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using Microsoft.Data.Sqlite;

namespace IngestionPipeline.Infrastructure.Storage.Sqlite;

/// <summary>Re-processing and the re-crawl short-circuit (<see cref="IReprocessStore"/>) on the SQLite store.</summary>
public sealed partial class SqliteReportStore : IReprocessStore
{
    public async Task<ReprocessCandidate?> FindCurrentVersionBySourceAsync(string sha256, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sha256);
        var found = await QueryCandidatesAsync(
            "WHERE v.source_sha256 = $source_sha256 ORDER BY h.report_key LIMIT 1",
            c => c.With("$source_sha256", sha256),
            cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public Task ConfirmParserVersionAsync(string reportKey, int version, string sourceSha256, string parserVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reportKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceSha256);
        ArgumentException.ThrowIfNullOrWhiteSpace(parserVersion);

        // Not durable: losing it in a crash only means the version is re-read once more.
        return WriteAsync(async (connection, transaction, ct) =>
        {
            await using var command = connection.Command(transaction, """
                UPDATE report_versions SET confirmed_parser_version = $parser_version
                WHERE report_key = $report_key AND version = $version AND source_sha256 = $source_sha256
                  AND coalesce(confirmed_parser_version, parser_version, '') <> $parser_version;
                """)
                .With("$report_key", reportKey)
                .With("$version", version)
                .With("$source_sha256", sourceSha256)
                .With("$parser_version", parserVersion);
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken, durable: false);
    }

    public Task<IReadOnlyList<ReprocessCandidate>> ListReprocessCandidatesAsync(ReprocessSelection selection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return QueryCandidatesAsync(
            // Keys, media type and parser version filter in SQL; the creation instant in memory (created_at is text with
            // an offset, which orders only as instants).
            """
            WHERE ($keys IS NULL OR h.report_key IN (SELECT value FROM json_each($keys)))
              AND ($media_type IS NULL OR lower(v.media_type) = lower($media_type))
              AND ($stale_against IS NULL OR coalesce(v.confirmed_parser_version, v.parser_version, '') <> $stale_against)
            ORDER BY h.report_key
            """,
            c => c
                .With("$keys", selection.ReportKeys is null ? null : JsonSerializer.Serialize(selection.ReportKeys))
                .With("$media_type", selection.MediaType)
                .With("$stale_against", selection.StaleAgainst),
            cancellationToken,
            selection.Matches);
    }

    /// <summary>The current version of each report, with the latest parser version known to give its content.</summary>
    private Task<IReadOnlyList<ReprocessCandidate>> QueryCandidatesAsync(
        string filter, Action<SqliteCommand> bind, CancellationToken cancellationToken, Func<ReprocessCandidate, bool>? keep = null) =>
        RunAsync<IReadOnlyList<ReprocessCandidate>>(async (connection, ct) =>
        {
            await using var command = connection.Command(null, $"""
                SELECT v.report_key, v.version, v.source_sha256, v.source_file_name, v.media_type,
                       coalesce(v.confirmed_parser_version, v.parser_version), v.hints_json, v.created_at
                FROM report_heads h
                JOIN report_versions v ON v.report_key = h.report_key AND v.version = h.current_version
                {filter};
                """);
            bind(command);

            await using var reader = await command.ExecuteReaderAsync(ct);
            var candidates = new List<ReprocessCandidate>();
            while (await reader.ReadAsync(ct))
            {
                var candidate = new ReprocessCandidate(
                    reader.GetString(0),
                    reader.GetInt32(1),
                    reader.GetString(2),
                    reader.GetNullableString(3),
                    reader.GetNullableString(4),
                    reader.GetNullableString(5),
                    SqliteReprocessColumns.ReadHints(reader.GetNullableString(6)),
                    reader.GetTimestamp(7));
                if (keep is null || keep(candidate))
                {
                    candidates.Add(candidate);
                }
            }

            return candidates;
        }, cancellationToken);
}

/// <summary>The version columns of re-processing (<c>parser_version</c>, <c>reason</c>, <c>media_type</c>, <c>hints_json</c>).</summary>
internal static class SqliteReprocessColumns
{
    private static readonly JsonSerializerOptions HintsJson = new(JsonSerializerDefaults.Web);

    public static SqliteCommand WithReprocessColumns(this SqliteCommand command, ReportVersionRecord version) =>
        command
            .With("$parser_version", version.ParserVersion)
            .With("$reason", version.Reason?.ToString())
            .With("$media_type", version.MediaType)
            .With("$hints_json", version.Hints is null ? null : JsonSerializer.Serialize(version.Hints, HintsJson));

    /// <summary>The record read from the first columns with the four columns from <paramref name="first"/> on.</summary>
    public static ReportVersionRecord WithReprocessColumns(this ReportVersionRecord record, SqliteDataReader reader, int first) =>
        record with
        {
            ParserVersion = reader.GetNullableString(first),
            Reason = reader.GetNullableString(first + 1) is { } reason ? Enum.Parse<VersionReason>(reason) : null,
            MediaType = reader.GetNullableString(first + 2),
            Hints = ReadHints(reader.GetNullableString(first + 3)),
        };

    public static SubmissionHints? ReadHints(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<SubmissionHints>(json, HintsJson);
}

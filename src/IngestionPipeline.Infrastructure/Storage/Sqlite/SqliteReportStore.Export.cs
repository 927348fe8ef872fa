using System.Runtime.CompilerServices;
using System.Text.Json;
using IngestionPipeline.Core.Storage;
using Microsoft.Data.Sqlite;

namespace IngestionPipeline.Infrastructure.Storage.Sqlite;

/// <summary>Exports: versions streamed from one open reader, in primary-key order, so nothing is buffered.</summary>
public sealed partial class SqliteReportStore : IReportExportSource
{
    public async IAsyncEnumerable<ReportVersionRecord> StreamVersionsAsync(
        ReportExportFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);

        // A read in WAL mode never waits for writers; the reader sees one snapshot for the whole export.
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.Command(null, $"""
            SELECT {VersionColumns("v")}
            FROM report_versions v
            {(filter.AllVersions ? "" : "JOIN report_heads h ON h.report_key = v.report_key AND h.current_version = v.version")}
            WHERE ($organization IS NULL OR instr(v.organization, $organization) > 0
                   OR instr(coalesce(v.organization_normalized, ''), $organization) > 0)
              AND ($region IS NULL OR instr(coalesce(v.region, ''), $region) > 0 OR instr(v.report_key, $region) > 0)
              AND ($year IS NULL OR v.year = $year)
              AND ($from_year IS NULL OR v.year >= $from_year)
              AND ($to_year IS NULL OR v.year <= $to_year)
              AND ($template IS NULL OR lower(v.template_version) = lower($template))
              AND ($has_findings IS NULL OR (v.finding_count > 0) = $has_findings)
            ORDER BY v.report_key, v.version;
            """);
        command.With("$organization", ExportFilterText(filter.Organization))
            .With("$region", ExportFilterText(filter.Region))
            .With("$year", filter.Year)
            .With("$from_year", filter.FromYear)
            .With("$to_year", filter.ToYear)
            .With("$template", ExportFilterText(filter.TemplateVersion))
            .With("$has_findings", filter.HasFindings is { } has ? (has ? 1 : 0) : null);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadVersion(reader);
        }
    }

    private static string? ExportFilterText(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

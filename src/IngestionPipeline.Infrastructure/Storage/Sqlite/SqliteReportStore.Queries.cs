using System.Globalization;
using System.Text;
using IngestionPipeline.Core.Storage;
using Microsoft.Data.Sqlite;

namespace IngestionPipeline.Infrastructure.Storage.Sqlite;

/// <summary>
/// Report listings in SQL (schema migration 3): a page costs the rows it returns, whatever the store holds.
/// <list type="bullet">
/// <item>Equality filters (year, template, has findings) each have an index ending in <c>report_key</c>, so a page
/// is a range scan in key order that stops after <see cref="ReportQuery.Limit"/> rows; the next page starts after
/// the last key (keyset pagination, no OFFSET).</item>
/// <item>"Contains" filters (organization, region) of three characters or more are looked up in the trigram
/// full-text index <c>report_heads_text</c> when they are selective (at most <see cref="SelectiveTextMatches"/>
/// heads), and the few heads found are sorted; a filter matching more heads than that, or shorter than a trigram,
/// is checked row by row along the key order instead, which finds a page after a few hundred rows precisely
/// because it matches often.</item>
/// </list>
/// Every text match is finally checked with <c>instr</c> (ordinal, case-sensitive), the semantics of
/// <see cref="ReportQuery.Matches"/>.
/// </summary>
public sealed partial class SqliteReportStore : IReportQueryStore
{
    /// <summary>A text filter matching at most this many heads is served from the trigram index.</summary>
    internal const int SelectiveTextMatches = 2000;

    private const string HeadColumns = """
        h.report_key, h.organization, h.organization_normalized, h.region, h.year, h.template_version,
        h.current_version, h.content_hash, h.finding_count, h.updated_at
        """;

    /// <summary>The heads matching <paramref name="query"/>, in report-key order, at most <see cref="ReportQuery.Limit"/>.</summary>
    public Task<IReadOnlyList<ReportHead>> QueryHeadsAsync(ReportQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        return RunAsync<IReadOnlyList<ReportHead>>(async (connection, ct) =>
        {
            var plan = await PlanAsync(connection, query, ct);
            await using var command = connection.Command(null, $"""
                SELECT {HeadColumns}
                {plan.From}
                {plan.Where(includeAfter: true)}
                ORDER BY h.report_key
                LIMIT $limit;
                """);
            plan.Bind(command);
            command.With("$limit", query.Limit);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var heads = new List<ReportHead>(Math.Min(query.Limit, 1024));
            while (await reader.ReadAsync(ct))
            {
                heads.Add(ReadHead(reader));
            }

            return heads;
        }, cancellationToken);
    }

    public Task<long> CountHeadsAsync(ReportQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync(async (connection, ct) =>
        {
            var plan = await PlanAsync(connection, query, ct);
            await using var command = connection.Command(null, $"SELECT count(*) {plan.From} {plan.Where(includeAfter: false)};");
            plan.Bind(command);
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    /// <summary>The query plan of <paramref name="query"/> as SQLite reports it (for tests and the benchmark notes).</summary>
    internal Task<IReadOnlyList<string>> ExplainQueryHeadsAsync(ReportQuery query, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<string>>(async (connection, ct) =>
        {
            var plan = await PlanAsync(connection, query, ct);
            await using var command = connection.Command(null, $"""
                EXPLAIN QUERY PLAN SELECT {HeadColumns} {plan.From} {plan.Where(includeAfter: true)} ORDER BY h.report_key LIMIT $limit;
                """);
            plan.Bind(command);
            command.With("$limit", query.Limit);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var lines = new List<string>();
            while (await reader.ReadAsync(ct))
            {
                lines.Add(reader.GetString(3));
            }

            return lines;
        }, cancellationToken);

    private static ReportHead ReadHead(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetNullableString(2),
        reader.GetNullableString(3),
        reader.GetInt32(4),
        reader.GetString(5),
        reader.GetInt32(6),
        reader.GetString(7),
        reader.GetInt32(8),
        reader.GetTimestamp(9));

    /// <summary>
    /// Decides how to find the heads: through the trigram index when a text filter is selective (probed with a
    /// bounded full-text query), otherwise along the indexes of report_heads.
    /// </summary>
    private static async Task<HeadQueryPlan> PlanAsync(SqliteConnection connection, ReportQuery query, CancellationToken cancellationToken)
    {
        var plan = new HeadQueryPlan(query);
        foreach (var (columns, text) in plan.TextFilters())
        {
            if (text.Length < 3)
            {
                continue; // shorter than a trigram: the index cannot answer it
            }

            var match = $"{{{columns}}} : \"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            // At most one more than the bound: enough to know the filter is not selective. The hits found are kept,
            // so the query itself does not evaluate the full-text match again.
            await using var probe = connection.Command(null,
                    "SELECT rowid FROM report_heads_text WHERE report_heads_text MATCH $match LIMIT $bound;")
                .With("$match", match)
                .With("$bound", SelectiveTextMatches + 1);
            var hits = new List<long>();
            await using (var reader = await probe.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    hits.Add(reader.GetInt64(0));
                }
            }

            if (hits.Count <= SelectiveTextMatches && (plan.TextHits is null || hits.Count < plan.TextHits.Count))
            {
                plan.TextHits = hits;
            }
        }

        return plan;
    }

    /// <summary>The FROM and WHERE clauses of one <see cref="ReportQuery"/> and their parameters.</summary>
    private sealed class HeadQueryPlan(ReportQuery query)
    {
        /// <summary>The rowids the trigram index found for the most selective text filter, when one is selective.</summary>
        public List<long>? TextHits { get; set; }

        public IEnumerable<(string Columns, string Text)> TextFilters()
        {
            if (!string.IsNullOrEmpty(query.Organization))
            {
                yield return ("organization organization_normalized", query.Organization);
            }

            if (!string.IsNullOrEmpty(query.Region))
            {
                yield return ("region report_key", query.Region);
            }
        }

        // CROSS JOIN keeps the few full-text hits (a JSON array of rowids) as the outer loop (rowid lookups), then sorts them.
        public string From => TextHits is null
            ? "FROM report_heads AS h"
            : "FROM json_each($hits) AS hits CROSS JOIN report_heads AS h ON h.rowid = hits.value";

        public string Where(bool includeAfter)
        {
            var conditions = new List<string>();
            if (!string.IsNullOrEmpty(query.Organization))
            {
                conditions.Add("(instr(h.organization, $organization) > 0 OR instr(h.organization_normalized, $organization) > 0)");
            }

            if (!string.IsNullOrEmpty(query.Region))
            {
                conditions.Add("(instr(h.region, $region) > 0 OR instr(h.report_key, $region) > 0)");
            }

            if (query.Year is not null)
            {
                conditions.Add("h.year = $year");
            }

            if (!string.IsNullOrEmpty(query.TemplateVersion))
            {
                // The index is on template_version COLLATE NOCASE: ASCII case-insensitive, as the template names are.
                conditions.Add("h.template_version = $template COLLATE NOCASE");
            }

            if (query.HasFindings is not null)
            {
                conditions.Add("(h.finding_count > 0) = $has_findings");
            }

            if (includeAfter && query.AfterKey is not null)
            {
                conditions.Add("h.report_key > $after");
            }

            if (conditions.Count == 0)
            {
                return "";
            }

            var where = new StringBuilder("WHERE ");
            where.AppendJoin(" AND ", conditions);
            return where.ToString();
        }

        public void Bind(SqliteCommand command)
        {
            // Unused parameters are harmless; binding all keeps the statement text the only variable part.
            command
                .With("$hits", TextHits is null ? null : "[" + string.Join(',', TextHits) + "]")
                .With("$organization", string.IsNullOrEmpty(query.Organization) ? null : query.Organization)
                .With("$region", string.IsNullOrEmpty(query.Region) ? null : query.Region)
                .With("$year", query.Year)
                .With("$template", string.IsNullOrEmpty(query.TemplateVersion) ? null : query.TemplateVersion)
                .With("$has_findings", query.HasFindings is { } hasFindings ? (hasFindings ? 1 : 0) : null)
                .With("$after", query.AfterKey);
        }
    }
}

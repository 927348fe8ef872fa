using System.Runtime.CompilerServices;
using IngestionPipeline.Core.Storage;
using MongoDB.Bson;
using MongoDB.Driver;
using static IngestionPipeline.Infrastructure.Storage.Mongo.MongoStoreDefinitions;

namespace IngestionPipeline.Infrastructure.Storage.Mongo;

/// <summary>
/// Exports: versions streamed from server cursors (one batch in memory at a time). The current versions come from
/// the matching heads, each followed by its newest version (the versions are the truth: a lagging head is read
/// past, and a version that no longer matches the filter is skipped).
/// </summary>
public sealed partial class MongoReportStore : IReportExportSource
{
    private const int ExportBatchSize = 200;

    public async IAsyncEnumerable<ReportVersionRecord> StreamVersionsAsync(
        ReportExportFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var options = new FindOptions { BatchSize = ExportBatchSize };
        if (filter.AllVersions)
        {
            var sort = Builders<ReportVersionDocument>.Sort.Ascending(v => v.ReportKey).Ascending(v => v.Version);
            using var cursor = await versions.Find(ExportVersionFilter(filter), options).Sort(sort).ToCursorAsync(cancellationToken);
            while (await cursor.MoveNextAsync(cancellationToken))
            {
                foreach (var document in cursor.Current)
                {
                    yield return document.ToRecord();
                }
            }

            yield break;
        }

        using var heads = await this.heads.Find(ExportHeadFilter(filter), options).Sort(HeadsByKey).ToCursorAsync(cancellationToken);
        while (await heads.MoveNextAsync(cancellationToken))
        {
            foreach (var head in heads.Current)
            {
                var newest = await versions.Find(VersionsOf(head.ReportKey)).Sort(NewestFirst).Limit(1).FirstOrDefaultAsync(cancellationToken);
                if (newest?.ToRecord() is { } version && filter.Matches(version))
                {
                    yield return version;
                }
            }
        }
    }

    private static BsonRegularExpression Contains(string text) => new(System.Text.RegularExpressions.Regex.Escape(text));

    private static FilterDefinition<ReportVersionDocument> ExportVersionFilter(ReportExportFilter filter)
    {
        var f = Builders<ReportVersionDocument>.Filter;
        var filters = new List<FilterDefinition<ReportVersionDocument>>();
        if (!string.IsNullOrEmpty(filter.Organization))
        {
            filters.Add(f.Or(f.Regex(v => v.Organization, Contains(filter.Organization)), f.Regex(v => v.OrganizationNormalized, Contains(filter.Organization))));
        }

        if (!string.IsNullOrEmpty(filter.Region))
        {
            filters.Add(f.Or(f.Regex(v => v.Region, Contains(filter.Region)), f.Regex(v => v.ReportKey, Contains(filter.Region))));
        }

        if (filter.Year is { } year)
        {
            filters.Add(f.Eq(v => v.Year, year));
        }

        if (filter.FromYear is { } from)
        {
            filters.Add(f.Gte(v => v.Year, from));
        }

        if (filter.ToYear is { } to)
        {
            filters.Add(f.Lte(v => v.Year, to));
        }

        if (!string.IsNullOrEmpty(filter.TemplateVersion))
        {
            filters.Add(f.Eq(v => v.TemplateVersion, filter.TemplateVersion.ToLowerInvariant()));
        }

        if (filter.HasFindings is { } hasFindings)
        {
            filters.Add(hasFindings ? f.Gt(v => v.FindingCount, 0) : f.Lte(v => v.FindingCount, 0));
        }

        return filters.Count == 0 ? FilterDefinition<ReportVersionDocument>.Empty : f.And(filters);
    }

    private static FilterDefinition<ReportHeadDocument> ExportHeadFilter(ReportExportFilter filter)
    {
        var f = Builders<ReportHeadDocument>.Filter;
        var filters = new List<FilterDefinition<ReportHeadDocument>>();
        if (!string.IsNullOrEmpty(filter.Organization))
        {
            filters.Add(f.Or(f.Regex(h => h.Organization, Contains(filter.Organization)), f.Regex(h => h.OrganizationNormalized, Contains(filter.Organization))));
        }

        if (!string.IsNullOrEmpty(filter.Region))
        {
            filters.Add(f.Or(f.Regex(h => h.Region, Contains(filter.Region)), f.Regex(h => h.ReportKey, Contains(filter.Region))));
        }

        if (filter.Year is { } year)
        {
            filters.Add(f.Eq(h => h.Year, year));
        }

        if (filter.FromYear is { } from)
        {
            filters.Add(f.Gte(h => h.Year, from));
        }

        if (filter.ToYear is { } to)
        {
            filters.Add(f.Lte(h => h.Year, to));
        }

        if (!string.IsNullOrEmpty(filter.TemplateVersion))
        {
            filters.Add(f.Eq(h => h.TemplateVersion, filter.TemplateVersion.ToLowerInvariant()));
        }

        // Findings are filtered on the version read (a head's count is the current version's anyway).
        return filters.Count == 0 ? FilterDefinition<ReportHeadDocument>.Empty : f.And(filters);
    }
}

using IngestionPipeline.Core.Storage;
using MongoDB.Driver;
using static IngestionPipeline.Infrastructure.Storage.Mongo.MongoStoreDefinitions;

namespace IngestionPipeline.Infrastructure.Storage.Mongo;

/// <summary>
/// Report listings on compound indexes created at start-up (<see cref="ReportHeadQueryIndexes"/>, listed in
/// docs/storage-scale.md): every index ends in <c>_id</c> (the report key), so a filtered page is read in key order
/// from one index range and stops at the page size, with no in-memory sort.
/// </summary>
public sealed partial class MongoReportStore : IReportQueryStore
{
    public const string ReportHeadYearKeyIndexName = "year__id";
    public const string ReportHeadTemplateKeyIndexName = "templateVersion__id";
    public const string ReportHeadKeyFindingsIndexName = "_id_findingCount";

    /// <summary>
    /// The listing indexes of the heads: equality filters on year and template version first, then the key
    /// (a range per page); the key then finding count for <c>hasFindings</c> and the text filters, which are
    /// checked along the key order.
    /// </summary>
    internal static IReadOnlyList<CreateIndexModel<ReportHeadDocument>> ReportHeadQueryIndexes { get; } =
    [
        new(Builders<ReportHeadDocument>.IndexKeys.Ascending(h => h.Year).Ascending(h => h.ReportKey),
            new CreateIndexOptions { Name = ReportHeadYearKeyIndexName }),
        new(Builders<ReportHeadDocument>.IndexKeys.Ascending(h => h.TemplateVersion).Ascending(h => h.ReportKey),
            new CreateIndexOptions { Name = ReportHeadTemplateKeyIndexName }),
        new(Builders<ReportHeadDocument>.IndexKeys.Ascending(h => h.ReportKey).Ascending(h => h.FindingCount),
            new CreateIndexOptions { Name = ReportHeadKeyFindingsIndexName }),
    ];

    public Task<long> CountHeadsAsync(ReportQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return heads.CountDocumentsAsync(HeadQuery(query with { AfterKey = null }), cancellationToken: cancellationToken);
    }

    /// <summary>The winning plan of the heads query for <paramref name="query"/> (for the explain-plan test).</summary>
    internal async Task<MongoDB.Bson.BsonDocument> ExplainQueryHeadsAsync(ReportQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rendered = HeadQuery(query).Render(new RenderArgs<ReportHeadDocument>(heads.DocumentSerializer, heads.Settings.SerializerRegistry));
        var command = new MongoDB.Bson.BsonDocument
        {
            ["explain"] = new MongoDB.Bson.BsonDocument
            {
                ["find"] = heads.CollectionNamespace.CollectionName,
                ["filter"] = rendered,
                ["sort"] = new MongoDB.Bson.BsonDocument("_id", 1),
                ["limit"] = query.Limit,
            },
            ["verbosity"] = "queryPlanner",
        };
        var result = await Database.RunCommandAsync<MongoDB.Bson.BsonDocument>(command, cancellationToken: cancellationToken);
        return result["queryPlanner"]["winningPlan"].AsBsonDocument;
    }
}

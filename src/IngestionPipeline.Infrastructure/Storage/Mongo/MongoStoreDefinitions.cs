using System.Globalization;
using IngestionPipeline.Core.Storage;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.GridFS;

namespace IngestionPipeline.Infrastructure.Storage.Mongo;

/// <summary>
/// Every filter, update, sort and index the MongoDB store sends, in one place so that offline tests can
/// render them to BSON and pin them exactly (the correctness of the compare-and-set rests on these few
/// documents, and a typo in one would only show up against a live server).
/// </summary>
internal static class MongoStoreDefinitions
{
    public const string ReportVersionKeyIndexName = "reportKey_version_unique";
    public const string ReportVersionIngestionIndexName = "ingestionId_unique";
    public const string RawFileNameIndexName = "filename_unique";

    private static FilterDefinitionBuilder<IngestionDocument> IngestionFilter => Builders<IngestionDocument>.Filter;
    private static FilterDefinitionBuilder<ReportVersionDocument> VersionFilter => Builders<ReportVersionDocument>.Filter;
    private static FilterDefinitionBuilder<ReportHeadDocument> HeadFilter => Builders<ReportHeadDocument>.Filter;

    // ---- raw files (GridFS) ----------------------------------------------------------------------

    /// <summary>
    /// Unique on <c>filename</c> (= the sha256): two concurrent uploads of the same bytes each write their own
    /// chunks under their own ObjectId, and the second <c>files</c> document is rejected. Using the sha256 as
    /// the GridFS <c>_id</c> instead would be unsafe: chunks go in before the files document, and a failed
    /// upload deletes chunks by <c>files_id</c>, i.e. the winner's chunks.
    /// </summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> RawFileIndexes { get; } =
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending("filename"), new CreateIndexOptions { Name = RawFileNameIndexName, Unique = true }),
    ];

    /// <summary>
    /// The index the GridFS spec requires on chunks, created up front rather than on the first upload. No
    /// name on purpose: the driver creates the same index unnamed, and a different name for the same keys
    /// would make that creation fail.
    /// </summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> RawChunkIndexes { get; } =
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending("files_id").Ascending("n"), new CreateIndexOptions { Unique = true }),
    ];

    public static FilterDefinition<GridFSFileInfo<ObjectId>> RawFileBySha256(string sha256) =>
        Builders<GridFSFileInfo<ObjectId>>.Filter.Eq(f => f.Filename, sha256);

    /// <summary>Chunks of one upload attempt, removed when another upload of the same bytes won.</summary>
    public static FilterDefinition<BsonDocument> RawChunksOf(ObjectId fileId) => Builders<BsonDocument>.Filter.Eq("files_id", fileId);

    // ---- ingestions ------------------------------------------------------------------------------

    public static FilterDefinition<IngestionDocument> IngestionById(Guid ingestionId) => IngestionFilter.Eq(d => d.Id, ingestionId);

    /// <summary>The compare-and-set of a status update: only statuses <paramref name="status"/> may replace (<see cref="IngestionStatusTransitions"/>).</summary>
    public static FilterDefinition<IngestionDocument> IngestionReplaceableBy(Guid ingestionId, IngestionStatus status) =>
        IngestionById(ingestionId) & IngestionFilter.In(d => d.Status, IngestionStatusTransitions.ReplaceableBy(status));

    /// <summary>
    /// Like <see cref="IngestionReplaceableBy"/> but never over a final status: completes an ingestion whose version
    /// exists (a redelivery got <see cref="AppendOutcome.DuplicateIngestion"/>) if its first delivery stopped before
    /// writing the final status, and leaves it alone (time included) otherwise.
    /// </summary>
    public static FilterDefinition<IngestionDocument> IngestionUnfinished(Guid ingestionId, IngestionStatus status) =>
        IngestionById(ingestionId)
        & IngestionFilter.In(d => d.Status, IngestionStatusTransitions.ReplaceableBy(status).Where(s => !IngestionStatusTransitions.IsFinal(s)));

    /// <summary>Status, stage and time always change; the other members only when given (null keeps the stored value).</summary>
    public static UpdateDefinition<IngestionDocument> IngestionUpdate(IngestionUpdate update)
    {
        var set = Builders<IngestionDocument>.Update;
        var updates = new List<UpdateDefinition<IngestionDocument>>
        {
            set.Set(d => d.Status, update.Status),
            set.Set(d => d.Stage, update.Stage),
            set.Set(d => d.UpdatedAt, update.At),
        };
        if (update.ReasonCode is not null)
        {
            updates.Add(set.Set(d => d.ReasonCode, update.ReasonCode));
        }

        if (update.Reason is not null)
        {
            updates.Add(set.Set(d => d.Reason, update.Reason));
        }

        if (update.ReportKey is not null)
        {
            updates.Add(set.Set(d => d.ReportKey, update.ReportKey));
        }

        if (update.Version is not null)
        {
            updates.Add(set.Set(d => d.Version, update.Version));
        }

        return set.Combine(updates);
    }

    // ---- artifacts -------------------------------------------------------------------------------

    public static string ArtifactId(Guid ingestionId, string stage) =>
        string.Create(CultureInfo.InvariantCulture, $"{ingestionId:D}:{stage}");

    public static FilterDefinition<ArtifactDocument> ArtifactById(Guid ingestionId, string stage) =>
        Builders<ArtifactDocument>.Filter.Eq(d => d.Id, ArtifactId(ingestionId, stage));

    public static ReplaceOptions ArtifactReplace => new() { IsUpsert = true };

    public const string ArtifactIngestionIndexName = "ingestionId";
    public const string ArtifactWrittenAtIndexName = "updatedAt";

    /// <summary>Deletion by ingestion (claim checks once the version is stored) and purging by age, without a collection scan.</summary>
    public static IReadOnlyList<CreateIndexModel<ArtifactDocument>> ArtifactIndexes { get; } =
    [
        new(Builders<ArtifactDocument>.IndexKeys.Ascending(a => a.IngestionId), new CreateIndexOptions { Name = ArtifactIngestionIndexName }),
        new(Builders<ArtifactDocument>.IndexKeys.Ascending(a => a.UpdatedAt), new CreateIndexOptions { Name = ArtifactWrittenAtIndexName }),
    ];

    /// <summary>Every stage output of one ingestion.</summary>
    public static FilterDefinition<ArtifactDocument> ArtifactsOf(Guid ingestionId) => Builders<ArtifactDocument>.Filter.Eq(a => a.IngestionId, ingestionId);

    /// <summary>Artifacts last written before <paramref name="writtenBefore"/> (<c>updatedAt</c> is when the stage wrote it).</summary>
    public static FilterDefinition<ArtifactDocument> ArtifactsWrittenBefore(DateTimeOffset writtenBefore) =>
        Builders<ArtifactDocument>.Filter.Lt(a => a.UpdatedAt, writtenBefore);

    // ---- durability ------------------------------------------------------------------------------

    /// <summary>
    /// Acknowledged once a majority of the replica set has it in its journal: what is owed to the crawler (an accepted
    /// submission) and to subscribers (a version and its final status). The server group-commits its journal, so
    /// concurrent writes share the flush.
    /// </summary>
    public static WriteConcern DurableWriteConcern { get; } = WriteConcern.WMajority.With(journal: true);

    /// <summary>Acknowledged by the primary in memory: stage progress and artifact deletions, which may be lost in a crash.</summary>
    public static WriteConcern ProgressWriteConcern { get; } = WriteConcern.W1.With(journal: false);

    // ---- report versions -------------------------------------------------------------------------

    /// <summary>
    /// (reportKey, version) unique: the insert of version N is the compare-and-set, at most one succeeds.
    /// ingestionId unique: one ingestion creates at most one version, even when redeliveries race.
    /// </summary>
    public static IReadOnlyList<CreateIndexModel<ReportVersionDocument>> ReportVersionIndexes { get; } =
    [
        new(Builders<ReportVersionDocument>.IndexKeys.Ascending(v => v.ReportKey).Ascending(v => v.Version),
            new CreateIndexOptions { Name = ReportVersionKeyIndexName, Unique = true }),
        new(Builders<ReportVersionDocument>.IndexKeys.Ascending(v => v.IngestionId),
            new CreateIndexOptions { Name = ReportVersionIngestionIndexName, Unique = true }),
        MongoReprocessDefinitions.ReportVersionSourceIndex,
    ];

    public static FilterDefinition<ReportVersionDocument> VersionByIngestion(Guid ingestionId) => VersionFilter.Eq(v => v.IngestionId, ingestionId);

    public static FilterDefinition<ReportVersionDocument> VersionsOf(string reportKey) => VersionFilter.Eq(v => v.ReportKey, reportKey);

    public static FilterDefinition<ReportVersionDocument> VersionOf(string reportKey, int version) =>
        VersionFilter.And(VersionFilter.Eq(v => v.ReportKey, reportKey), VersionFilter.Eq(v => v.Version, version));

    /// <summary>Versions a lagging head has not caught up with (its writer stopped between insert and head move).</summary>
    public static FilterDefinition<ReportVersionDocument> VersionsAfter(string reportKey, int version) =>
        VersionFilter.And(VersionFilter.Eq(v => v.ReportKey, reportKey), VersionFilter.Gt(v => v.Version, version));

    public static SortDefinition<ReportVersionDocument> OldestFirst => Builders<ReportVersionDocument>.Sort.Ascending(v => v.Version);

    public static SortDefinition<ReportVersionDocument> NewestFirst => Builders<ReportVersionDocument>.Sort.Descending(v => v.Version);

    // ---- report heads ----------------------------------------------------------------------------

    public static FilterDefinition<ReportHeadDocument> HeadById(string reportKey) => HeadFilter.Eq(h => h.ReportKey, reportKey);

    public static SortDefinition<ReportHeadDocument> HeadsByKey => Builders<ReportHeadDocument>.Sort.Ascending(h => h.ReportKey);

    public const string ReportHeadYearTemplateIndexName = "year_templateVersion";

    /// <summary>The dashboards' usual filter (year, then template) without a collection scan.</summary>
    public static IReadOnlyList<CreateIndexModel<ReportHeadDocument>> ReportHeadIndexes { get; } =
    [
        new(Builders<ReportHeadDocument>.IndexKeys.Ascending(h => h.Year).Ascending(h => h.TemplateVersion),
            new CreateIndexOptions { Name = ReportHeadYearTemplateIndexName }),
    ];

    /// <summary>
    /// <see cref="ReportQuery"/> as a filter, with the same semantics as <see cref="ReportQuery.Matches"/>: text
    /// filters are escaped regular expressions (ordinal "contains"), template versions are stored in lower case.
    /// </summary>
    public static FilterDefinition<ReportHeadDocument> HeadQuery(ReportQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filters = new List<FilterDefinition<ReportHeadDocument>>();
        static BsonRegularExpression Contains(string text) => new(System.Text.RegularExpressions.Regex.Escape(text));
        if (!string.IsNullOrEmpty(query.Organization))
        {
            filters.Add(HeadFilter.Or(
                HeadFilter.Regex(h => h.Organization, Contains(query.Organization)),
                HeadFilter.Regex(h => h.OrganizationNormalized, Contains(query.Organization))));
        }

        if (!string.IsNullOrEmpty(query.Region))
        {
            filters.Add(HeadFilter.Or(
                HeadFilter.Regex(h => h.Region, Contains(query.Region)),
                HeadFilter.Regex(h => h.ReportKey, Contains(query.Region))));
        }

        if (query.Year is { } year)
        {
            filters.Add(HeadFilter.Eq(h => h.Year, year));
        }

        if (!string.IsNullOrEmpty(query.TemplateVersion))
        {
            filters.Add(HeadFilter.Eq(h => h.TemplateVersion, query.TemplateVersion.ToLowerInvariant()));
        }

        if (query.HasFindings is { } hasFindings)
        {
            filters.Add(hasFindings ? HeadFilter.Gt(h => h.FindingCount, 0) : HeadFilter.Lte(h => h.FindingCount, 0));
        }

        if (query.AfterKey is { } after)
        {
            filters.Add(HeadFilter.Gt(h => h.ReportKey, after));
        }

        return filters.Count == 0 ? FilterDefinition<ReportHeadDocument>.Empty : HeadFilter.And(filters);
    }

    /// <summary>
    /// Moves the head forward to <paramref name="version"/>, never back: matches only while the head is behind
    /// it. With upsert, a missing head is created; a head already at or past the version matches nothing, so
    /// the upsert's insert hits the <c>_id</c> index and fails with a duplicate key, which the caller ignores.
    /// </summary>
    public static FilterDefinition<ReportHeadDocument> HeadBehind(string reportKey, int version) =>
        HeadFilter.And(HeadFilter.Eq(h => h.ReportKey, reportKey), HeadFilter.Lt(h => h.CurrentVersion, version));

    /// <summary>All head fields from one version in one document update, so a head never mixes two versions.</summary>
    public static UpdateDefinition<ReportHeadDocument> HeadFrom(ReportVersionDocument version)
    {
        var set = Builders<ReportHeadDocument>.Update;
        return set.Combine(
            set.Set(h => h.Organization, version.Organization),
            set.Set(h => h.OrganizationNormalized, version.OrganizationNormalized),
            set.Set(h => h.Region, version.Region),
            set.Set(h => h.Year, version.Year),
            set.Set(h => h.TemplateVersion, version.TemplateVersion),
            set.Set(h => h.CurrentVersion, version.Version),
            set.Set(h => h.ContentHash, version.ContentHash),
            set.Set(h => h.FindingCount, version.FindingCount),
            set.Set(h => h.UpdatedAt, version.CreatedAt));
    }

    public static UpdateOptions HeadUpsert => new() { IsUpsert = true };
}

using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Driver;
using static IngestionPipeline.Infrastructure.Storage.Mongo.MongoStoreDefinitions;

namespace IngestionPipeline.Infrastructure.Storage.Mongo;

/// <summary>Re-processing and the re-crawl short-circuit (<see cref="IReprocessStore"/>) on MongoDB.</summary>
public sealed partial class MongoReportStore : IReprocessStore
{
    public async Task<ReprocessCandidate?> FindCurrentVersionBySourceAsync(string sha256, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sha256);

        // Versions per raw file are few (one per report it was ever current or earlier for): the index
        // sourceSha256 finds them, each head says whether it is the current one.
        var made = await versions.Find(Builders<ReportVersionDocument>.Filter.Eq(v => v.SourceSha256, sha256))
            .Project<ReportVersionDocument>(WithoutDocument)
            .Sort(Builders<ReportVersionDocument>.Sort.Ascending(v => v.ReportKey).Descending(v => v.Version))
            .ToListAsync(cancellationToken);
        foreach (var version in made)
        {
            var head = await heads.Find(HeadById(version.ReportKey)).FirstOrDefaultAsync(cancellationToken);
            if (head?.CurrentVersion == version.Version)
            {
                return Candidate(version);
            }
        }

        return null;
    }

    public async Task ConfirmParserVersionAsync(string reportKey, int version, string sourceSha256, string parserVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reportKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceSha256);
        ArgumentException.ThrowIfNullOrWhiteSpace(parserVersion);
        var filter = Builders<ReportVersionDocument>.Filter.And(
            VersionOf(reportKey, version),
            Builders<ReportVersionDocument>.Filter.Eq(v => v.SourceSha256, sourceSha256));
        await versions.UpdateOneAsync(
            filter,
            Builders<ReportVersionDocument>.Update.Set(v => v.ConfirmedParserVersion, parserVersion),
            cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<ReprocessCandidate>> ListReprocessCandidatesAsync(ReprocessSelection selection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var headFilter = selection.ReportKeys is null
            ? FilterDefinition<ReportHeadDocument>.Empty
            : Builders<ReportHeadDocument>.Filter.In(h => h.ReportKey, selection.ReportKeys);
        var candidates = new List<ReprocessCandidate>();
        using var cursor = await heads.Find(headFilter).Sort(HeadsByKey).ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var head in cursor.Current)
            {
                var version = await versions.Find(VersionOf(head.ReportKey, head.CurrentVersion))
                    .Project<ReportVersionDocument>(WithoutDocument)
                    .FirstOrDefaultAsync(cancellationToken);
                if (version is null)
                {
                    continue; // a head ahead of its version cannot happen (the version is inserted first); skip rather than guess
                }

                var candidate = Candidate(version);
                if (selection.Matches(candidate))
                {
                    candidates.Add(candidate);
                }
            }
        }

        return candidates;
    }

    private static ProjectionDefinition<ReportVersionDocument> WithoutDocument =>
        Builders<ReportVersionDocument>.Projection.Exclude(v => v.DocumentJson).Exclude(v => v.Changes);

    private static ReprocessCandidate Candidate(ReportVersionDocument version) =>
        new(version.ReportKey, version.Version, version.SourceSha256, version.SourceFileName, version.MediaType,
            version.ConfirmedParserVersion ?? version.ParserVersion, version.Hints?.ToRecord(), version.CreatedAt);
}

/// <summary>A version's <see cref="SubmissionHints"/>.</summary>
internal sealed class SubmissionHintsDocument
{
    [BsonElement("agencyId")]
    [BsonIgnoreIfNull]
    public string? AgencyId { get; set; }

    [BsonElement("organization")]
    [BsonIgnoreIfNull]
    public string? Organization { get; set; }

    [BsonElement("region")]
    [BsonIgnoreIfNull]
    public string? Region { get; set; }

    [BsonElement("year")]
    [BsonIgnoreIfNull]
    public int? Year { get; set; }

    public static SubmissionHintsDocument? From(SubmissionHints? hints) =>
        hints is null ? null : new() { AgencyId = hints.AgencyId, Organization = hints.Organization, Region = hints.Region, Year = hints.Year };

    public SubmissionHints ToRecord() => new(AgencyId, Organization, Region, Year);
}

/// <summary>The index of the re-crawl short-circuit: versions by raw file.</summary>
internal static class MongoReprocessDefinitions
{
    public const string ReportVersionSourceIndexName = "sourceSha256";

    public static CreateIndexModel<ReportVersionDocument> ReportVersionSourceIndex { get; } =
        new(Builders<ReportVersionDocument>.IndexKeys.Ascending(v => v.SourceSha256), new CreateIndexOptions { Name = ReportVersionSourceIndexName });
}

using IngestionPipeline.Core.Storage;
using MongoDB.Driver;
using static IngestionPipeline.Infrastructure.Storage.Mongo.MongoStoreDefinitions;

namespace IngestionPipeline.Infrastructure.Storage.Mongo;

/// <summary>
/// Artifact retention by age and outcome (<see cref="IArtifactRetentionStore"/>). Artifacts are not compressed here:
/// WiredTiger compresses collections on disk (snappy by default).
/// </summary>
public sealed partial class MongoReportStore : IArtifactRetentionStore
{
    private const int RetentionBatchSize = 500;

    private static readonly IngestionStatus[] SucceededStatuses = [IngestionStatus.VersionCreated, IngestionStatus.Unchanged];

    public async Task<int> PurgeArtifactsAsync(DateTimeOffset succeededBefore, DateTimeOffset othersBefore, CancellationToken cancellationToken = default)
    {
        var total = await PurgeArtifactsAsync(othersBefore, cancellationToken);

        // The artifacts old enough for a succeeded ingestion (the updatedAt index), a batch of ingestion ids at a time:
        // which of them succeeded is asked of the ingestions, and only their artifacts go.
        using var cursor = await artifacts.Find(ArtifactsWrittenBefore(succeededBefore))
            .Project(a => a.IngestionId)
            .ToCursorAsync(cancellationToken);
        var batch = new HashSet<Guid>();
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var id in cursor.Current)
            {
                batch.Add(id);
                if (batch.Count >= RetentionBatchSize)
                {
                    total += await PurgeSucceededAsync(batch, succeededBefore, cancellationToken);
                    batch.Clear();
                }
            }
        }

        if (batch.Count > 0)
        {
            total += await PurgeSucceededAsync(batch, succeededBefore, cancellationToken);
        }

        return total;
    }

    private async Task<int> PurgeSucceededAsync(IReadOnlyCollection<Guid> ingestionIds, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var succeeded = await ingestions
            .Find(Builders<IngestionDocument>.Filter.In(d => d.Id, ingestionIds) & Builders<IngestionDocument>.Filter.In(d => d.Status, SucceededStatuses))
            .Project(d => d.Id)
            .ToListAsync(cancellationToken);
        if (succeeded.Count == 0)
        {
            return 0;
        }

        var result = await artifactDeletions.DeleteManyAsync(
            Builders<ArtifactDocument>.Filter.In(a => a.IngestionId, succeeded) & ArtifactsWrittenBefore(before),
            cancellationToken);
        return checked((int)result.DeletedCount);
    }
}

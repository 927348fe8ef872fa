using IngestionPipeline.Core.Storage;
using MongoDB.Driver;
using static IngestionPipeline.Infrastructure.Storage.Mongo.MongoStoreDefinitions;

namespace IngestionPipeline.Infrastructure.Storage.Mongo;

/// <summary>
/// Report key migration (<see cref="IReportKeyMigration"/>) on MongoDB, without multi-document transactions: the new
/// head is inserted first (its unique id refuses an existing report), then the versions and ingestions move, then the
/// old head goes. Run it with the pipeline stopped; a migration stopped halfway leaves both heads, and running it
/// again finishes the move.
/// </summary>
public sealed partial class MongoReportStore : IReportKeyMigration
{
    public async Task<KeyMigrationOutcome> RenameReportAsync(string from, string to, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        var head = await heads.Find(HeadById(from)).FirstOrDefaultAsync(cancellationToken);
        if (head is null)
        {
            return KeyMigrationOutcome.NotFound;
        }

        var existing = await heads.Find(HeadById(to)).FirstOrDefaultAsync(cancellationToken);
        // The copy a stopped migration inserted has the old head's version and content; another report does not.
        var resumed = existing is not null && existing.CurrentVersion == head.CurrentVersion && existing.ContentHash == head.ContentHash;
        if (existing is not null && !resumed)
        {
            return KeyMigrationOutcome.TargetExists;
        }

        if (existing is null)
        {
            head.ReportKey = to;
            try
            {
                await heads.InsertOneAsync(head, cancellationToken: cancellationToken);
            }
            catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                return KeyMigrationOutcome.TargetExists;
            }
        }

        await versions.UpdateManyAsync(VersionsOf(from), Builders<ReportVersionDocument>.Update.Set(v => v.ReportKey, to), cancellationToken: cancellationToken);
        await ingestions.UpdateManyAsync(
            Builders<IngestionDocument>.Filter.Eq(i => i.ReportKey, from),
            Builders<IngestionDocument>.Update.Set(i => i.ReportKey, to),
            cancellationToken: cancellationToken);
        await heads.DeleteOneAsync(HeadById(from), cancellationToken);
        return KeyMigrationOutcome.Renamed;
    }
}

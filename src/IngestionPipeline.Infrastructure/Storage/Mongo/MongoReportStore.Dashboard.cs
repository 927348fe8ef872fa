using IngestionPipeline.Core.Storage;
using MongoDB.Driver;

namespace IngestionPipeline.Infrastructure.Storage.Mongo;

/// <summary>The dashboard's operator queries (<see cref="IIngestionProblemQuery"/>).</summary>
public sealed partial class MongoReportStore : IIngestionProblemQuery
{
    public async Task<IReadOnlyList<IngestionRecord>> ListRecentProblemsAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var filter = Builders<IngestionDocument>.Filter.In(d => d.Status, [IngestionStatus.Rejected, IngestionStatus.Failed])
            & Builders<IngestionDocument>.Filter.Gte(d => d.UpdatedAt, since);
        var documents = await ingestions.Find(filter)
            .SortByDescending(d => d.UpdatedAt)
            .Limit(limit)
            .ToListAsync(cancellationToken);
        return documents.Select(d => d.ToRecord()).ToList();
    }
}

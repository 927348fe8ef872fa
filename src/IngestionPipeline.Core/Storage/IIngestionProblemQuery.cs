namespace IngestionPipeline.Core.Storage;

/// <summary>
/// The recent ingestions that ended badly (<see cref="IngestionStatus.Rejected"/> or <see cref="IngestionStatus.Failed"/>),
/// for operators: the dashboard's operations page lists them and counts them by reason code. Both store adapters
/// implement it next to <see cref="IIngestionStore.CountIngestionsByStatusAsync"/>.
/// </summary>
public interface IIngestionProblemQuery
{
    /// <summary>
    /// The rejected and failed ingestions last updated at or after <paramref name="since"/>, newest first, at most
    /// <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<IngestionRecord>> ListRecentProblemsAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken = default);
}

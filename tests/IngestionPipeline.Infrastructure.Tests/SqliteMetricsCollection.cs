namespace IngestionPipeline.Infrastructure.Tests;

/// <summary>
/// The SQLite store's meter is process-wide, so the tests that count its measurements (<see cref="SqliteMetricsRecorder"/>)
/// run alone, after the parallel ones: another test class writing to its own SQLite store at the same time would add
/// to their counts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SqliteMetricsCollection
{
    public const string Name = "SQLite metrics";
}

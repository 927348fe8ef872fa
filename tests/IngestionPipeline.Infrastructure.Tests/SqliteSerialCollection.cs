namespace IngestionPipeline.Infrastructure.Tests;

/// <summary>
/// SQLite test classes that must not run beside <see cref="SqliteReportStoreTests"/>: its metrics tests count the
/// store's process-wide meter, which the writes of any concurrently running SQLite test would add to.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SqliteSerialCollection
{
    public const string Name = "sqlite, not in parallel";
}

namespace IngestionPipeline.Infrastructure.Storage.Mongo;

/// <summary>Where the MongoDB store lives and what its collections are called.</summary>
public sealed class MongoStoreOptions
{
    public const string DefaultDatabaseName = "ingestion";

    /// <summary>A standard <c>mongodb://</c> or <c>mongodb+srv://</c> connection string.</summary>
    public required string ConnectionString { get; init; }

    public string DatabaseName { get; init; } = DefaultDatabaseName;

    public string IngestionsCollection { get; init; } = "ingestions";

    public string ArtifactsCollection { get; init; } = "artifacts";

    public string ReportHeadsCollection { get; init; } = "reportHeads";

    public string ReportVersionsCollection { get; init; } = "reportVersions";

    /// <summary>GridFS bucket for raw files (collections <c>&lt;bucket&gt;.files</c> and <c>&lt;bucket&gt;.chunks</c>).</summary>
    public string RawFilesBucket { get; init; } = "rawFiles";

    /// <summary>
    /// Retries of index creation in <see cref="MongoReportStore.InitializeAsync"/> while the server is
    /// unreachable or not yet primary (containers starting together). Each attempt itself waits up to the
    /// driver's server selection timeout (30 s unless set in the connection string).
    /// </summary>
    public int InitializeRetryAttempts { get; init; } = 5;

    /// <summary>First delay between those retries; it grows exponentially, with jitter.</summary>
    public TimeSpan InitializeRetryDelay { get; init; } = TimeSpan.FromSeconds(2);
}

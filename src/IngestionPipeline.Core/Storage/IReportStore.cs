namespace IngestionPipeline.Core.Storage;

/// <summary>
/// The storage port. The embedded SQLite store and the MongoDB adapter both implement it, and one
/// contract test suite runs against both. Every write is idempotent so that redelivered messages are harmless.
/// </summary>
public interface IReportStore : IRawFileStore, IIngestionStore, IArtifactStore, IReportVersionStore
{
    /// <summary>Creates the schema / indexes if needed. Safe to call from several processes at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A random identity created once per store (32 lower-case hex digits) and the same for every process that
    /// opens it. The bus uses it to refuse queues that another store already consumes.
    /// </summary>
    Task<string> GetStoreIdAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps the raw file and records its submission in one durable commit: once this returns, the crawler may be
    /// told "accepted" and the submission survives a crash of every process. <paramref name="record"/>'s
    /// <see cref="IngestionRecord.RawSha256"/> must be the sha256 of <paramref name="content"/>. Adapters batch
    /// concurrent calls into one commit (group commit).
    /// </summary>
    async Task<StoredRawFile> AcceptSubmissionAsync(ReadOnlyMemory<byte> content, IngestionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var raw = await PutRawFileAsync(content, record.FileName, cancellationToken);
        await RecordSubmissionAsync(record with { RawSha256 = raw.Sha256 }, cancellationToken);
        return raw;
    }

    /// <summary>
    /// Appends <paramref name="version"/> (same compare-and-set as <see cref="IReportVersionStore.TryAppendVersionAsync"/>)
    /// and, when it is appended, sets the ingestion's final status <paramref name="finalStatus"/>, in one durable
    /// commit. Adapters batch concurrent calls into one commit (group commit).
    /// </summary>
    async Task<AppendOutcome> AppendVersionAndCompleteAsync(ReportVersionRecord version, int expectedCurrentVersion, IngestionUpdate finalStatus, CancellationToken cancellationToken = default)
    {
        var outcome = await TryAppendVersionAsync(version, expectedCurrentVersion, cancellationToken);
        if (outcome == AppendOutcome.Appended)
        {
            await UpdateIngestionAsync(finalStatus, cancellationToken);
        }

        return outcome;
    }
}

/// <summary>Raw submitted files, content-addressed by lower-case hex sha256. Raw bytes are always kept.</summary>
public interface IRawFileStore
{
    /// <summary>Stores the bytes under their sha256 (a no-op when already present) and returns the address.</summary>
    Task<StoredRawFile> PutRawFileAsync(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken = default);

    Task<byte[]?> GetRawFileAsync(string sha256, CancellationToken cancellationToken = default);
}

/// <summary>The status of each ingestion (one submitted file going through the stages).</summary>
public interface IIngestionStore
{
    /// <summary>Records a submission; a second call with the same ingestion id leaves the first record.</summary>
    Task RecordSubmissionAsync(IngestionRecord record, CancellationToken cancellationToken = default);

    Task UpdateIngestionAsync(IngestionUpdate update, CancellationToken cancellationToken = default);

    /// <summary>
    /// A stage's progress (extracted, normalized, validated): not durable. Adapters may coalesce it with later
    /// updates of the same ingestion and lose it in a crash; it never replaces a terminal status.
    /// </summary>
    Task RecordProgressAsync(IngestionUpdate update, CancellationToken cancellationToken = default) => UpdateIngestionAsync(update, cancellationToken);

    Task<IngestionRecord?> GetIngestionAsync(Guid ingestionId, CancellationToken cancellationToken = default);
    /// <summary>
    /// How many ingestions were last updated at or after <paramref name="since"/>, by their current status
    /// (recent throughput for operators; statuses with no ingestion are absent).
    /// </summary>
    Task<IReadOnlyDictionary<IngestionStatus, int>> CountIngestionsByStatusAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

}

/// <summary>Stage outputs keyed by ingestion id and stage; a stage overwrites its own output.</summary>
public interface IArtifactStore
{
    Task PutArtifactAsync(Guid ingestionId, string stage, string content, CancellationToken cancellationToken = default);

    Task<string?> GetArtifactAsync(Guid ingestionId, string stage, CancellationToken cancellationToken = default);

    /// <summary>Deletes every artifact of one ingestion (e.g. its claim checks once its version is stored).</summary>
    Task DeleteArtifactsAsync(Guid ingestionId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} does not delete artifacts.");

    /// <summary>Deletes the artifacts written before <paramref name="writtenBefore"/>; returns how many were deleted.</summary>
    Task<int> PurgeArtifactsAsync(DateTimeOffset writtenBefore, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} does not purge artifacts.");
}

/// <summary>Report heads and their immutable versions.</summary>
public interface IReportVersionStore
{
    /// <summary>
    /// Appends <paramref name="version"/> if the report's current version is still
    /// <paramref name="expectedCurrentVersion"/> (0 for a new report): a compare-and-set, so two workers
    /// can never both create version N. Returns <see cref="AppendOutcome.DuplicateIngestion"/> when this
    /// ingestion already created a version (redelivery).
    /// </summary>
    Task<AppendOutcome> TryAppendVersionAsync(ReportVersionRecord version, int expectedCurrentVersion, CancellationToken cancellationToken = default);

    Task<ReportHead?> GetHeadAsync(string reportKey, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ReportHead>> ListHeadsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The heads matching <paramref name="query"/>, ordered by report key, at most <see cref="ReportQuery.Limit"/>.
    /// The default filters <see cref="ListHeadsAsync"/> in memory; adapters override it with a query on their indexes.
    /// </summary>
    async Task<IReadOnlyList<ReportHead>> QueryHeadsAsync(ReportQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Apply(await ListHeadsAsync(cancellationToken));
    }

    /// <summary>The given version, or the current one when <paramref name="version"/> is null.</summary>
    Task<ReportVersionRecord?> GetVersionAsync(string reportKey, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>All versions of a report, oldest first.</summary>
    Task<IReadOnlyList<ReportVersionRecord>> ListVersionsAsync(string reportKey, CancellationToken cancellationToken = default);

    /// <summary>The version an ingestion created, if any (used to re-publish the same event on redelivery).</summary>
    Task<ReportVersionRecord?> FindVersionByIngestionAsync(Guid ingestionId, CancellationToken cancellationToken = default);
}

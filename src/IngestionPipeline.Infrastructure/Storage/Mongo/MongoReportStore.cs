using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.GridFS;
using Polly;
using Polly.Retry;
using static IngestionPipeline.Infrastructure.Storage.Mongo.MongoStoreDefinitions;

namespace IngestionPipeline.Infrastructure.Storage.Mongo;

/// <summary>
/// The MongoDB adapter. Raw files live in GridFS (filename = sha256, unique); ingestions, stage artifacts,
/// report heads and immutable report versions in their own collections. No multi-document transactions,
/// so it also works against a standalone server.
/// <para>
/// Durability where it is owed: every write is acknowledged with <c>w:majority, j:true</c>
/// (<see cref="MongoStoreDefinitions.DurableWriteConcern"/>) except stage progress and artifact deletions
/// (<c>w:1, j:false</c>). The server's journal is group-committed, so concurrent reports share its flushes.
/// </para>
/// <para>
/// Appending a version (the compare-and-set) without transactions: the <c>reportVersions</c> documents are
/// the truth and <c>reportHeads</c> is a pointer derived from them.
/// <list type="number">
/// <item>A version with this ingestion id exists: <see cref="AppendOutcome.DuplicateIngestion"/> (unique index on ingestionId).</item>
/// <item>Version <c>expected</c> does not exist (for expected &gt; 0): <see cref="AppendOutcome.Conflict"/>.</item>
/// <item>Insert version <c>expected + 1</c>; the unique (reportKey, version) index lets exactly one writer
/// succeed, a duplicate key is <see cref="AppendOutcome.Conflict"/>. The insert is the commit point.</item>
/// <item>Move the head forward with a filtered upsert <c>{_id: key, currentVersion: {$lt: N}}</c>; it never
/// moves backwards, and copies every head field from version N in one update.</item>
/// </list>
/// Step 2 plus the unique index keep versions contiguous (N is only inserted once N-1 exists, and versions
/// are never deleted), so "N-1 exists and the insert of N succeeded" means exactly "the current version was
/// N-1". There are no orphans to clean up: a writer that stops after step 3 leaves a committed version and a
/// head that lags behind it. Readers of the current state (GetHead, GetVersion without a number) look at the
/// versions and roll a lagging head forward; the stopped writer's redelivery gets DuplicateIngestion and
/// rolls it forward too. Only ListHeads reads the heads as they are and can show such a lag until then.
/// </para>
/// </summary>
public sealed partial class MongoReportStore : IReportStore, IDisposable
{
    private readonly MongoStoreOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly MongoClient client;
    private readonly GridFSBucket<ObjectId> rawFiles;
    private readonly IMongoCollection<BsonDocument> rawFileInfos;
    private readonly IMongoCollection<BsonDocument> rawFileChunks;
    private readonly IMongoCollection<IngestionDocument> ingestions;
    private readonly IMongoCollection<IngestionDocument> ingestionProgress;
    private readonly IMongoCollection<ArtifactDocument> artifacts;
    private readonly IMongoCollection<ArtifactDocument> artifactDeletions;
    private readonly IMongoCollection<ReportHeadDocument> heads;
    private readonly IMongoCollection<ReportVersionDocument> versions;

    public MongoReportStore(MongoStoreOptions options, ILogger<MongoReportStore>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabaseName);
        this.options = options;
        this.logger = logger ?? NullLogger<MongoReportStore>.Instance;
        this.timeProvider = timeProvider ?? TimeProvider.System;

        // Connects lazily: constructing the store (and resolving it from DI) needs no server.
        client = new MongoClient(options.ConnectionString);
        Database = client.GetDatabase(options.DatabaseName, new MongoDatabaseSettings { WriteConcern = DurableWriteConcern });
        rawFiles = new GridFSBucket<ObjectId>(Database, new GridFSBucketOptions { BucketName = options.RawFilesBucket });
        rawFileInfos = Database.GetCollection<BsonDocument>(options.RawFilesBucket + ".files");
        rawFileChunks = Database.GetCollection<BsonDocument>(options.RawFilesBucket + ".chunks");
        ingestions = Database.GetCollection<IngestionDocument>(options.IngestionsCollection);
        ingestionProgress = ingestions.WithWriteConcern(ProgressWriteConcern);
        artifacts = Database.GetCollection<ArtifactDocument>(options.ArtifactsCollection);
        artifactDeletions = artifacts.WithWriteConcern(ProgressWriteConcern);
        heads = Database.GetCollection<ReportHeadDocument>(options.ReportHeadsCollection);
        versions = Database.GetCollection<ReportVersionDocument>(options.ReportVersionsCollection);
    }

    internal IMongoDatabase Database { get; }

    public async Task<string> GetStoreIdAsync(CancellationToken cancellationToken = default)
    {
        // One document, inserted by whichever process asks first; the upsert makes concurrent first calls agree.
        var identities = Database.GetCollection<BsonDocument>("store_identity");
        var filter = Builders<BsonDocument>.Filter.Eq("_id", "store");
        var update = Builders<BsonDocument>.Update.SetOnInsert("storeId", Guid.NewGuid().ToString("N"));
        try
        {
            await identities.UpdateOneAsync(filter, update, new UpdateOptions { IsUpsert = true }, cancellationToken);
        }
        catch (MongoWriteException e) when (e.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            // Another process inserted it between our find and insert: theirs is the identity.
        }

        var document = await identities.Find(filter).FirstAsync(cancellationToken);
        return document["storeId"].AsString;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        // Index creation with identical specifications is a no-op on the server, so several processes may
        // run this at once. The retry covers start-up order: the server container may still be coming up.
        var builder = new ResiliencePipelineBuilder();
        if (options.InitializeRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<TimeoutException>() // server selection timed out: nothing reachable yet
                    .Handle<MongoConnectionException>()
                    .Handle<MongoNotPrimaryException>()
                    .Handle<MongoNodeIsRecoveringException>(),
                MaxRetryAttempts = options.InitializeRetryAttempts,
                Delay = options.InitializeRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    logger.LogWarning(args.Outcome.Exception,
                        "MongoDB store {Database} not ready (attempt {Attempt}); retrying index creation in {Delay}",
                        options.DatabaseName, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            });
        }

        await builder.Build().ExecuteAsync(async ct =>
        {
            await rawFileInfos.Indexes.CreateManyAsync(RawFileIndexes, ct);
            await rawFileChunks.Indexes.CreateManyAsync(RawChunkIndexes, ct);
            await versions.Indexes.CreateManyAsync(ReportVersionIndexes, ct);
            await heads.Indexes.CreateManyAsync(ReportHeadIndexes, ct);
            await heads.Indexes.CreateManyAsync(ReportHeadQueryIndexes, ct);
            await artifacts.Indexes.CreateManyAsync(ArtifactIndexes, ct);
        }, cancellationToken);
    }

    public void Dispose() => client.Dispose();

    // ---- raw files -------------------------------------------------------------------------------

    public async Task<StoredRawFile> PutRawFileAsync(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var sha256 = Sha256Hex.Of(content.Span);
        if (await FindRawFileAsync(sha256, cancellationToken) is not null)
        {
            return new StoredRawFile(sha256, content.Length, AlreadyStored: true);
        }

        var fileId = ObjectId.GenerateNewId();
        try
        {
            await rawFiles.UploadFromBytesAsync(fileId, sha256, content.ToArray(),
                new GridFSUploadOptions { Metadata = new BsonDocument("fileName", fileName) }, cancellationToken);
            return new StoredRawFile(sha256, content.Length, AlreadyStored: false);
        }
        catch (MongoServerException)
        {
            // The server refused a write, typically the unique filename index: a concurrent put of the same
            // bytes finished first. GridFS reports that as an internal exception type, so decide by what is
            // stored. (Connection errors and timeouts are not caught: the server may be unreachable.)
            var winner = await FindRawFileAsync(sha256, CancellationToken.None);
            if (winner?.Id == fileId)
            {
                return new StoredRawFile(sha256, content.Length, AlreadyStored: false); // ours went in; only the reply was lost
            }

            // Our chunks are unreferenced; the driver may already have removed them. Never touch another upload's.
            await rawFileChunks.DeleteManyAsync(RawChunksOf(fileId), CancellationToken.None);
            if (winner is not null)
            {
                return new StoredRawFile(sha256, content.Length, AlreadyStored: true);
            }

            throw;
        }
    }

    public async Task<byte[]?> GetRawFileAsync(string sha256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        // By id rather than by name: the files document is written after all chunks, so once found the
        // content is complete, and "not found" needs no exception.
        var file = await FindRawFileAsync(sha256.ToLowerInvariant(), cancellationToken);
        return file is null ? null : await rawFiles.DownloadAsBytesAsync(file.Id, cancellationToken: cancellationToken);
    }

    private async Task<GridFSFileInfo<ObjectId>?> FindRawFileAsync(string sha256, CancellationToken cancellationToken)
    {
        using var cursor = await rawFiles.FindAsync(RawFileBySha256(sha256), new GridFSFindOptions<ObjectId> { Limit = 1 }, cancellationToken);
        return await cursor.FirstOrDefaultAsync(cancellationToken);
    }

    // ---- ingestions ------------------------------------------------------------------------------

    public async Task RecordSubmissionAsync(IngestionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            await ingestions.InsertOneAsync(IngestionDocument.From(record), cancellationToken: cancellationToken);
        }
        catch (MongoException e) when (IsDuplicateKey(e))
        {
            // A redelivered submission must not reset the status a later stage already wrote.
        }
    }

    public async Task UpdateIngestionAsync(IngestionUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(update.Stage);
        // No upsert: an update for an unknown ingestion must not create a half-filled record.
        // The status only moves forward (IngestionStatusTransitions); the filter is the compare-and-set.
        await ingestions.UpdateOneAsync(IngestionReplaceableBy(update.IngestionId, update.Status), IngestionUpdate(update), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// One update acknowledged by the primary without waiting for the journal (<c>w:1, j:false</c>); the same
    /// compare-and-set as <see cref="UpdateIngestionAsync"/>, so it never replaces a final status. A status that is
    /// not a stage's progress (final, Failed) is written durably.
    /// </summary>
    public async Task RecordProgressAsync(IngestionUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(update.Stage);
        if (update.Status is IngestionStatus.Failed || IngestionStatusTransitions.IsFinal(update.Status))
        {
            await UpdateIngestionAsync(update, cancellationToken);
            return;
        }

        await ingestionProgress.UpdateOneAsync(IngestionReplaceableBy(update.IngestionId, update.Status), IngestionUpdate(update), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The raw file, then the submission, each acknowledged durably: the submission is never stored without its bytes.
    /// GridFS needs its own round trips (chunks, then the files document), so this is not one commit as in SQLite, but
    /// once it returns both are durable. <paramref name="record"/> is stored with the sha256 of <paramref name="content"/>.
    /// </summary>
    public async Task<StoredRawFile> AcceptSubmissionAsync(ReadOnlyMemory<byte> content, IngestionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var raw = await PutRawFileAsync(content, record.FileName, cancellationToken);
        await RecordSubmissionAsync(record with { RawSha256 = raw.Sha256 }, cancellationToken);
        return raw;
    }

    public async Task<IngestionRecord?> GetIngestionAsync(Guid ingestionId, CancellationToken cancellationToken = default)
    {
        var document = await ingestions.Find(IngestionById(ingestionId)).FirstOrDefaultAsync(cancellationToken);
        return document?.ToRecord();
    }

    public async Task<IReadOnlyDictionary<IngestionStatus, int>> CountIngestionsByStatusAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var groups = await ingestions.Aggregate()
            .Match(Builders<IngestionDocument>.Filter.Gte(d => d.UpdatedAt, since))
            .Group(d => d.Status, g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return groups.ToDictionary(g => g.Status, g => g.Count);
    }

    // ---- artifacts -------------------------------------------------------------------------------

    public async Task PutArtifactAsync(Guid ingestionId, string stage, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(content);
        var document = new ArtifactDocument
        {
            Id = ArtifactId(ingestionId, stage),
            IngestionId = ingestionId,
            Stage = stage,
            Content = content,
            UpdatedAt = timeProvider.GetUtcNow(),
        };
        await artifacts.ReplaceOneAsync(ArtifactById(ingestionId, stage), document, ArtifactReplace, cancellationToken);
    }

    public async Task<string?> GetArtifactAsync(Guid ingestionId, string stage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var document = await artifacts.Find(ArtifactById(ingestionId, stage)).FirstOrDefaultAsync(cancellationToken);
        return document?.Content;
    }

    /// <summary>One <c>deleteMany</c>, not durable (<c>w:1, j:false</c>): a lost deletion leaves garbage for a purge.</summary>
    public async Task DeleteArtifactsAsync(Guid ingestionId, CancellationToken cancellationToken = default) =>
        await artifactDeletions.DeleteManyAsync(ArtifactsOf(ingestionId), cancellationToken);

    public async Task<int> PurgeArtifactsAsync(DateTimeOffset writtenBefore, CancellationToken cancellationToken = default)
    {
        var result = await artifactDeletions.DeleteManyAsync(ArtifactsWrittenBefore(writtenBefore), cancellationToken);
        return checked((int)result.DeletedCount);
    }

    // ---- report versions -------------------------------------------------------------------------

    public async Task<AppendOutcome> TryAppendVersionAsync(ReportVersionRecord version, int expectedCurrentVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedCurrentVersion);
        if (version.Version != expectedCurrentVersion + 1)
        {
            // A version number that does not follow the expected head would leave a gap or a fork.
            throw new ArgumentException(
                $"Version {version.Version} does not follow expected current version {expectedCurrentVersion}.", nameof(version));
        }

        // Checked before the compare-and-set: on redelivery the head has usually moved past this ingestion's
        // version, and the caller needs to hear "already done", not "conflict".
        var existing = await versions.Find(VersionByIngestion(version.IngestionId)).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            // The first delivery may have stopped right after its insert; finish its head move.
            await MoveHeadForwardAsync(existing);
            return AppendOutcome.DuplicateIngestion;
        }

        if (expectedCurrentVersion > 0
            && !await versions.Find(VersionOf(version.ReportKey, expectedCurrentVersion)).AnyAsync(cancellationToken))
        {
            return AppendOutcome.Conflict;
        }

        var document = ReportVersionDocument.From(version);
        try
        {
            await versions.InsertOneAsync(document, cancellationToken: cancellationToken);
        }
        catch (MongoException e) when (IsDuplicateKey(e))
        {
            // Either index: another writer took version N, or a racing redelivery of this ingestion got in first.
            return await versions.Find(VersionByIngestion(version.IngestionId)).AnyAsync(cancellationToken)
                ? AppendOutcome.DuplicateIngestion
                : AppendOutcome.Conflict;
        }

        // Committed: do not let a cancellation now leave the head behind on purpose.
        await MoveHeadForwardAsync(document);
        return AppendOutcome.Appended;
    }

    /// <summary>
    /// <see cref="TryAppendVersionAsync"/>, then the final status, both acknowledged durably. Without transactions the
    /// two are not atomic: a delivery that stops between them leaves the version stored and the status unfinished, so a
    /// redelivery (<see cref="AppendOutcome.DuplicateIngestion"/>) writes the final status when it is still missing.
    /// </summary>
    public async Task<AppendOutcome> AppendVersionAndCompleteAsync(
        ReportVersionRecord version, int expectedCurrentVersion, IngestionUpdate finalStatus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finalStatus);
        ArgumentNullException.ThrowIfNull(finalStatus.Stage);
        var outcome = await TryAppendVersionAsync(version, expectedCurrentVersion, cancellationToken);
        var filter = outcome switch
        {
            AppendOutcome.Appended => IngestionReplaceableBy(finalStatus.IngestionId, finalStatus.Status),
            AppendOutcome.DuplicateIngestion => IngestionUnfinished(finalStatus.IngestionId, finalStatus.Status),
            _ => null,
        };
        if (filter is not null)
        {
            // The version is committed: a cancellation now must not leave its ingestion unfinished on purpose.
            await ingestions.UpdateOneAsync(filter, IngestionUpdate(finalStatus), cancellationToken: CancellationToken.None);
        }

        return outcome;
    }

    public async Task<ReportHead?> GetHeadAsync(string reportKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reportKey);
        var head = await heads.Find(HeadById(reportKey)).FirstOrDefaultAsync(cancellationToken);
        var newer = await versions.Find(VersionsAfter(reportKey, head?.CurrentVersion ?? 0))
            .Sort(NewestFirst).Limit(1).FirstOrDefaultAsync(cancellationToken);
        if (newer is null)
        {
            return head?.ToRecord();
        }

        await MoveHeadForwardAsync(newer);
        return (await heads.Find(HeadById(reportKey)).FirstOrDefaultAsync(cancellationToken))?.ToRecord();
    }

    public async Task<IReadOnlyList<ReportHead>> ListHeadsAsync(CancellationToken cancellationToken = default)
    {
        // _id order is binary UTF-8 order, the same as ordinal order for every key outside the surrogate range.
        var documents = await heads.Find(FilterDefinition<ReportHeadDocument>.Empty).Sort(HeadsByKey).ToListAsync(cancellationToken);
        return documents.Select(d => d.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<ReportHead>> QueryHeadsAsync(ReportQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var documents = await heads.Find(HeadQuery(query)).Sort(HeadsByKey).Limit(query.Limit).ToListAsync(cancellationToken);
        return documents.Select(d => d.ToRecord()).ToList();
    }

    public async Task<ReportVersionRecord?> GetVersionAsync(string reportKey, int? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reportKey);
        var document = version is null
            ? await versions.Find(VersionsOf(reportKey)).Sort(NewestFirst).Limit(1).FirstOrDefaultAsync(cancellationToken)
            : await versions.Find(VersionOf(reportKey, version.Value)).FirstOrDefaultAsync(cancellationToken);
        return document?.ToRecord();
    }

    public async Task<IReadOnlyList<ReportVersionRecord>> ListVersionsAsync(string reportKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reportKey);
        var documents = await versions.Find(VersionsOf(reportKey)).Sort(OldestFirst).ToListAsync(cancellationToken);
        return documents.Select(d => d.ToRecord()).ToList();
    }

    public async Task<ReportVersionRecord?> FindVersionByIngestionAsync(Guid ingestionId, CancellationToken cancellationToken = default)
    {
        var document = await versions.Find(VersionByIngestion(ingestionId)).FirstOrDefaultAsync(cancellationToken);
        return document?.ToRecord();
    }

    /// <summary>Idempotent and monotonic: concurrent calls for different versions end at the highest.</summary>
    private async Task MoveHeadForwardAsync(ReportVersionDocument version)
    {
        try
        {
            await heads.UpdateOneAsync(HeadBehind(version.ReportKey, version.Version), HeadFrom(version), HeadUpsert, CancellationToken.None);
        }
        catch (MongoException e) when (IsDuplicateKey(e))
        {
            // The head is already at or past this version.
        }
    }

    internal static bool IsDuplicateKey(MongoException exception) => exception switch
    {
        MongoWriteException write => write.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoBulkWriteException bulk => bulk.WriteErrors.Any(e => e.Category == ServerErrorCategory.DuplicateKey),
        MongoCommandException command => command.Code == 11000,
        _ => false,
    };
}

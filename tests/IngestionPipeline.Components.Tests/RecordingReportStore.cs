using System.Collections.Concurrent;
using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Components.Tests;

/// <summary>
/// A decorator over a real store that counts the port calls by method, and implements artifact deletion on top of a
/// store that has none yet (deleted ingestions' artifacts read as absent until written again).
/// </summary>
internal sealed class RecordingReportStore(IReportStore inner) : IReportStore
{
    private readonly ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, bool> deleted = new();

    /// <summary>How often <paramref name="method"/> was called since the last <see cref="Reset"/>.</summary>
    public int Calls(string method) => calls.GetValueOrDefault(method);

    /// <summary>The ingestions whose artifacts were deleted.</summary>
    public IReadOnlyCollection<Guid> Deleted => deleted.Keys.ToList();

    public void Reset() => calls.Clear();

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<string> GetStoreIdAsync(CancellationToken cancellationToken = default) => inner.GetStoreIdAsync(cancellationToken);

    public Task<StoredRawFile> AcceptSubmissionAsync(ReadOnlyMemory<byte> content, IngestionRecord record, CancellationToken cancellationToken = default) =>
        Count(nameof(AcceptSubmissionAsync), inner.AcceptSubmissionAsync(content, record, cancellationToken));

    public Task<AppendOutcome> AppendVersionAndCompleteAsync(ReportVersionRecord version, int expectedCurrentVersion, IngestionUpdate finalStatus, CancellationToken cancellationToken = default) =>
        Count(nameof(AppendVersionAndCompleteAsync), inner.AppendVersionAndCompleteAsync(version, expectedCurrentVersion, finalStatus, cancellationToken));

    public Task<StoredRawFile> PutRawFileAsync(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken = default) =>
        Count(nameof(PutRawFileAsync), inner.PutRawFileAsync(content, fileName, cancellationToken));

    public Task<byte[]?> GetRawFileAsync(string sha256, CancellationToken cancellationToken = default) =>
        Count(nameof(GetRawFileAsync), inner.GetRawFileAsync(sha256, cancellationToken));

    public Task RecordSubmissionAsync(IngestionRecord record, CancellationToken cancellationToken = default) =>
        Count(nameof(RecordSubmissionAsync), inner.RecordSubmissionAsync(record, cancellationToken));

    public Task UpdateIngestionAsync(IngestionUpdate update, CancellationToken cancellationToken = default) =>
        Count(nameof(UpdateIngestionAsync), inner.UpdateIngestionAsync(update, cancellationToken));

    public Task RecordProgressAsync(IngestionUpdate update, CancellationToken cancellationToken = default) =>
        Count(nameof(RecordProgressAsync), inner.RecordProgressAsync(update, cancellationToken));

    public Task<IngestionRecord?> GetIngestionAsync(Guid ingestionId, CancellationToken cancellationToken = default) =>
        Count(nameof(GetIngestionAsync), inner.GetIngestionAsync(ingestionId, cancellationToken));

    public Task<IReadOnlyDictionary<IngestionStatus, int>> CountIngestionsByStatusAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        inner.CountIngestionsByStatusAsync(since, cancellationToken);

    public Task PutArtifactAsync(Guid ingestionId, string stage, string content, CancellationToken cancellationToken = default)
    {
        deleted.TryRemove(ingestionId, out _);
        return Count(nameof(PutArtifactAsync), inner.PutArtifactAsync(ingestionId, stage, content, cancellationToken));
    }

    public async Task<string?> GetArtifactAsync(Guid ingestionId, string stage, CancellationToken cancellationToken = default)
    {
        var content = await Count(nameof(GetArtifactAsync), inner.GetArtifactAsync(ingestionId, stage, cancellationToken));
        return deleted.ContainsKey(ingestionId) ? null : content;
    }

    public Task DeleteArtifactsAsync(Guid ingestionId, CancellationToken cancellationToken = default)
    {
        deleted[ingestionId] = true;
        return Count(nameof(DeleteArtifactsAsync), Task.CompletedTask);
    }

    public Task<AppendOutcome> TryAppendVersionAsync(ReportVersionRecord version, int expectedCurrentVersion, CancellationToken cancellationToken = default) =>
        Count(nameof(TryAppendVersionAsync), inner.TryAppendVersionAsync(version, expectedCurrentVersion, cancellationToken));

    public Task<ReportHead?> GetHeadAsync(string reportKey, CancellationToken cancellationToken = default) =>
        Count(nameof(GetHeadAsync), inner.GetHeadAsync(reportKey, cancellationToken));

    public Task<IReadOnlyList<ReportHead>> ListHeadsAsync(CancellationToken cancellationToken = default) => inner.ListHeadsAsync(cancellationToken);

    public Task<ReportVersionRecord?> GetVersionAsync(string reportKey, int? version = null, CancellationToken cancellationToken = default) =>
        Count(nameof(GetVersionAsync), inner.GetVersionAsync(reportKey, version, cancellationToken));

    public Task<IReadOnlyList<ReportVersionRecord>> ListVersionsAsync(string reportKey, CancellationToken cancellationToken = default) =>
        Count(nameof(ListVersionsAsync), inner.ListVersionsAsync(reportKey, cancellationToken));

    public Task<ReportVersionRecord?> FindVersionByIngestionAsync(Guid ingestionId, CancellationToken cancellationToken = default) =>
        Count(nameof(FindVersionByIngestionAsync), inner.FindVersionByIngestionAsync(ingestionId, cancellationToken));

    private T Count<T>(string method, T call)
    {
        calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        return call;
    }
}

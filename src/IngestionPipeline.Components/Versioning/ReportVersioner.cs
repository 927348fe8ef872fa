using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Core.Versioning;

namespace IngestionPipeline.Components.Versioning;

/// <summary>
/// Version semantics over the storage port: a new version only when the content differs from every
/// stored version; content equal to the current or an earlier version is "unchanged" (a stale copy never
/// flips a corrected report back); a redelivered ingestion yields the same decision.
/// Concurrency is handled by the store's compare-and-set, retried here on conflict.
/// The normal path reads the head (not a version) to compare content hashes; the previous version is loaded only when
/// a new version is created (for the cell diff), and the version, the head and the final status are one commit
/// (<see cref="IReportStore.AppendVersionAndCompleteAsync"/>).
/// </summary>
public sealed class ReportVersioner(IReportStore store, ReportParser parser, TimeProvider clock)
{
    private const int MaxAttempts = 20;

    /// <param name="report">The validated report.</param>
    /// <param name="documentJson">Its canonical serialisation (compact), stored as the version's document as it is.</param>
    /// <param name="ingestionId">The ingestion that brought it.</param>
    /// <param name="fileName">The submitted file name.</param>
    /// <param name="hints">The crawler's identity hints.</param>
    /// <param name="cancellationToken">Cancels the store calls.</param>
    public async Task<VersionDecision> DecideAndStoreAsync(
        CanonicalReport report,
        string documentJson,
        Guid ingestionId,
        string fileName,
        SubmissionHints? hints,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(documentJson);

        // Redelivery: an ingestion that already created a version re-announces that version.
        if (await store.FindVersionByIngestionAsync(ingestionId, cancellationToken) is { } created)
        {
            return await ReplayCreatedAsync(created, cancellationToken);
        }

        // Redelivery of an ingestion already judged unchanged stays unchanged, even if newer versions exist since.
        if (await store.GetIngestionAsync(ingestionId, cancellationToken) is { Status: IngestionStatus.Unchanged, ReportKey: { } key, Version: { } version })
        {
            return new VersionDecision(VersionDecisionKind.Unchanged, key, version, null, string.Empty, 0, report.Findings.Count);
        }

        var reportKey = ReportIdentity.KeyFor(report.Meta);
        var contentHash = ReportContent.ContentHash(report);
        var fingerprint = ReportContent.Fingerprint(report, contentHash);

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var head = await store.GetHeadAsync(reportKey, cancellationToken);
            if (head is not null && head.ContentHash == contentHash)
            {
                if (store is IReprocessStore reprocessStore)
                {
                    // Re-read by this parser with the same content: the version is current for this parser too.
                    await reprocessStore.ConfirmParserVersionAsync(reportKey, head.CurrentVersion, report.Provenance.SourceSha256, parser.ParserVersion, cancellationToken);
                }

                return new VersionDecision(VersionDecisionKind.Unchanged, reportKey, head.CurrentVersion, null, string.Empty, 0, head.FindingCount);
            }

            // Crawlers keep re-fetching old copies (mirrors, caches) after an agency corrects a report: content
            // already stored as an earlier version is known, not new, so it must not flip the report back.
            if (head is not null && head.CurrentVersion > 1 && await FindEarlierVersionAsync(reportKey, contentHash, cancellationToken) is { } earlier)
            {
                return new VersionDecision(VersionDecisionKind.Unchanged, reportKey, head.CurrentVersion, null, string.Empty, 0, earlier.FindingCount);
            }

            var previousRecord = head is null ? null : await store.GetVersionAsync(reportKey, head.CurrentVersion, cancellationToken);
            if (head is not null && previousRecord is null)
            {
                continue; // the head moved between the two reads (and its version is not there yet): decide again
            }

            var previous = previousRecord is null ? null : ReportJson.Deserialize(previousRecord.DocumentJson);
            var changes = ReportDiff.ChangedCells(previous, report);
            var now = clock.GetUtcNow();
            var record = new ReportVersionRecord(
                reportKey,
                (head?.CurrentVersion ?? 0) + 1,
                head?.CurrentVersion,
                ingestionId,
                report.Provenance.SourceSha256,
                fileName,
                contentHash,
                fingerprint,
                report.Meta.Organization,
                report.Meta.OrganizationNormalized,
                FormatRegion(report.Meta.Region),
                report.Meta.Year,
                report.Meta.TemplateVersion.ToWire(),
                report.Findings.Count,
                documentJson,
                changes,
                now,
                parser.ParserVersion,
                VersionReasons.Of(report.Provenance.SourceSha256, previousRecord),
                report.Provenance.MediaType,
                hints);

            switch (await store.AppendVersionAndCompleteAsync(record, head?.CurrentVersion ?? 0, FinalStatus(record), cancellationToken))
            {
                case AppendOutcome.Appended:
                    return VersionDecision.FromCreated(record);
                case AppendOutcome.DuplicateIngestion:
                    var existing = await store.FindVersionByIngestionAsync(ingestionId, cancellationToken)
                        ?? throw new InvalidOperationException($"Store reported a duplicate ingestion {ingestionId} but has no version for it.");
                    return await ReplayCreatedAsync(existing, cancellationToken);
                case AppendOutcome.Conflict:
                    // Another worker moved the head: decide again against the new head.
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 20) * (attempt + 1)), cancellationToken);
                    continue;
            }
        }

        throw new ConcurrencyConflictException($"Could not append a version of {reportKey} after {MaxAttempts} attempts.");
    }

    /// <summary>
    /// A redelivered ingestion whose version exists: its final status is written again (harmless when it is already
    /// there; it is missing if a store without one-commit appends lost it in a crash) and the same decision returned.
    /// </summary>
    private async Task<VersionDecision> ReplayCreatedAsync(ReportVersionRecord created, CancellationToken cancellationToken)
    {
        await store.UpdateIngestionAsync(FinalStatus(created), cancellationToken);
        return VersionDecision.FromCreated(created);
    }

    private IngestionUpdate FinalStatus(ReportVersionRecord record) =>
        new(record.IngestionId, IngestionStatus.VersionCreated, StageNames.Store, clock.GetUtcNow(), ReportKey: record.ReportKey, Version: record.Version);

    private async Task<ReportVersionRecord?> FindEarlierVersionAsync(string reportKey, string contentHash, CancellationToken cancellationToken)
    {
        // Versions per report stay few (corrections are rare), so reading the history is cheaper than a new index.
        var versions = await store.ListVersionsAsync(reportKey, cancellationToken);
        return versions.FirstOrDefault(v => v.ContentHash == contentHash);
    }

    private static string? FormatRegion(Region? region) =>
        region is null || region.IsEmpty ? null : string.Concat(region.Province, region.City, region.County);
}

using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Core.Versioning;

namespace IngestionPipeline.Components.Versioning;

/// <summary>
/// Version semantics over the storage port: a new version only when the content differs from every
/// stored version; content equal to the current or an earlier version is "unchanged" (a stale copy never
/// flips a corrected report back); a redelivered ingestion yields the same decision.
/// Concurrency is handled by the store's compare-and-set, retried here on conflict.
/// </summary>
public sealed class ReportVersioner(IReportStore store, TimeProvider clock)
{
    private const int MaxAttempts = 20;

    public async Task<VersionDecision> DecideAndStoreAsync(
        CanonicalReport report,
        Guid ingestionId,
        string fileName,
        SubmissionHints? hints,
        CancellationToken cancellationToken)
    {
        // Redelivery: an ingestion that already created a version re-announces that version.
        if (await store.FindVersionByIngestionAsync(ingestionId, cancellationToken) is { } created)
        {
            return VersionDecision.FromCreated(created);
        }

        // Redelivery of an ingestion already judged unchanged stays unchanged, even if newer versions exist since.
        if (await store.GetIngestionAsync(ingestionId, cancellationToken) is { Status: IngestionStatus.Unchanged, ReportKey: { } key, Version: { } version })
        {
            return new VersionDecision(VersionDecisionKind.Unchanged, key, version, null, string.Empty, 0, report.Findings.Count);
        }

        var reportKey = ReportIdentity.KeyFor(report.Meta, hints?.AgencyId, hints?.Region, hints?.Year);
        var contentHash = ReportContent.ContentHash(report);
        var fingerprint = ReportContent.Fingerprint(report, contentHash);
        var documentJson = ReportJson.Serialize(report, indented: false);

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var head = await store.GetVersionAsync(reportKey, null, cancellationToken);
            if (head is not null && head.ContentHash == contentHash)
            {
                return new VersionDecision(VersionDecisionKind.Unchanged, reportKey, head.Version, head.PreviousVersion, head.Fingerprint, 0, head.FindingCount);
            }

            // Crawlers keep re-fetching old copies (mirrors, caches) after an agency corrects a report: content
            // already stored as an earlier version is known, not new, so it must not flip the report back.
            if (head is not null && head.Version > 1 && await FindEarlierVersionAsync(reportKey, contentHash, cancellationToken) is { } earlier)
            {
                return new VersionDecision(VersionDecisionKind.Unchanged, reportKey, head.Version, head.PreviousVersion, head.Fingerprint, 0, earlier.FindingCount);
            }

            var previous = head is null ? null : ReportJson.Deserialize(head.DocumentJson);
            var changes = ReportDiff.ChangedCells(previous, report);
            var record = new ReportVersionRecord(
                reportKey,
                (head?.Version ?? 0) + 1,
                head?.Version,
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
                clock.GetUtcNow());

            switch (await store.TryAppendVersionAsync(record, head?.Version ?? 0, cancellationToken))
            {
                case AppendOutcome.Appended:
                    return VersionDecision.FromCreated(record);
                case AppendOutcome.DuplicateIngestion:
                    var existing = await store.FindVersionByIngestionAsync(ingestionId, cancellationToken)
                        ?? throw new InvalidOperationException($"Store reported a duplicate ingestion {ingestionId} but has no version for it.");
                    return VersionDecision.FromCreated(existing);
                case AppendOutcome.Conflict:
                    // Another worker moved the head: decide again against the new head.
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 20) * (attempt + 1)), cancellationToken);
                    continue;
            }
        }

        throw new ConcurrencyConflictException($"Could not append a version of {reportKey} after {MaxAttempts} attempts.");
    }

    private async Task<ReportVersionRecord?> FindEarlierVersionAsync(string reportKey, string contentHash, CancellationToken cancellationToken)
    {
        // Versions per report stay few (corrections are rare), so reading the history is cheaper than a new index.
        var versions = await store.ListVersionsAsync(reportKey, cancellationToken);
        return versions.FirstOrDefault(v => v.ContentHash == contentHash);
    }

    private static string? FormatRegion(Region? region) =>
        region is null || region.IsEmpty ? null : string.Concat(region.Province, region.City, region.County);
}

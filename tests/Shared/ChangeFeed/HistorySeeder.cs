using System.Collections.Concurrent;
using System.Text;
using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Testing;

/// <summary>
/// Writes a history of final outcomes through the store port exactly as the pipeline does (submission, progress,
/// then a version with its final status in one commit, an unchanged status, or a rejection), concurrently so that
/// the store group-commits them, and returns what the changes feed must list: one entry per ingestion.
/// </summary>
internal static class HistorySeeder
{
    /// <summary>What one seeded ingestion ended as.</summary>
    internal sealed record SeededOutcome(Guid IngestionId, IngestionStatus Outcome, string? ReportKey, int? Version, string? ReasonCode, int? Year, string? Region, IReadOnlyList<CellChange> Changes);

    /// <summary>
    /// <paramref name="count"/> ingestions in groups of ten: six create version 1 of six reports, one creates version 2
    /// of the group's first report, two are unchanged (matching version 1 of the second and third reports) and one is
    /// rejected. Reports spread over years 2021–2024 and three regions. Redelivered final statuses and duplicate
    /// appends are written too: they must add nothing to the feed.
    /// </summary>
    public static async Task<IReadOnlyList<SeededOutcome>> SeedAsync(IReportStore store, int count, string keyPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var outcomes = new ConcurrentBag<SeededOutcome>();
        var at = new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };

        // Versions 1 first (in parallel), then what builds on them.
        var firstPass = Enumerable.Range(0, count).Where(i => i % 10 < 6).ToList();
        var seeding = Task.Run(async () =>
        {
            await Parallel.ForEachAsync(firstPass, parallel, async (i, ct) => outcomes.Add(await SeedOneAsync(store, i, keyPrefix, at, ct)));
            await Parallel.ForEachAsync(Enumerable.Range(0, count).Except(firstPass), parallel, async (i, ct) => outcomes.Add(await SeedOneAsync(store, i, keyPrefix, at, ct)));
        }, cancellationToken);

        // A store that stops completing writes must fail the test, not hang it.
        await seeding.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        return [.. outcomes];
    }

    private static int YearOf(int group, int report) => 2021 + ((group + report) % 4);

    private static string RegionOf(int group, int report) => ((group + report) % 3) switch { 0 => "北京市", 1 => "上海市", _ => "广东省" };

    private static async Task<SeededOutcome> SeedOneAsync(IReportStore store, int i, string prefix, DateTimeOffset at, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        var raw = Encoding.UTF8.GetBytes($"raw {prefix} {i}");
        var submittedAt = at.AddSeconds(i);
        var stored = await store.AcceptSubmissionAsync(raw, new IngestionRecord(id, "", $"f{i}.pdf", null, IngestionStatus.Submitted, submittedAt, submittedAt, Stage: "submit"), ct);
        await store.RecordProgressAsync(new IngestionUpdate(id, IngestionStatus.Extracted, "extract", submittedAt.AddMilliseconds(1)), ct);
        var group = i / 10;
        var position = i % 10;
        if (position == 9)
        {
            var rejected = new IngestionUpdate(id, IngestionStatus.Rejected, "normalize", submittedAt.AddMilliseconds(2), "NOT_A_REPORT", $"file {i} is not a report");
            await store.UpdateIngestionAsync(rejected, ct);
            await store.UpdateIngestionAsync(rejected, ct); // redelivered: no second entry
            return new SeededOutcome(id, IngestionStatus.Rejected, null, null, "NOT_A_REPORT", null, null, []);
        }

        var report = position switch { 6 => 0, 7 => 1, 8 => 2, _ => position };
        var key = $"{prefix}{group:D5}-{report}";
        var year = YearOf(group, report);
        var region = RegionOf(group, report);
        if (position is 7 or 8)
        {
            await store.UpdateIngestionAsync(new IngestionUpdate(id, IngestionStatus.Unchanged, "store", submittedAt.AddMilliseconds(2), ReportKey: key, Version: 1), ct);
            return new SeededOutcome(id, IngestionStatus.Unchanged, key, 1, null, year, region, []);
        }

        var version = position == 6 ? 2 : 1;
        // As ReportDiff gives them: none for a first version.
        IReadOnlyList<CellChange> changes = version == 1
            ? []
            : [new CellChange("applications.total.newReceived", "NUMERIC", i - 6, null, "NUMERIC", i, null), new CellChange("applications.total.carriedOver", "NUMERIC", 1, "1", "MISSING", null, null)];
        var record = new ReportVersionRecord(
            key, version, version == 1 ? null : version - 1, id, stored.Sha256, $"f{i}.pdf", $"content-{i}", $"fp-{i}",
            $"{region}某某局", $"{region}某某局", region, year, "gb2021", i % 4,
            $$"""{"reportKey":"{{key}}","version":{{version}}}""", changes, submittedAt.AddMilliseconds(2));
        var final = new IngestionUpdate(id, IngestionStatus.VersionCreated, "store", submittedAt.AddMilliseconds(2), ReportKey: key, Version: version);
        var outcome = await store.AppendVersionAndCompleteAsync(record, version - 1, final, ct);
        if (outcome != AppendOutcome.Appended)
        {
            throw new InvalidOperationException($"Seeding {key} v{version} gave {outcome}.");
        }

        // A redelivery of the same store message: DuplicateIngestion, no second entry.
        await store.AppendVersionAndCompleteAsync(record, version - 1, final, ct);
        return new SeededOutcome(id, IngestionStatus.VersionCreated, key, version, null, year, region, changes);
    }
}

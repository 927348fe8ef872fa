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
        var steps = new ConcurrentDictionary<int, string>();
        var seeding = Task.Run(async () =>
        {
            await Parallel.ForEachAsync(firstPass, parallel, async (i, ct) => outcomes.Add(await SeedOneAsync(store, i, keyPrefix, at, steps, ct)));
            await Parallel.ForEachAsync(Enumerable.Range(0, count).Except(firstPass), parallel, async (i, ct) => outcomes.Add(await SeedOneAsync(store, i, keyPrefix, at, steps, ct)));
        }, cancellationToken);
        if (await Task.WhenAny(seeding, Task.Delay(TimeSpan.FromSeconds(40), cancellationToken)) != seeding)
        {
            throw new TimeoutException($"Seeding stuck after {outcomes.Count}: {string.Join("; ", steps.Where(s => s.Value != "done").Select(s => $"{s.Key}={s.Value}"))}");
        }

        await seeding;
        return [.. outcomes];
    }

    private static int YearOf(int group, int report) => 2021 + ((group + report) % 4);

    private static string RegionOf(int group, int report) => ((group + report) % 3) switch { 0 => "北京市", 1 => "上海市", _ => "广东省" };

    private static async Task<SeededOutcome> SeedOneAsync(IReportStore store, int i, string prefix, DateTimeOffset at, ConcurrentDictionary<int, string> steps, CancellationToken ct)
    {
        var r = await SeedOneCoreAsync(store, i, prefix, at, steps, ct);
        steps[i] = "done";
        return r;
    }

    private static async Task<SeededOutcome> SeedOneCoreAsync(IReportStore store, int i, string prefix, DateTimeOffset at, ConcurrentDictionary<int, string> steps, CancellationToken ct)
    {
        steps[i] = "accept";
        var id = Guid.NewGuid();
        var raw = Encoding.UTF8.GetBytes($"raw {prefix} {i}");
        var submittedAt = at.AddSeconds(i);
        var stored = await store.AcceptSubmissionAsync(raw, new IngestionRecord(id, "", $"f{i}.pdf", null, IngestionStatus.Submitted, submittedAt, submittedAt, Stage: "submit"), ct);
        steps[i] = "progress";
        await store.RecordProgressAsync(new IngestionUpdate(id, IngestionStatus.Extracted, "extract", submittedAt.AddMilliseconds(1)), ct);
        var group = i / 10;
        var position = i % 10;
        if (position == 9)
        {
            var rejected = new IngestionUpdate(id, IngestionStatus.Rejected, "normalize", submittedAt.AddMilliseconds(2), "NOT_A_REPORT", $"file {i} is not a report");
            steps[i] = "reject";
            await store.UpdateIngestionAsync(rejected, ct);
            steps[i] = "reject2";
            await store.UpdateIngestionAsync(rejected, ct); // redelivered: no second entry
            return new SeededOutcome(id, IngestionStatus.Rejected, null, null, "NOT_A_REPORT", null, null, []);
        }

        var report = position switch { 6 => 0, 7 => 1, 8 => 2, _ => position };
        var key = $"{prefix}{group:D5}-{report}";
        var year = YearOf(group, report);
        var region = RegionOf(group, report);
        if (position is 7 or 8)
        {
            steps[i] = "unchanged";
            await store.UpdateIngestionAsync(new IngestionUpdate(id, IngestionStatus.Unchanged, "store", submittedAt.AddMilliseconds(2), ReportKey: key, Version: 1), ct);
            return new SeededOutcome(id, IngestionStatus.Unchanged, key, 1, null, year, region, []);
        }

        var version = position == 6 ? 2 : 1;
        IReadOnlyList<CellChange> changes = version == 1
            ? [new CellChange("applications.total.newReceived", null, null, null, "Value", i, i.ToString(System.Globalization.CultureInfo.InvariantCulture))]
            : [new CellChange("applications.total.newReceived", "Value", i - 6, null, "Value", i, null), new CellChange("applications.total.carriedOver", "Value", 1, "1", "Missing", null, null)];
        var record = new ReportVersionRecord(
            key, version, version == 1 ? null : version - 1, id, stored.Sha256, $"f{i}.pdf", $"content-{i}", $"fp-{i}",
            $"{region}某某局", $"{region}某某局", region, year, "gb2021", i % 4,
            $$"""{"reportKey":"{{key}}","version":{{version}}}""", changes, submittedAt.AddMilliseconds(2));
        var final = new IngestionUpdate(id, IngestionStatus.VersionCreated, "store", submittedAt.AddMilliseconds(2), ReportKey: key, Version: version);
        steps[i] = "append";
        var outcome = await store.AppendVersionAndCompleteAsync(record, version - 1, final, ct);
        if (outcome != AppendOutcome.Appended)
        {
            throw new InvalidOperationException($"Seeding {key} v{version} gave {outcome}.");
        }

        // A redelivery of the same store message: DuplicateIngestion, no second entry.
        steps[i] = "append2";
        await store.AppendVersionAndCompleteAsync(record, version - 1, final, ct);
        return new SeededOutcome(id, IngestionStatus.VersionCreated, key, version, null, year, region, changes);
    }
}

using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Infrastructure.Tests;

/// <summary>Re-processing's storage (<see cref="IReprocessStore"/>) and the version fields it records, on every adapter.</summary>
public abstract partial class ReportStoreContractTests
{
    private static readonly SubmissionHints Hints = new("site-7", "某某局", "山东省临沂市兰陵县", 2024);

    [Fact]
    public async Task Version_keeps_parser_version_reason_media_type_and_hints()
    {
        var store = await CreateStoreAsync();
        var version = Stamped(NewVersion("r1", 1), "p-1111111111111111", "application/pdf");

        await store.TryAppendVersionAsync(version, 0, Ct);

        AssertSameVersion(version, await store.GetVersionAsync("r1", 1, Ct));
        AssertSameVersion(version, Assert.Single(await store.ListVersionsAsync("r1", Ct)));
    }

    [Fact]
    public async Task Reprocess_candidates_are_current_versions_filtered_by_key_media_type_date_and_parser_version()
    {
        var store = await CreateStoreAsync();
        var reprocess = Assert.IsAssignableFrom<IReprocessStore>(store);
        await store.TryAppendVersionAsync(Stamped(NewVersion("a", 1), "p-old", "application/pdf"), 0, Ct);
        await store.TryAppendVersionAsync(Stamped(NewVersion("a", 2), "p-new", "text/html"), 1, Ct);
        await store.TryAppendVersionAsync(Stamped(NewVersion("b", 1), "p-old", "application/pdf"), 0, Ct);
        await store.TryAppendVersionAsync(NewVersion("c", 1) with { ParserVersion = null, MediaType = "text/plain" }, 0, Ct);

        var all = await reprocess.ListReprocessCandidatesAsync(new ReprocessSelection(), Ct);
        Assert.Equal(["a", "b", "c"], all.Select(c => c.ReportKey));
        var a = all[0];
        Assert.Equal(2, a.Version);
        Assert.Equal(NewVersion("a", 2).SourceSha256, a.SourceSha256);
        Assert.Equal("v2.pdf", a.SourceFileName);
        Assert.Equal("text/html", a.MediaType);
        Assert.Equal("p-new", a.ParserVersion);
        Assert.Equal(Hints, a.Hints);
        Assert.Equal(T0.AddMinutes(2), a.CreatedAt);

        Assert.Equal(["b"], await KeysAsync(new ReprocessSelection(ReportKeys: ["b", "zz"])));
        Assert.Equal(["b"], await KeysAsync(new ReprocessSelection(MediaType: "APPLICATION/PDF")));
        Assert.Equal(["b", "c"], await KeysAsync(new ReprocessSelection(StaleAgainst: "p-new")));
        Assert.Equal(["a"], await KeysAsync(new ReprocessSelection(CreatedFrom: T0.AddMinutes(2))));
        Assert.Equal(["b", "c"], await KeysAsync(new ReprocessSelection(CreatedBefore: T0.AddMinutes(2))));
        Assert.Empty(await KeysAsync(new ReprocessSelection(ReportKeys: ["a"], MediaType: "application/pdf")));

        async Task<IEnumerable<string>> KeysAsync(ReprocessSelection selection) =>
            (await reprocess.ListReprocessCandidatesAsync(selection, Ct)).Select(c => c.ReportKey);
    }

    [Fact]
    public async Task Current_version_is_found_by_its_raw_file_and_a_confirmed_parser_version_is_no_longer_stale()
    {
        var store = await CreateStoreAsync();
        var reprocess = Assert.IsAssignableFrom<IReprocessStore>(store);
        var v1 = Stamped(NewVersion("a", 1), "p-old", "text/plain");
        var v2 = Stamped(NewVersion("a", 2), "p-old", "text/plain");
        await store.TryAppendVersionAsync(v1, 0, Ct);
        await store.TryAppendVersionAsync(v2, 1, Ct);

        Assert.Null(await reprocess.FindCurrentVersionBySourceAsync(v1.SourceSha256, Ct)); // behind an older version only
        Assert.Null(await reprocess.FindCurrentVersionBySourceAsync(Core.Parsing.Sha256Hex.Of("unknown"), Ct));
        var found = await reprocess.FindCurrentVersionBySourceAsync(v2.SourceSha256, Ct);
        Assert.Equal(("a", 2, "p-old"), (found!.ReportKey, found.Version, found.ParserVersion));

        // Another raw file, or another version, confirms nothing.
        await reprocess.ConfirmParserVersionAsync("a", 2, v1.SourceSha256, "p-new", Ct);
        await reprocess.ConfirmParserVersionAsync("a", 1, v1.SourceSha256, "p-new", Ct);
        await SettleAsync(store);
        Assert.Equal("p-old", (await reprocess.FindCurrentVersionBySourceAsync(v2.SourceSha256, Ct))!.ParserVersion);

        await reprocess.ConfirmParserVersionAsync("a", 2, v2.SourceSha256, "p-new", Ct);
        await SettleAsync(store);
        Assert.Equal("p-new", (await reprocess.FindCurrentVersionBySourceAsync(v2.SourceSha256, Ct))!.ParserVersion);
        Assert.Empty(await reprocess.ListReprocessCandidatesAsync(new ReprocessSelection(StaleAgainst: "p-new"), Ct));

        // The version itself still says which parser made it.
        Assert.Equal("p-old", (await store.GetVersionAsync("a", 2, Ct))!.ParserVersion);
    }

    [Fact]
    public async Task Rename_report_moves_head_versions_and_ingestions_but_never_merges()
    {
        var store = await CreateStoreAsync();
        var keys = Assert.IsAssignableFrom<IReportKeyMigration>(store);
        var submission = NewSubmission();
        await store.RecordSubmissionAsync(submission, Ct);
        var v1 = NewVersion("2024-兰陵县site-7", 1) with { IngestionId = submission.IngestionId };
        await store.AppendVersionAndCompleteAsync(v1, 0, new IngestionUpdate(submission.IngestionId, IngestionStatus.VersionCreated, "store", T0, ReportKey: v1.ReportKey, Version: 1), Ct);
        await store.TryAppendVersionAsync(NewVersion("2024-兰陵县site-7", 2), 1, Ct);
        await store.TryAppendVersionAsync(NewVersion("taken", 1), 0, Ct);

        Assert.Equal(KeyMigrationOutcome.TargetExists, await keys.RenameReportAsync("2024-兰陵县site-7", "taken", Ct));
        Assert.Equal(KeyMigrationOutcome.Renamed, await keys.RenameReportAsync("2024-兰陵县site-7", "2024-兰陵县卫生健康局", Ct));
        Assert.Equal(KeyMigrationOutcome.NotFound, await keys.RenameReportAsync("2024-兰陵县site-7", "2024-兰陵县卫生健康局", Ct));

        Assert.Null(await store.GetHeadAsync("2024-兰陵县site-7", Ct));
        Assert.Empty(await store.ListVersionsAsync("2024-兰陵县site-7", Ct));
        Assert.Equal(2, (await store.GetHeadAsync("2024-兰陵县卫生健康局", Ct))!.CurrentVersion);
        Assert.Equal([1, 2], (await store.ListVersionsAsync("2024-兰陵县卫生健康局", Ct)).Select(v => v.Version));
        Assert.Equal("2024-兰陵县卫生健康局", (await store.GetIngestionAsync(submission.IngestionId, Ct))!.ReportKey);
        Assert.Single(await store.ListVersionsAsync("taken", Ct));
    }

    private static ReportVersionRecord Stamped(ReportVersionRecord version, string parserVersion, string mediaType) =>
        version with
        {
            ParserVersion = parserVersion,
            Reason = version.Version == 1 ? VersionReason.New : VersionReason.SourceChange,
            MediaType = mediaType,
            Hints = Hints,
        };
}

using System.Text;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Infrastructure.Tests;

/// <summary>
/// The behaviour every <see cref="IReportStore"/> adapter must have. An adapter's test class inherits this
/// and supplies <see cref="CreateStoreAsync"/>. Timestamps use whole milliseconds so that stores with
/// millisecond precision (BSON dates) can pass; offsets are compared as instants.
/// </summary>
public abstract partial class ReportStoreContractTests
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 10, 30, 15, 123, TimeSpan.FromHours(8));

    protected static readonly IReadOnlyList<CellChange> NoChanges = Array.Empty<CellChange>();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty and initialized store, not shared with any other test (on <paramref name="timeProvider"/>'s clock if given).</summary>
    protected abstract Task<IReportStore> CreateStoreAsync(TimeProvider? timeProvider = null);

    /// <summary>Waits until whatever the store buffers (progress) is written, where the adapter buffers anything.</summary>
    protected virtual Task SettleAsync(IReportStore store) => Task.CompletedTask;

    // ---- raw files -------------------------------------------------------------------------------

    [Fact]
    public async Task GetStoreId_is_stable_for_the_store_and_every_instance_opening_it()
    {
        var store = await CreateStoreAsync();
        var again = await CreateStoreAsync();

        var id = await store.GetStoreIdAsync(Ct);
        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? store : again).GetStoreIdAsync(Ct)));

        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.All(ids, other => Assert.Equal(id, other));
    }

    [Fact]
    public async Task PutRawFile_new_content_returns_sha256_and_round_trips()
    {
        var store = await CreateStoreAsync();
        var bytes = Encoding.UTF8.GetBytes("某某县人民政府2024年政府信息公开工作年度报告");

        var stored = await store.PutRawFileAsync(bytes, "report.txt", Ct);

        Assert.Equal(Sha256Hex.Of(bytes), stored.Sha256);
        Assert.Equal(bytes.Length, stored.Length);
        Assert.False(stored.AlreadyStored);
        Assert.Equal(bytes, await store.GetRawFileAsync(stored.Sha256, Ct));
    }

    [Fact]
    public async Task PutRawFile_same_content_twice_reports_already_stored()
    {
        var store = await CreateStoreAsync();
        byte[] bytes = [0x25, 0x50, 0x44, 0x46, 0x00, 0xFF, 0x10];

        var first = await store.PutRawFileAsync(bytes, "a.pdf", Ct);
        var second = await store.PutRawFileAsync(bytes, "b.pdf", Ct);

        Assert.False(first.AlreadyStored);
        Assert.True(second.AlreadyStored);
        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Equal(bytes, await store.GetRawFileAsync(first.Sha256, Ct));
    }

    [Fact]
    public async Task GetRawFile_unknown_sha256_returns_null()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetRawFileAsync(Sha256Hex.Of("nothing stored"), Ct));
    }

    // ---- ingestions ------------------------------------------------------------------------------

    [Fact]
    public async Task RecordSubmission_same_id_twice_keeps_first_record()
    {
        var store = await CreateStoreAsync();
        var first = NewSubmission();

        await store.RecordSubmissionAsync(first, Ct);
        await store.RecordSubmissionAsync(first with { FileName = "other.pdf", Status = IngestionStatus.Failed, UpdatedAt = T0.AddHours(1) }, Ct);

        Assert.Equal(first, await store.GetIngestionAsync(first.IngestionId, Ct));
    }

    [Fact]
    public async Task UpdateIngestion_null_members_keep_stored_values()
    {
        var store = await CreateStoreAsync();
        var submission = NewSubmission();
        await store.RecordSubmissionAsync(submission, Ct);

        await store.UpdateIngestionAsync(new IngestionUpdate(
            submission.IngestionId, IngestionStatus.Validated, "validate", T0.AddMinutes(1), ReportKey: "k", Version: 3), Ct);
        await store.UpdateIngestionAsync(new IngestionUpdate(
            submission.IngestionId, IngestionStatus.Rejected, "validate", T0.AddMinutes(2), ReasonCode: "R1", Reason: "bad"), Ct);

        var stored = await store.GetIngestionAsync(submission.IngestionId, Ct);
        Assert.Equal(
            submission with
            {
                Status = IngestionStatus.Rejected,
                Stage = "validate",
                UpdatedAt = T0.AddMinutes(2),
                ReasonCode = "R1",
                Reason = "bad",
                ReportKey = "k",
                Version = 3,
            },
            stored);
    }

    [Fact]
    public async Task UpdateIngestion_status_only_moves_forward_and_final_statuses_stay()
    {
        var store = await CreateStoreAsync();
        var submission = NewSubmission();
        await store.RecordSubmissionAsync(submission, Ct);
        var id = submission.IngestionId;

        await store.UpdateIngestionAsync(new IngestionUpdate(id, IngestionStatus.Normalized, "normalize", T0.AddMinutes(1)), Ct);
        // A late redelivery of the extract stage does not move the status back.
        await store.UpdateIngestionAsync(new IngestionUpdate(id, IngestionStatus.Extracted, "extract", T0.AddMinutes(2)), Ct);
        Assert.Equal(IngestionStatus.Normalized, (await store.GetIngestionAsync(id, Ct))!.Status);

        // Failed replaces unfinished work; a redrive that succeeds replaces Failed.
        await store.UpdateIngestionAsync(new IngestionUpdate(id, IngestionStatus.Failed, "validate", T0.AddMinutes(3), "STAGE_FAILED", "boom"), Ct);
        Assert.Equal(IngestionStatus.Failed, (await store.GetIngestionAsync(id, Ct))!.Status);
        await store.UpdateIngestionAsync(new IngestionUpdate(id, IngestionStatus.Validated, "validate", T0.AddMinutes(4)), Ct);
        await store.UpdateIngestionAsync(new IngestionUpdate(id, IngestionStatus.VersionCreated, "store", T0.AddMinutes(5), ReportKey: "k", Version: 1), Ct);

        // Nothing replaces a final status: not a late stage redelivery, not a late fault, not another final status.
        await store.UpdateIngestionAsync(new IngestionUpdate(id, IngestionStatus.Validated, "validate", T0.AddMinutes(6)), Ct);
        await store.UpdateIngestionAsync(new IngestionUpdate(id, IngestionStatus.Failed, "store", T0.AddMinutes(7), "STAGE_FAILED", "late"), Ct);
        await store.UpdateIngestionAsync(new IngestionUpdate(id, IngestionStatus.Rejected, "validate", T0.AddMinutes(8), "R", "late"), Ct);

        var stored = await store.GetIngestionAsync(id, Ct);
        Assert.Equal(IngestionStatus.VersionCreated, stored!.Status);
        Assert.Equal("store", stored.Stage);
        Assert.Equal(T0.AddMinutes(5), stored.UpdatedAt);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task UpdateIngestion_unknown_id_changes_nothing()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();

        await store.UpdateIngestionAsync(new IngestionUpdate(id, IngestionStatus.Failed, "extract", T0), Ct);

        Assert.Null(await store.GetIngestionAsync(id, Ct));
    }

    [Fact]
    public async Task GetIngestion_unknown_id_returns_null()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetIngestionAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task CountIngestionsByStatus_counts_current_status_of_ingestions_updated_since_as_instants()
    {
        var store = await CreateStoreAsync();
        var old = NewSubmission();
        var submitted = NewSubmission() with { UpdatedAt = T0.AddMinutes(10) };
        var rejected = NewSubmission();
        var created = NewSubmission();
        foreach (var record in new[] { old, submitted, rejected, created })
        {
            await store.RecordSubmissionAsync(record, Ct);
        }

        await store.UpdateIngestionAsync(new IngestionUpdate(rejected.IngestionId, IngestionStatus.Rejected, "extract", T0.AddMinutes(5), ReasonCode: "R"), Ct);
        await store.UpdateIngestionAsync(new IngestionUpdate(created.IngestionId, IngestionStatus.VersionCreated, "store", T0.AddMinutes(6)), Ct);

        // The same instant written with another offset: 02:31:15.123Z == 10:31:15.123+08:00.
        var since = T0.AddMinutes(1).ToUniversalTime();
        var counts = await store.CountIngestionsByStatusAsync(since, Ct);

        Assert.Equal(3, counts.Values.Sum());
        Assert.Equal(1, counts[IngestionStatus.Submitted]);
        Assert.Equal(1, counts[IngestionStatus.Rejected]);
        Assert.Equal(1, counts[IngestionStatus.VersionCreated]);
        Assert.False(counts.ContainsKey(IngestionStatus.Failed));
        Assert.Empty(await store.CountIngestionsByStatusAsync(T0.AddHours(1), Ct));
    }

    // ---- artifacts -------------------------------------------------------------------------------

    [Fact]
    public async Task PutArtifact_same_stage_twice_overwrites_and_other_stages_are_separate()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();

        await store.PutArtifactAsync(id, "extract", "{\"v\":1}", Ct);
        await store.PutArtifactAsync(id, "extract", "{\"v\":2}", Ct);
        await store.PutArtifactAsync(id, "normalize", "{\"n\":\"规范\"}", Ct);

        Assert.Equal("{\"v\":2}", await store.GetArtifactAsync(id, "extract", Ct));
        Assert.Equal("{\"n\":\"规范\"}", await store.GetArtifactAsync(id, "normalize", Ct));
        Assert.Null(await store.GetArtifactAsync(id, "validate", Ct));
        Assert.Null(await store.GetArtifactAsync(Guid.NewGuid(), "extract", Ct));
    }

    // ---- report versions -------------------------------------------------------------------------

    [Fact]
    public async Task TryAppendVersion_first_version_with_expected_zero_creates_head_at_one()
    {
        var store = await CreateStoreAsync();
        var version = NewVersion("r1", 1);

        var outcome = await store.TryAppendVersionAsync(version, 0, Ct);

        Assert.Equal(AppendOutcome.Appended, outcome);
        Assert.Equal(
            new ReportHead("r1", version.Organization, version.OrganizationNormalized, version.Region, version.Year,
                version.TemplateVersion, 1, version.ContentHash, version.FindingCount, version.CreatedAt),
            await store.GetHeadAsync("r1", Ct));
        AssertSameVersion(version, await store.GetVersionAsync("r1", 1, Ct));
    }

    [Fact]
    public async Task TryAppendVersion_next_version_moves_head_to_its_fields()
    {
        var store = await CreateStoreAsync();
        await store.TryAppendVersionAsync(NewVersion("r1", 1), 0, Ct);
        var second = NewVersion("r1", 2) with
        {
            Organization = "改名后的单位",
            OrganizationNormalized = null,
            Region = "440300",
            TemplateVersion = "2021",
            ContentHash = "hash-2",
            FindingCount = 0,
            CreatedAt = T0.AddDays(1),
        };

        Assert.Equal(AppendOutcome.Appended, await store.TryAppendVersionAsync(second, 1, Ct));

        Assert.Equal(
            new ReportHead("r1", "改名后的单位", null, "440300", second.Year, "2021", 2, "hash-2", 0, T0.AddDays(1)),
            await store.GetHeadAsync("r1", Ct));
    }

    [Fact]
    public async Task TryAppendVersion_stale_expected_version_returns_conflict_and_stores_nothing()
    {
        var store = await CreateStoreAsync();
        await store.TryAppendVersionAsync(NewVersion("r1", 1), 0, Ct);
        await store.TryAppendVersionAsync(NewVersion("r1", 2), 1, Ct);
        var late = NewVersion("r1", 2);

        var outcome = await store.TryAppendVersionAsync(late, 1, Ct);

        Assert.Equal(AppendOutcome.Conflict, outcome);
        Assert.Equal(2, (await store.GetHeadAsync("r1", Ct))!.CurrentVersion);
        Assert.Equal(2, (await store.ListVersionsAsync("r1", Ct)).Count);
        Assert.Null(await store.FindVersionByIngestionAsync(late.IngestionId, Ct));
    }

    [Fact]
    public async Task TryAppendVersion_expected_zero_when_head_exists_returns_conflict()
    {
        var store = await CreateStoreAsync();
        await store.TryAppendVersionAsync(NewVersion("r1", 1), 0, Ct);

        Assert.Equal(AppendOutcome.Conflict, await store.TryAppendVersionAsync(NewVersion("r1", 1), 0, Ct));
        Assert.Single(await store.ListVersionsAsync("r1", Ct));
    }

    [Fact]
    public async Task TryAppendVersion_same_ingestion_again_returns_duplicate_ingestion()
    {
        var store = await CreateStoreAsync();
        var first = NewVersion("r1", 1);
        await store.TryAppendVersionAsync(first, 0, Ct);

        // A redelivery that re-read the head (now 1) and would otherwise append version 2.
        var redelivered = NewVersion("r1", 2) with { IngestionId = first.IngestionId };

        Assert.Equal(AppendOutcome.DuplicateIngestion, await store.TryAppendVersionAsync(redelivered, 1, Ct));
        Assert.Equal(AppendOutcome.DuplicateIngestion, await store.TryAppendVersionAsync(first, 0, Ct));
        Assert.Single(await store.ListVersionsAsync("r1", Ct));
    }

    [Fact]
    public async Task TryAppendVersion_same_ingestion_for_another_report_returns_duplicate_ingestion()
    {
        var store = await CreateStoreAsync();
        var first = NewVersion("r1", 1);
        await store.TryAppendVersionAsync(first, 0, Ct);

        var outcome = await store.TryAppendVersionAsync(NewVersion("r2", 1) with { IngestionId = first.IngestionId }, 0, Ct);

        Assert.Equal(AppendOutcome.DuplicateIngestion, outcome);
        Assert.Null(await store.GetHeadAsync("r2", Ct));
    }

    [Fact]
    public async Task TryAppendVersion_version_not_following_expected_throws()
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.TryAppendVersionAsync(NewVersion("r1", 2), 0, Ct));
        Assert.Null(await store.GetHeadAsync("r1", Ct));
    }

    [Fact]
    public async Task GetVersion_without_number_returns_current_and_with_number_returns_that_version()
    {
        var store = await CreateStoreAsync();
        var v1 = NewVersion("r1", 1);
        var v2 = NewVersion("r1", 2);
        await store.TryAppendVersionAsync(v1, 0, Ct);
        await store.TryAppendVersionAsync(v2, 1, Ct);

        AssertSameVersion(v2, await store.GetVersionAsync("r1", null, Ct));
        AssertSameVersion(v1, await store.GetVersionAsync("r1", 1, Ct));
        AssertSameVersion(v2, await store.GetVersionAsync("r1", 2, Ct));
        Assert.Null(await store.GetVersionAsync("r1", 3, Ct));
        Assert.Null(await store.GetVersionAsync("missing", null, Ct));
        Assert.Null(await store.GetHeadAsync("missing", Ct));
    }

    [Fact]
    public async Task ListVersions_returns_versions_oldest_first()
    {
        var store = await CreateStoreAsync();
        var versions = Enumerable.Range(1, 12).Select(n => NewVersion("r1", n)).ToList();
        foreach (var version in versions)
        {
            await store.TryAppendVersionAsync(version, version.Version - 1, Ct);
        }

        await store.TryAppendVersionAsync(NewVersion("other", 1), 0, Ct);

        var listed = await store.ListVersionsAsync("r1", Ct);

        // 12 versions: a text sort would put 10 before 2.
        Assert.Equal(Enumerable.Range(1, 12), listed.Select(v => v.Version));
        for (var i = 0; i < versions.Count; i++)
        {
            AssertSameVersion(versions[i], listed[i]);
        }

        Assert.Empty(await store.ListVersionsAsync("missing", Ct));
    }

    [Fact]
    public async Task ListHeads_returns_one_head_per_report_ordered_by_report_key()
    {
        var store = await CreateStoreAsync();
        string[] keys = ["440300|深圳市人民政府|2024", "110000|北京市人民政府|2024", "110000|北京市人民政府|2023", "a|b|2024"];
        foreach (var key in keys)
        {
            await store.TryAppendVersionAsync(NewVersion(key, 1), 0, Ct);
        }

        await store.TryAppendVersionAsync(NewVersion(keys[0], 2), 1, Ct);

        var heads = await store.ListHeadsAsync(Ct);

        Assert.Equal(keys.Order(StringComparer.Ordinal), heads.Select(h => h.ReportKey));
        Assert.Equal(2, heads.Single(h => h.ReportKey == keys[0]).CurrentVersion);
    }

    [Fact]
    public async Task QueryHeads_filters_and_pages_exactly_like_the_in_memory_reference()
    {
        var store = await CreateStoreAsync();
        (string Key, string Organization, string? Normalized, string? Region, int Year, string Template, int Findings)[] reports =
        [
            ("2023-440300-深圳市人民政府", "深圳市人民政府", "深圳市人民政府", "广东省/深圳市", 2023, "gb2021", 0),
            ("2024-440300-深圳市人民政府", "深圳市人民政府", "深圳市人民政府", "广东省/深圳市", 2024, "gb2021", 3),
            ("2024-110000-北京市卫健委", "北京市卫健委", "北京市卫生健康委员会", "北京市", 2024, "gb2021", 1),
            ("2020-济源-卫生健康委员会", "卫生健康委员会", null, null, 2020, "gb2019", 0),
            ("2019-a.b*c", "a.b*c (regex characters)", null, "x+y", 2019, "gb2019", 2),
        ];
        foreach (var r in reports)
        {
            await store.TryAppendVersionAsync(
                NewVersion(r.Key, 1) with { Organization = r.Organization, OrganizationNormalized = r.Normalized, Region = r.Region, Year = r.Year, TemplateVersion = r.Template, FindingCount = r.Findings },
                0,
                Ct);
        }

        var all = await store.ListHeadsAsync(Ct);
        ReportQuery[] queries =
        [
            new(),
            new() { Organization = "深圳" },
            new() { Organization = "卫生健康委员会" },
            new() { Organization = "b*c" },
            new() { Organization = ".b" },
            new() { Region = "广东" },
            new() { Region = "济源" },
            new() { Region = "x+y" },
            new() { Year = 2024 },
            new() { Year = 2024, TemplateVersion = "GB2021" },
            new() { TemplateVersion = "gb2019" },
            new() { HasFindings = true },
            new() { HasFindings = false, Year = 2023 },
            new() { Limit = 2 },
            new() { Limit = 2, AfterKey = "2020-济源-卫生健康委员会" },
            new() { AfterKey = "2024-440300-深圳市人民政府" },
            new() { Organization = "无此机关" },
        ];
        foreach (var query in queries)
        {
            var expected = query.Apply(all).Select(h => h.ReportKey).ToList();
            var actual = (await store.QueryHeadsAsync(query, Ct)).Select(h => h.ReportKey).ToList();
            Assert.True(expected.SequenceEqual(actual), $"{query}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
        }

        // Sanity of the reference itself on two queries.
        Assert.Equal(["2024-110000-北京市卫健委", "2024-440300-深圳市人民政府"], (await store.QueryHeadsAsync(new ReportQuery { Year = 2024 }, Ct)).Select(h => h.ReportKey));
        Assert.Equal(["2019-a.b*c"], (await store.QueryHeadsAsync(new ReportQuery { Organization = "b*c" }, Ct)).Select(h => h.ReportKey));
    }

    [Fact]
    public async Task ListHeads_empty_store_returns_empty()
    {
        var store = await CreateStoreAsync();

        Assert.Empty(await store.ListHeadsAsync(Ct));
    }

    [Fact]
    public async Task TryAppendVersion_changes_round_trip_exactly()
    {
        var store = await CreateStoreAsync();
        IReadOnlyList<CellChange> changes =
        [
            new("sections/2/rows/0/cells/1", null, null, null, "count", 71.8526m, "71.8526"),
            new("sections/2/rows/0/cells/2", "count", 3m, "3", "count", -2m, "-2"),
            new("sections/3/rows/1/cells/0", "percent", 0.10m, "0.10%", "percent", 100.000m, "100.000%"),
            new("sections/4/rows/0/cells/0", "count", 79228162514264337593543950335m, null, "text", null, "（无）"),
            new("sections/4/rows/0/cells/1", "count", -0.0000000000000000000000000001m, "x", "count", 1234567890.123456789m, "1,234,567,890.123456789"),
        ];
        var version = NewVersion("r1", 1) with { Changes = changes };

        await store.TryAppendVersionAsync(version, 0, Ct);

        var stored = await store.GetVersionAsync("r1", 1, Ct);
        AssertSameVersion(version, stored);
        // decimal equality ignores scale (2.0 == 2); the text form shows the digits survived as written.
        Assert.Equal(
            changes.Select(c => $"{c.OldValue}|{c.NewValue}"),
            stored!.Changes.Select(c => $"{c.OldValue}|{c.NewValue}"));
    }

    [Fact]
    public async Task FindVersionByIngestion_returns_the_version_that_ingestion_created()
    {
        var store = await CreateStoreAsync();
        var v1 = NewVersion("r1", 1);
        var v2 = NewVersion("r1", 2);
        await store.TryAppendVersionAsync(v1, 0, Ct);
        await store.TryAppendVersionAsync(v2, 1, Ct);

        AssertSameVersion(v1, await store.FindVersionByIngestionAsync(v1.IngestionId, Ct));
        AssertSameVersion(v2, await store.FindVersionByIngestionAsync(v2.IngestionId, Ct));
        Assert.Null(await store.FindVersionByIngestionAsync(Guid.NewGuid(), Ct));
    }

    // ---- one-commit hand-off: submission, version with final status, progress ------------------

    [Fact]
    public async Task AcceptSubmission_stores_raw_file_and_submission_with_its_sha256()
    {
        var store = await CreateStoreAsync();
        var bytes = Encoding.UTF8.GetBytes("某某县人民政府2024年政府信息公开工作年度报告（受理）");
        var record = NewSubmission() with { RawSha256 = Sha256Hex.Of(bytes) };

        var stored = await store.AcceptSubmissionAsync(bytes, record, Ct);

        Assert.Equal(new StoredRawFile(Sha256Hex.Of(bytes), bytes.Length, AlreadyStored: false), stored);
        Assert.Equal(bytes, await store.GetRawFileAsync(stored.Sha256, Ct));
        Assert.Equal(record, await store.GetIngestionAsync(record.IngestionId, Ct));
    }

    [Fact]
    public async Task AcceptSubmission_redelivered_keeps_first_record_and_same_bytes_are_already_stored()
    {
        var store = await CreateStoreAsync();
        byte[] bytes = [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31];
        var first = NewSubmission() with { RawSha256 = Sha256Hex.Of(bytes) };
        var other = NewSubmission() with { RawSha256 = Sha256Hex.Of(bytes), FileName = "again.pdf" };
        await store.AcceptSubmissionAsync(bytes, first, Ct);

        var again = await store.AcceptSubmissionAsync(bytes, first with { FileName = "changed.pdf", UpdatedAt = T0.AddHours(1) }, Ct);
        var second = await store.AcceptSubmissionAsync(bytes, other, Ct);

        Assert.True(again.AlreadyStored);
        Assert.True(second.AlreadyStored);
        Assert.Equal(first, await store.GetIngestionAsync(first.IngestionId, Ct));
        Assert.Equal(other, await store.GetIngestionAsync(other.IngestionId, Ct));
    }

    [Fact]
    public async Task AcceptSubmission_50_concurrent_calls_are_all_stored()
    {
        var store = await CreateStoreAsync();
        var submissions = Enumerable.Range(0, 50)
            .Select(i => Encoding.UTF8.GetBytes($"报告 {i}"))
            .Select(bytes => (Bytes: bytes, Record: NewSubmission() with { RawSha256 = Sha256Hex.Of(bytes) }))
            .ToList();

        var stored = await Task.WhenAll(submissions.Select(s => Task.Run(() => store.AcceptSubmissionAsync(s.Bytes, s.Record, Ct), Ct)));

        Assert.All(stored, s => Assert.False(s.AlreadyStored));
        foreach (var (bytes, record) in submissions)
        {
            Assert.Equal(record, await store.GetIngestionAsync(record.IngestionId, Ct));
            Assert.Equal(bytes, await store.GetRawFileAsync(record.RawSha256, Ct));
        }
    }

    [Fact]
    public async Task AppendVersionAndComplete_appended_moves_head_and_sets_final_status()
    {
        var store = await CreateStoreAsync();
        var submission = NewSubmission();
        await store.RecordSubmissionAsync(submission, Ct);
        var version = NewVersion("r1", 1) with { IngestionId = submission.IngestionId };
        var final = new IngestionUpdate(submission.IngestionId, IngestionStatus.VersionCreated, "store", T0.AddMinutes(5), ReportKey: "r1", Version: 1);

        Assert.Equal(AppendOutcome.Appended, await store.AppendVersionAndCompleteAsync(version, 0, final, Ct));

        Assert.Equal(1, (await store.GetHeadAsync("r1", Ct))!.CurrentVersion);
        AssertSameVersion(version, await store.FindVersionByIngestionAsync(submission.IngestionId, Ct));
        Assert.Equal(
            submission with { Status = IngestionStatus.VersionCreated, Stage = "store", UpdatedAt = T0.AddMinutes(5), ReportKey = "r1", Version = 1 },
            await store.GetIngestionAsync(submission.IngestionId, Ct));
    }

    [Fact]
    public async Task AppendVersionAndComplete_conflict_leaves_status_and_redelivery_is_duplicate_without_rewriting_status()
    {
        var store = await CreateStoreAsync();
        var winner = NewSubmission();
        var loser = NewSubmission();
        await store.RecordSubmissionAsync(winner, Ct);
        await store.RecordSubmissionAsync(loser, Ct);
        await store.UpdateIngestionAsync(new IngestionUpdate(loser.IngestionId, IngestionStatus.Validated, "validate", T0.AddMinutes(1)), Ct);
        var version = NewVersion("r1", 1) with { IngestionId = winner.IngestionId };
        var final = new IngestionUpdate(winner.IngestionId, IngestionStatus.VersionCreated, "store", T0.AddMinutes(5), ReportKey: "r1", Version: 1);
        await store.AppendVersionAndCompleteAsync(version, 0, final, Ct);

        var conflict = await store.AppendVersionAndCompleteAsync(
            NewVersion("r1", 1) with { IngestionId = loser.IngestionId }, 0,
            new IngestionUpdate(loser.IngestionId, IngestionStatus.VersionCreated, "store", T0.AddMinutes(6), ReportKey: "r1", Version: 1), Ct);
        var redelivered = await store.AppendVersionAndCompleteAsync(
            NewVersion("r1", 2) with { IngestionId = winner.IngestionId }, 1, final with { At = T0.AddMinutes(9), Version = 2 }, Ct);

        Assert.Equal(AppendOutcome.Conflict, conflict);
        Assert.Equal(AppendOutcome.DuplicateIngestion, redelivered);
        Assert.Equal(IngestionStatus.Validated, (await store.GetIngestionAsync(loser.IngestionId, Ct))!.Status);
        var completed = await store.GetIngestionAsync(winner.IngestionId, Ct);
        Assert.Equal((IngestionStatus.VersionCreated, T0.AddMinutes(5), (int?)1), (completed!.Status, completed.UpdatedAt, completed.Version));
        Assert.Single(await store.ListVersionsAsync("r1", Ct));
    }

    [Fact]
    public async Task AppendVersionAndComplete_redelivery_completes_an_ingestion_whose_version_has_no_final_status()
    {
        var store = await CreateStoreAsync();
        var submission = NewSubmission();
        await store.RecordSubmissionAsync(submission, Ct);
        var version = NewVersion("r1", 1) with { IngestionId = submission.IngestionId };
        // A first delivery that stopped between the version and its status (possible without transactions).
        await store.TryAppendVersionAsync(version, 0, Ct);

        var outcome = await store.AppendVersionAndCompleteAsync(
            NewVersion("r1", 2) with { IngestionId = submission.IngestionId }, 1,
            new IngestionUpdate(submission.IngestionId, IngestionStatus.VersionCreated, "store", T0.AddMinutes(5), ReportKey: "r1", Version: 1), Ct);

        Assert.Equal(AppendOutcome.DuplicateIngestion, outcome);
        Assert.Equal(
            submission with { Status = IngestionStatus.VersionCreated, Stage = "store", UpdatedAt = T0.AddMinutes(5), ReportKey = "r1", Version = 1 },
            await store.GetIngestionAsync(submission.IngestionId, Ct));
        Assert.Single(await store.ListVersionsAsync("r1", Ct));
    }

    [Fact]
    public async Task AppendVersionAndComplete_concurrent_calls_one_conflict_does_not_fail_the_others()
    {
        var store = await CreateStoreAsync();
        // Five reports appended once each, and five ingestions racing for version 1 of one more report.
        var calls = Enumerable.Range(0, 10).Select(i => (Key: i < 5 ? $"own-{i}" : "contested", Submission: NewSubmission())).ToList();
        foreach (var call in calls)
        {
            await store.RecordSubmissionAsync(call.Submission, Ct);
        }

        var outcomes = await Task.WhenAll(calls.Select(call => Task.Run(() => store.AppendVersionAndCompleteAsync(
            NewVersion(call.Key, 1) with { IngestionId = call.Submission.IngestionId }, 0,
            new IngestionUpdate(call.Submission.IngestionId, IngestionStatus.VersionCreated, "store", T0.AddMinutes(5), ReportKey: call.Key, Version: 1), Ct), Ct)));

        Assert.All(outcomes.Take(5), outcome => Assert.Equal(AppendOutcome.Appended, outcome));
        Assert.Equal(1, outcomes.Skip(5).Count(o => o == AppendOutcome.Appended));
        Assert.Equal(4, outcomes.Skip(5).Count(o => o == AppendOutcome.Conflict));
        for (var i = 0; i < calls.Count; i++)
        {
            var status = (await store.GetIngestionAsync(calls[i].Submission.IngestionId, Ct))!.Status;
            Assert.Equal(outcomes[i] == AppendOutcome.Appended ? IngestionStatus.VersionCreated : IngestionStatus.Submitted, status);
        }

        var contested = await store.ListVersionsAsync("contested", Ct);
        Assert.Equal(calls[5 + Array.IndexOf(outcomes[5..], AppendOutcome.Appended)].Submission.IngestionId, Assert.Single(contested).IngestionId);
    }

    [Fact]
    public async Task RecordProgress_is_seen_by_GetIngestion_and_moves_only_forward()
    {
        var store = await CreateStoreAsync();
        var submission = NewSubmission();
        await store.RecordSubmissionAsync(submission, Ct);
        var id = submission.IngestionId;

        await store.RecordProgressAsync(new IngestionUpdate(id, IngestionStatus.Normalized, "normalize", T0.AddMinutes(2), ReportKey: "k"), Ct);
        // A late redelivery of the extract stage does not move the status back.
        await store.RecordProgressAsync(new IngestionUpdate(id, IngestionStatus.Extracted, "extract", T0.AddMinutes(3)), Ct);
        var expected = submission with { Status = IngestionStatus.Normalized, Stage = "normalize", UpdatedAt = T0.AddMinutes(2), ReportKey = "k" };

        Assert.Equal(expected, await store.GetIngestionAsync(id, Ct));
        await SettleAsync(store);
        Assert.Equal(expected, await store.GetIngestionAsync(id, Ct));
    }

    [Fact]
    public async Task RecordProgress_after_final_status_is_ignored()
    {
        var store = await CreateStoreAsync();
        var submission = NewSubmission();
        await store.RecordSubmissionAsync(submission, Ct);
        var id = submission.IngestionId;
        await store.AppendVersionAndCompleteAsync(
            NewVersion("r1", 1) with { IngestionId = id }, 0,
            new IngestionUpdate(id, IngestionStatus.VersionCreated, "store", T0.AddMinutes(5), ReportKey: "r1", Version: 1), Ct);

        await store.RecordProgressAsync(new IngestionUpdate(id, IngestionStatus.Validated, "validate", T0.AddMinutes(6)), Ct);

        var expected = submission with { Status = IngestionStatus.VersionCreated, Stage = "store", UpdatedAt = T0.AddMinutes(5), ReportKey = "r1", Version = 1 };
        Assert.Equal(expected, await store.GetIngestionAsync(id, Ct));
        await SettleAsync(store);
        Assert.Equal(expected, await store.GetIngestionAsync(id, Ct));
    }

    [Fact]
    public async Task RecordProgress_then_a_later_status_supersedes_it()
    {
        var store = await CreateStoreAsync();
        var failed = NewSubmission();
        var completed = NewSubmission();
        await store.RecordSubmissionAsync(failed, Ct);
        await store.RecordSubmissionAsync(completed, Ct);
        await store.RecordProgressAsync(new IngestionUpdate(failed.IngestionId, IngestionStatus.Validated, "validate", T0.AddMinutes(1), ReportKey: "k"), Ct);
        await store.RecordProgressAsync(new IngestionUpdate(completed.IngestionId, IngestionStatus.Validated, "validate", T0.AddMinutes(1)), Ct);

        await store.UpdateIngestionAsync(new IngestionUpdate(failed.IngestionId, IngestionStatus.Failed, "store", T0.AddMinutes(2), "STAGE_FAILED", "boom"), Ct);
        await store.AppendVersionAndCompleteAsync(
            NewVersion("r1", 1) with { IngestionId = completed.IngestionId }, 0,
            new IngestionUpdate(completed.IngestionId, IngestionStatus.VersionCreated, "store", T0.AddMinutes(3), Version: 1), Ct);
        await SettleAsync(store);

        Assert.Equal(
            failed with { Status = IngestionStatus.Failed, Stage = "store", UpdatedAt = T0.AddMinutes(2), ReasonCode = "STAGE_FAILED", Reason = "boom", ReportKey = "k" },
            await store.GetIngestionAsync(failed.IngestionId, Ct));
        Assert.Equal(
            completed with { Status = IngestionStatus.VersionCreated, Stage = "store", UpdatedAt = T0.AddMinutes(3), Version = 1 },
            await store.GetIngestionAsync(completed.IngestionId, Ct));
    }

    [Fact]
    public async Task RecordProgress_unknown_ingestion_creates_nothing()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();

        await store.RecordProgressAsync(new IngestionUpdate(id, IngestionStatus.Extracted, "extract", T0), Ct);
        await SettleAsync(store);

        Assert.Null(await store.GetIngestionAsync(id, Ct));
    }

    [Fact]
    public async Task DeleteArtifacts_deletes_every_stage_of_that_ingestion_only()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        var other = Guid.NewGuid();
        await store.PutArtifactAsync(id, "extract", "e", Ct);
        await store.PutArtifactAsync(id, "normalize", "n", Ct);
        await store.PutArtifactAsync(other, "extract", "kept", Ct);

        await store.DeleteArtifactsAsync(id, Ct);
        await store.DeleteArtifactsAsync(Guid.NewGuid(), Ct);

        Assert.Null(await store.GetArtifactAsync(id, "extract", Ct));
        Assert.Null(await store.GetArtifactAsync(id, "normalize", Ct));
        Assert.Equal("kept", await store.GetArtifactAsync(other, "extract", Ct));
    }

    [Fact]
    public async Task PurgeArtifacts_deletes_the_artifacts_written_before_the_cutoff_and_counts_them()
    {
        var clock = new ManualTimeProvider(T0);
        var store = await CreateStoreAsync(clock);
        var old = Guid.NewGuid();
        var rewritten = Guid.NewGuid();
        var recent = Guid.NewGuid();
        await store.PutArtifactAsync(old, "extract", "old", Ct);
        await store.PutArtifactAsync(old, "normalize", "old", Ct);
        await store.PutArtifactAsync(rewritten, "extract", "first", Ct);
        clock.Now = T0.AddHours(2);
        await store.PutArtifactAsync(rewritten, "extract", "second", Ct);
        await store.PutArtifactAsync(recent, "extract", "recent", Ct);

        Assert.Equal(0, await store.PurgeArtifactsAsync(T0, Ct));
        // The cutoff as another offset of the same instant plus one hour: compared as instants.
        Assert.Equal(2, await store.PurgeArtifactsAsync(T0.AddHours(1).ToUniversalTime(), Ct));

        Assert.Null(await store.GetArtifactAsync(old, "extract", Ct));
        Assert.Null(await store.GetArtifactAsync(old, "normalize", Ct));
        Assert.Equal("second", await store.GetArtifactAsync(rewritten, "extract", Ct));
        Assert.Equal("recent", await store.GetArtifactAsync(recent, "extract", Ct));
        Assert.Equal(2, await store.PurgeArtifactsAsync(T0.AddHours(3), Ct));
        Assert.Equal(0, await store.PurgeArtifactsAsync(T0.AddHours(3), Ct));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    protected static IngestionRecord NewSubmission() => new(
        Guid.NewGuid(),
        Sha256Hex.Of("raw"),
        "某区2024年报.pdf",
        "https://example.gov.cn/report.pdf",
        IngestionStatus.Submitted,
        T0,
        T0,
        Stage: "submit");

    protected static ReportVersionRecord NewVersion(string reportKey, int version) => new(
        reportKey,
        version,
        version == 1 ? null : version - 1,
        Guid.NewGuid(),
        Sha256Hex.Of($"{reportKey}/{version}"),
        $"v{version}.pdf",
        $"content-{version}",
        $"fingerprint-{version}",
        "某某市人民政府办公室",
        "某某市人民政府",
        "110000",
        2024,
        "2021",
        version % 3,
        $$"""{"reportKey":"{{reportKey}}","version":{{version}},"items":[{"value":71.8526}]}""",
        NoChanges,
        T0.AddMinutes(version));

    protected static void AssertSameVersion(ReportVersionRecord expected, ReportVersionRecord? actual)
    {
        Assert.NotNull(actual);
        // Changes is a list (reference equality inside the record), so compare it element by element.
        Assert.Equal(expected with { Changes = NoChanges }, actual with { Changes = NoChanges });
        Assert.Equal(expected.Changes, actual.Changes);
    }

    /// <summary>A clock the test moves by hand; its timers are the system's.</summary>
    protected sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
    }
}

using IngestionPipeline.Core.Storage;
using IngestionPipeline.Testing;

namespace IngestionPipeline.Infrastructure.Tests;

/// <summary>
/// The changes feed every store adapter must serve (<see cref="IChangeFeed"/>): each final outcome exactly once, in
/// commit order, resumable from a cursor by a reader that started late or restarted.
/// </summary>
public abstract class ChangeFeedContractTests
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty, initialized store.</summary>
    protected abstract Task<IReportStore> CreateStoreAsync();

    /// <summary>Another instance over the same stored data, as a restarted process opens it.</summary>
    protected abstract Task<IReportStore> ReopenStoreAsync(IReportStore store);

    [Fact]
    public async Task Late_reader_paging_after_1000_outcomes_gets_each_exactly_once_and_resumes_on_a_reopened_store()
    {
        var store = await CreateStoreAsync();
        var seeded = await HistorySeeder.SeedAsync(store, 1000, "feed-", Ct);
        var feed = (IChangeFeed)store;

        // First half through this instance, the rest through a new one from the last cursor (a restarted reader).
        var read = new List<ChangeEntry>();
        var after = 0L;
        while (read.Count < 500)
        {
            var page = await feed.ReadChangesAsync(new ChangeQuery { AfterSequence = after, Limit = 37 }, Ct);
            Assert.NotEmpty(page);
            read.AddRange(page);
            after = page[^1].Sequence;
        }

        var cursor = ChangeCursor.Format(after);
        var reopened = (IChangeFeed)await ReopenStoreAsync(store);
        Assert.True(ChangeCursor.TryParse(cursor, out var resumed));
        while (true)
        {
            var page = await reopened.ReadChangesAsync(new ChangeQuery { AfterSequence = resumed, Limit = 37 }, Ct);
            if (page.Count == 0)
            {
                break;
            }

            read.AddRange(page);
            resumed = page[^1].Sequence;
        }

        Assert.Equal(1000, read.Count);
        Assert.Equal(read.Select(e => e.Sequence).Order(), read.Select(e => e.Sequence));
        Assert.Equal(read.Count, read.Select(e => e.Sequence).Distinct().Count());
        Assert.Equal(seeded.Select(s => s.IngestionId).Order(), read.Select(e => e.IngestionId).Order());
        var byId = seeded.ToDictionary(s => s.IngestionId);
        foreach (var entry in read)
        {
            var expected = byId[entry.IngestionId];
            Assert.Equal(expected.Outcome, entry.Outcome);
            Assert.Equal(expected.ReportKey, entry.ReportKey);
            Assert.Equal(expected.Version, entry.Version);
            Assert.Equal(expected.ReasonCode, entry.ReasonCode);
            Assert.Equal(expected.Year, entry.Year);
            Assert.Equal(expected.Region, entry.Region);
            Assert.Equal(64, entry.RawSha256.Length);
            if (entry.Outcome == IngestionStatus.VersionCreated)
            {
                Assert.Equal(expected.Changes, entry.Changes);
                Assert.Equal(expected.Version == 1 ? null : expected.Version - 1, entry.PreviousVersion);
                Assert.NotNull(entry.Fingerprint);
            }
            else
            {
                Assert.Null(entry.Changes);
            }
        }

        // Every version-1 entry precedes the entries that build on its report (commit order).
        var position = read.Select((e, i) => (e, i)).ToList();
        foreach (var (e, i) in position.Where(p => p.e.ReportKey is not null && (p.e.Outcome == IngestionStatus.Unchanged || p.e.Version == 2)))
        {
            Assert.Contains(position, p => p.e.ReportKey == e.ReportKey && p.e.Version == 1 && p.e.Outcome == IngestionStatus.VersionCreated && p.i < i);
        }
    }

    [Fact]
    public async Task Reader_following_the_tail_while_outcomes_commit_sees_each_once()
    {
        var store = await CreateStoreAsync();
        var feed = (IChangeFeed)store;
        var seeding = HistorySeeder.SeedAsync(store, 200, "tail-", Ct);
        var seen = new List<ChangeEntry>();
        var after = 0L;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (seen.Count < 200)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Only {seen.Count} of 200 entries after 60 s.");
            var page = await feed.ReadChangesAsync(new ChangeQuery { AfterSequence = after, Limit = 7 }, Ct);
            seen.AddRange(page);
            after = page.Count > 0 ? page[^1].Sequence : after;
            if (page.Count == 0)
            {
                if (seeding.IsFaulted)
                {
                    await seeding;
                }

                await Task.WhenAny(seeding, Task.Delay(10, Ct));
            }
        }

        var seeded = await seeding;
        Assert.Equal(seeded.Select(s => s.IngestionId).Order(), seen.Select(e => e.IngestionId).Order());
        Assert.Empty(await feed.ReadChangesAsync(new ChangeQuery { AfterSequence = after }, Ct));
    }

    [Fact]
    public async Task Filters_by_year_region_organization_and_time_match_the_entries_they_select()
    {
        var store = await CreateStoreAsync();
        var seeded = await HistorySeeder.SeedAsync(store, 100, "filter-", Ct);
        var feed = (IChangeFeed)store;
        var all = await feed.ReadChangesAsync(new ChangeQuery { Limit = ChangeQuery.MaxLimit }, Ct);
        Assert.Equal(100, all.Count);

        var year2023 = await feed.ReadChangesAsync(new ChangeQuery { Year = 2023, Limit = ChangeQuery.MaxLimit }, Ct);
        Assert.Equal(seeded.Where(s => s.Year == 2023).Select(s => s.IngestionId).Order(), year2023.Select(e => e.IngestionId).Order());
        Assert.NotEmpty(year2023);

        var shanghai = await feed.ReadChangesAsync(new ChangeQuery { Region = "上海", Limit = ChangeQuery.MaxLimit }, Ct);
        Assert.Equal(seeded.Where(s => s.Region == "上海市").Select(s => s.IngestionId).Order(), shanghai.Select(e => e.IngestionId).Order());

        var organization = await feed.ReadChangesAsync(new ChangeQuery { Organization = "广东省某某", Year = 2021, Limit = ChangeQuery.MaxLimit }, Ct);
        Assert.Equal(seeded.Where(s => s.Region == "广东省" && s.Year == 2021).Select(s => s.IngestionId).Order(), organization.Select(e => e.IngestionId).Order());

        Assert.Empty(await feed.ReadChangesAsync(new ChangeQuery { Since = DateTimeOffset.UtcNow.AddYears(5) }, Ct));
        var since = all[50].At;
        var recent = await feed.ReadChangesAsync(new ChangeQuery { Since = since, Limit = ChangeQuery.MaxLimit }, Ct);
        Assert.Equal(all.Where(e => e.At >= since).Select(e => e.IngestionId), recent.Select(e => e.IngestionId));

        // Filtered pages resume from the last entry returned.
        var paged = new List<ChangeEntry>();
        var after = 0L;
        IReadOnlyList<ChangeEntry> page;
        while ((page = await feed.ReadChangesAsync(new ChangeQuery { Region = "上海", AfterSequence = after, Limit = 3 }, Ct)).Count > 0)
        {
            paged.AddRange(page);
            after = page[^1].Sequence;
        }

        Assert.Equal(shanghai.Select(e => e.Sequence), paged.Select(e => e.Sequence));
    }

    [Fact]
    public void Cursor_round_trips_and_rejects_what_it_did_not_make()
    {
        Assert.True(ChangeCursor.TryParse(ChangeCursor.Format(1234567), out var sequence));
        Assert.Equal(1234567, sequence);
        Assert.True(ChangeCursor.TryParse(null, out var start));
        Assert.Equal(0, start);
        Assert.False(ChangeCursor.TryParse("1234", out _));
        Assert.False(ChangeCursor.TryParse("not base64 !", out _));
        Assert.False(ChangeCursor.TryParse(new string('A', 100), out _));
        Assert.DoesNotContain("1234567", ChangeCursor.Format(1234567), StringComparison.Ordinal);
    }
}

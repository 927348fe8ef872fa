using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace IngestionPipeline.Infrastructure.Tests;

/// <summary>
/// Report listings in SQL on a store with enough heads that the plan matters: the results equal the in-memory
/// reference (<see cref="ReportQuery.Apply"/>) page by page, keyset paging neither repeats nor skips a head, and
/// the plans use the listing indexes (no scan of every head, no sort of every head).
/// </summary>
[Collection(SqliteSerialCollection.Name)]
public sealed class SqliteReportQueryTests(SqliteReportQueryTests.StoreFixture fixture) : IClassFixture<SqliteReportQueryTests.StoreFixture>
{
    private const int HeadCount = 3000;

    private static readonly string[] Regions = ["北京市", "上海市", "广东省/深圳市", "河南省/济源市", null!];

    private readonly SqliteReportStore store = fixture.Store;
    private readonly IReadOnlyList<ReportHead> all = fixture.All;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One store of <see cref="HeadCount"/> heads shared by the tests of the class (they only read it).</summary>
    public sealed class StoreFixture : IAsyncLifetime
    {
        private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "ingestion-query-tests", Guid.NewGuid().ToString("N"));

        public SqliteReportStore Store { get; private set; } = null!;

        public IReadOnlyList<ReportHead> All { get; private set; } = [];

        public async ValueTask InitializeAsync()
        {
            Store = await NewStoreAsync(dataDirectory);
            // Concurrent appends share group commits: 3,000 heads in a few transactions.
            await Task.WhenAll(Enumerable.Range(0, HeadCount).Select(i => Store.TryAppendVersionAsync(Head(i, 1), 0, Ct)));
            All = await Store.ListHeadsAsync(Ct);
        }

        public async ValueTask DisposeAsync()
        {
            await DisposeStoreAsync(Store, dataDirectory);
        }
    }

    private static async Task<SqliteReportStore> NewStoreAsync(string dataDirectory)
    {
        var created = new SqliteReportStore(new SqliteStoreOptions { DataDirectory = dataDirectory, DurableCommits = false });
        await created.InitializeAsync(Ct);
        return created;
    }

    private static async Task DisposeStoreAsync(SqliteReportStore disposed, string dataDirectory)
    {
        await disposed.DisposeAsync();
        using (var connection = new SqliteConnection(disposed.ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    /// <summary>Head i: a unique organization; years, templates, regions and findings spread over the heads.</summary>
    private static ReportVersionRecord Head(int i, int version, string? organization = null) => new(
        $"{2015 + (i % 10)}-{Regions[i % 5] ?? "无"}-机关{i:D5}",
        version,
        version == 1 ? null : version - 1,
        Guid.NewGuid(),
        Sha256Hex.Of($"{i}/{version}"),
        $"{i}.pdf",
        $"content-{i}-{version}",
        $"fingerprint-{i}",
        organization ?? $"{Regions[i % 5]?.Split('/')[^1] ?? ""}第{i:D5}号机关人民政府",
        i % 7 == 0 ? null : $"机关{i:D5}",
        Regions[i % 5],
        2015 + (i % 10),
        i % 3 == 0 ? "gb2019" : "gb2021",
        i % 4 == 0 ? 0 : i % 4,
        "{}",
        [],
        new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i));

    public static TheoryData<string> Queries() =>
    [
        "",
        "organization=第00042号机关",
        "organization=人民政府",
        "organization=深圳",
        "organization=机关00",
        "organization=无此机关",
        "region=广东省",
        "region=济源",
        "region=北京市",
        "year=2019",
        "template=GB2019",
        "hasFindings=true",
        "hasFindings=false",
        "year=2020&template=gb2021&hasFindings=true",
        "organization=机关0123&year=2018",
        "organization=人民政府&region=上海市&year=2016",
    ];

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Pages_equal_the_in_memory_reference_with_no_duplicates_or_gaps(string filter)
    {
        var query = Parse(filter) with { Limit = 97 };
        var expected = (query with { Limit = int.MaxValue }).Apply(all).Select(h => h.ReportKey).ToList();

        var paged = new List<string>();
        string? after = null;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages <= HeadCount / 97 + 1, "paging did not end");
            var page = await store.QueryHeadsAsync(query with { AfterKey = after }, Ct);
            Assert.True(page.Count <= 97);
            Assert.Equal((query with { AfterKey = after }).Apply(all).Select(h => h.ReportKey), page.Select(h => h.ReportKey));
            paged.AddRange(page.Select(h => h.ReportKey));
            if (page.Count < 97)
            {
                break;
            }

            after = page[^1].ReportKey;
        }

        Assert.Equal(expected, paged);
        Assert.Equal(paged.Count, paged.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(expected.Count, await store.CountHeadsAsync(query with { AfterKey = "zzz", Limit = 1 }, Ct));

        var streamed = new List<string>();
        await foreach (var head in store.StreamHeadsAsync(query, cancellationToken: Ct))
        {
            streamed.Add(head.ReportKey);
        }

        Assert.Equal(expected, streamed);
    }

    [Fact]
    public async Task StreamHeads_stops_at_max()
    {
        var streamed = new List<string>();
        await foreach (var head in store.StreamHeadsAsync(new ReportQuery { Year = 2017 }, max: 123, cancellationToken: Ct))
        {
            streamed.Add(head.ReportKey);
        }

        Assert.Equal(new ReportQuery { Year = 2017, Limit = 123 }.Apply(all).Select(h => h.ReportKey), streamed);
    }

    [Theory]
    [InlineData("year=2019", "report_heads_by_year")]
    [InlineData("template=gb2021", "report_heads_by_template")]
    [InlineData("hasFindings=false", "report_heads_by_findings")]
    [InlineData("organization=第00042号机关", "SCAN hits")] // the rowids the trigram index found
    [InlineData("region=河南省/济源市", "SCAN hits")] // 600 of 3,000 heads: selective enough for the trigram index
    public async Task Filtered_pages_use_a_listing_index_and_no_sort_of_all_heads(string filter, string index)
    {
        var lines = await store.ExplainQueryHeadsAsync(Parse(filter) with { AfterKey = "2016" }, Ct);
        var plan = string.Join(" | ", lines);

        Assert.Contains(index, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN h", lines); // a scan of every head
        if (!plan.Contains("SCAN hits", StringComparison.Ordinal))
        {
            // Equality filters read their index in key order; only the few full-text hits are sorted.
            Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_common_text_filter_walks_the_key_order_instead_of_the_trigram_index()
    {
        var plan = string.Join(" | ", await store.ExplainQueryHeadsAsync(new ReportQuery { Organization = "人民政府" }, Ct));

        Assert.DoesNotContain("SCAN hits", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_text_index_follows_a_head_whose_organization_changes()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ingestion-query-tests", Guid.NewGuid().ToString("N"));
        var own = await NewStoreAsync(directory);
        try
        {
            await own.TryAppendVersionAsync(Head(42, 1), 0, Ct);
            Assert.Single(await own.QueryHeadsAsync(new ReportQuery { Organization = "第00042号机关" }, Ct));

            Assert.Equal(AppendOutcome.Appended, await own.TryAppendVersionAsync(Head(42, 2, organization: "改名后的机关甲乙丙"), 1, Ct));

            Assert.Empty(await own.QueryHeadsAsync(new ReportQuery { Organization = "第00042号机关" }, Ct));
            var renamed = Assert.Single(await own.QueryHeadsAsync(new ReportQuery { Organization = "机关甲乙丙" }, Ct));
            Assert.Equal(2, renamed.CurrentVersion);
        }
        finally
        {
            await DisposeStoreAsync(own, directory);
        }
    }

    private static ReportQuery Parse(string filter)
    {
        var query = new ReportQuery();
        foreach (var pair in filter.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            query = name switch
            {
                "organization" => query with { Organization = value },
                "region" => query with { Region = value },
                "year" => query with { Year = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "template" => query with { TemplateVersion = value },
                "hasFindings" => query with { HasFindings = bool.Parse(value) },
                _ => throw new ArgumentException(pair, nameof(filter)),
            };
        }

        return query;
    }
}

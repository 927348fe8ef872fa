using System.Globalization;
using System.Text.Json;
using IngestionPipeline.Core.Model;
using Microsoft.Playwright;

namespace IngestionPipeline.Dashboard.Tests;

/// <summary>
/// Every dashboard page in a real browser (Debian's chromium through Playwright) against the real API and store:
/// the page loads with the store's data, its charts draw on their canvas, filters and selections change what is shown,
/// a cell opens its raw text and source, no script errors and no request leaves the API's origin.
/// </summary>
[Trait("Tier", "Slow")]
public sealed class DashboardPageTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private static readonly float Timeout = 30_000;

    [Fact]
    public async Task Overview_shows_the_store_counts_and_draws_every_chart()
    {
        await using var session = await OpenAsync("index.html");
        var page = session.Page;

        var heads = await fixture.Store.ListHeadsAsync(TestContext.Current.CancellationToken);
        Assert.Equal(heads.Count.ToString(CultureInfo.InvariantCulture), await page.Locator("#cards .card .figure").First.TextContentAsync());
        foreach (var chart in new[] { "chart-year", "chart-template", "chart-region", "chart-validation", "chart-rule", "chart-origin" })
        {
            await AssertChartDrawnAsync(page, chart);
        }

        var agencyRow = page.Locator("#agency-table tr", new PageLocatorOptions { HasText = DashboardFixture.Agency });
        Assert.Equal("2021, 2022, 2023", await agencyRow.Locator("td").Nth(2).TextContentAsync());

        await fixture.ScreenshotAsync(page, "overview");
        session.AssertClean();
    }

    [Fact]
    public async Task Agency_page_charts_the_years_and_compares_year_against_year()
    {
        await using var session = await OpenAsync($"agency.html?organization={Uri.EscapeDataString(DashboardFixture.Agency)}");
        var page = session.Page;

        Assert.Equal(DashboardFixture.AgencyYears.Select(y => y.ToString(CultureInfo.InvariantCulture)), await page.Locator("#reports tbody tr td:first-child").AllTextContentsAsync());
        await AssertChartDrawnAsync(page, "chart-applications");
        await AssertChartDrawnAsync(page, "chart-review");

        // Default: the last two years; every gb2021 cell is a row, and its values are the stored ones.
        var y2022 = await DocumentAsync(DashboardFixture.AgencyYears[1]);
        var y2023 = await DocumentAsync(DashboardFixture.AgencyYears[2]);
        var rows = page.Locator("#comparison-table tbody tr");
        Assert.Equal(TemplateDefinition.Gb2021.CellPaths.Count, await rows.CountAsync());
        const string path = "applications.total.newReceived";
        var row = page.Locator($"#comparison-table tbody tr[data-path='{path}'] td");
        Assert.Equal(Shown(y2022[path]), await row.Nth(3).TextContentAsync());
        Assert.Equal(Shown(y2023[path]), await row.Nth(4).TextContentAsync());
        Assert.Equal(7, await page.Locator("#checks-table tbody tr").CountAsync());

        // Choosing another "from" year reloads the comparison for that year.
        await page.SelectOptionAsync("#from", "2021");
        await WaitReadyAsync(page);
        var y2021 = await DocumentAsync(DashboardFixture.AgencyYears[0]);
        Assert.Equal("2021", await page.Locator("#comparison-table thead th").Nth(3).TextContentAsync());
        Assert.Equal(Shown(y2021[path]), await page.Locator($"#comparison-table tbody tr[data-path='{path}'] td").Nth(3).TextContentAsync());
        Assert.Equal(0, await page.Locator("#checks-table").CountAsync()); // 2021 → 2023 are not consecutive: no carry-over check

        await page.SelectOptionAsync("#from", "2022");
        await WaitReadyAsync(page);
        await fixture.ScreenshotAsync(page, "agency");
        session.AssertClean();
    }

    [Fact]
    public async Task Report_page_lays_out_the_three_tables_and_a_cell_opens_its_source()
    {
        var key = fixture.AgencyReportKeys[DashboardFixture.AgencyYears[2]];
        await using var session = await OpenAsync($"report.html?key={Uri.EscapeDataString(key)}");
        var page = session.Page;
        var document = await DocumentAsync(DashboardFixture.AgencyYears[2]);

        Assert.Equal(3, await page.Locator("table.grid").CountAsync());
        Assert.Equal(TemplateDefinition.Gb2021.CellPaths.Count, await page.Locator("td.value").CountAsync());
        foreach (var (cellPath, cell) in document.Cells)
        {
            Assert.Equal(ReportJson.SemanticToWire(cell.Semantic), await page.Locator($"td.value[data-path='{cellPath}']").GetAttributeAsync("data-semantic"));
        }

        const string path = "applications.total.newReceived";
        var expected = document[path];
        Assert.NotNull(expected.Source);
        await page.Locator($"td.value[data-path='{path}']").ClickAsync();
        var details = page.Locator("#cell-details");
        await details.WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        Assert.Equal(path, await Field(details, "path"));
        Assert.Equal(expected.Raw, await Field(details, "raw"));
        Assert.Equal(expected.Source!.Table, await Field(details, "table", last: true));
        Assert.Equal(expected.Source.Row?.ToString(CultureInfo.InvariantCulture), await Field(details, "row", last: true));
        Assert.Equal(expected.Source.Column?.ToString(CultureInfo.InvariantCulture), await Field(details, "column", last: true));

        await fixture.ScreenshotAsync(page, "report");
        session.AssertClean();
    }

    [Fact]
    public async Task Findings_page_filters_change_the_rows()
    {
        await using var session = await OpenAsync("findings.html");
        var page = session.Page;

        var all = await page.Locator("#findings-table tbody tr").CountAsync();
        Assert.True(all > 1, "the store's reports have findings");
        var severities = (await page.Locator("#findings-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.severity)")).ToList();
        var severity = severities.GroupBy(s => s).OrderBy(g => g.Count()).First().Key;
        Assert.True(severities.Count(s => s == severity) < all, "at least two severities, so the filter must remove rows");

        await page.SelectOptionAsync("#severity", severity);
        await WaitReadyAsync(page);
        var filtered = await page.Locator("#findings-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.severity)");
        Assert.Equal(severities.Count(s => s == severity), filtered.Length);
        Assert.All(filtered, s => Assert.Equal(severity, s));
        Assert.Contains($"severity={severity}", page.Url, StringComparison.Ordinal);

        await fixture.ScreenshotAsync(page, "findings");
        session.AssertClean();
    }

    [Fact]
    public async Task Operations_page_shows_throughput_and_the_rejection_by_reason()
    {
        await using var session = await OpenAsync("operations.html");
        var page = session.Page;

        Assert.Equal(1, await page.Locator("#no-broker").CountAsync());
        await AssertChartDrawnAsync(page, "chart-throughput");
        await AssertChartDrawnAsync(page, "chart-reasons");
        var heads = await fixture.Store.ListHeadsAsync(TestContext.Current.CancellationToken);
        var versionsCreated = await page.Locator("#throughput-table tbody tr", new PageLocatorOptions { HasText = "lastDay" }).Locator("td").Nth(5).TextContentAsync();
        Assert.True(int.Parse(versionsCreated!, CultureInfo.InvariantCulture) >= heads.Count);
        var reasons = page.Locator("#reason-table tbody tr");
        Assert.Equal(1, await reasons.CountAsync());
        Assert.Equal("Rejected", await reasons.Locator("td").First.TextContentAsync());
        Assert.Equal(1, await page.Locator("#problem-table tbody tr", new PageLocatorOptions { HasText = "not-a-report.txt" }).CountAsync());

        await fixture.ScreenshotAsync(page, "operations");
        session.AssertClean();
    }

    private async Task<PageSession> OpenAsync(string relative)
    {
        Assert.SkipWhen(fixture.Chromium is null, fixture.SkipReason);
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            Locale = "zh-CN",
        });
        var session = new PageSession(context, await context.NewPageAsync(), fixture.Address);
        await session.Page.GotoAsync(new Uri(fixture.Address, "dashboard/" + relative).ToString());
        await WaitReadyAsync(session.Page);
        return session;
    }

    private static async Task WaitReadyAsync(IPage page)
    {
        await page.WaitForSelectorAsync("body[data-state='ready'], body[data-state='error']", new PageWaitForSelectorOptions { Timeout = Timeout });
        Assert.Equal("ready", await page.GetAttributeAsync("body", "data-state"));
    }

    /// <summary>Waits until ECharts reports the chart finished, then checks its canvas has drawn pixels.</summary>
    private static async Task AssertChartDrawnAsync(IPage page, string id)
    {
        await page.WaitForSelectorAsync($"#{id}[data-rendered='true'] canvas", new PageWaitForSelectorOptions { Timeout = Timeout, State = WaitForSelectorState.Attached });
        var drawn = await page.EvaluateAsync<int>(
            """
            id => {
              const canvas = document.querySelector(`#${id} canvas`);
              if (!canvas || canvas.width === 0 || canvas.height === 0) return 0;
              const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              let count = 0;
              for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) count++;
              return count;
            }
            """,
            id);
        Assert.True(drawn > 500, $"chart #{id} drew {drawn} pixels");
    }

    private async Task<CanonicalReport> DocumentAsync(int year)
    {
        var version = await fixture.Store.GetVersionAsync(fixture.AgencyReportKeys[year], null, TestContext.Current.CancellationToken);
        return ReportJson.Deserialize(version!.DocumentJson);
    }

    /// <summary>A cell as the dashboard shows it: the number, or the word for a blank, NA, text or missing cell.</summary>
    private static string Shown(Cell cell) => cell.HasValue
        ? cell.Value!.Value.ToString("#,0.####", CultureInfo.InvariantCulture)
        : cell.Semantic switch
        {
            CellSemantic.Empty => "空白",
            CellSemantic.NA => "/",
            CellSemantic.Text => "文字",
            _ => "缺失",
        };

    private static async Task<string?> Field(ILocator details, string field, bool last = false)
    {
        var values = details.Locator($"dd[data-field='{field}']");
        return await (last ? values.Last : values.First).TextContentAsync();
    }

    /// <summary>A browser context and page that record script errors and every request that leaves the API's origin.</summary>
    private sealed class PageSession : IAsyncDisposable
    {
        private readonly IBrowserContext context;
        private readonly List<string> errors = [];
        private readonly List<string> foreign = [];

        public PageSession(IBrowserContext context, IPage page, Uri origin)
        {
            this.context = context;
            Page = page;
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    lock (errors) { errors.Add($"{message.Text} ({message.Location})"); }
                }
            };
            page.PageError += (_, error) => { lock (errors) { errors.Add(error); } };
            page.Request += (_, request) =>
            {
                if (!request.Url.StartsWith(origin.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal))
                {
                    lock (foreign) { foreign.Add(request.Url); }
                }
            };
        }

        public IPage Page { get; }

        public void AssertClean()
        {
            lock (errors) { Assert.Empty(errors); }
            lock (foreign) { Assert.Empty(foreign); }
        }

        public async ValueTask DisposeAsync() => await context.CloseAsync();
    }
}

using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Corpus;
using IngestionPipeline.Corpus.Rendering;
using IngestionPipeline.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace IngestionPipeline.Dashboard.Tests;

/// <summary>
/// The real API on Kestrel at a free loopback port over a temp SQLite store, filled through <c>POST /ingestions</c>
/// (the in-process pipeline) with generated reports of one agency over three years, the sample reports of other
/// agencies and one file that is not a report (a rejection); and Debian's chromium driven by Playwright.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string ApiKey = "dashboard-test-key";

    /// <summary>The agency with three years of reports.</summary>
    public const string Agency = "曲阜市教育局";

    public static readonly int[] AgencyYears = [2021, 2022, 2023];

    /// <summary>Chromium's switches: no sandbox (containers), and nothing that reaches out to the network.</summary>
    private static readonly string[] ChromiumArgs = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly TempDirectory directory = new("dashboard");
    private WebApplication? app;
    private IPlaywright? playwright;

    /// <summary>The chromium executable, or null when none is installed (the tests then skip with <see cref="SkipReason"/>).</summary>
    public string? Chromium { get; } = FindChromium();

    public string SkipReason => "No chromium executable (set CHROMIUM_PATH, or install Debian's chromium: .ci/run does) — the browser tests need one and download nothing.";

    public Uri Address { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public IReportStore Store => app!.Services.GetRequiredService<IReportStore>();

    /// <summary>The report keys of <see cref="Agency"/>, by year.</summary>
    public IReadOnlyDictionary<int, string> AgencyReportKeys { get; private set; } = new Dictionary<int, string>();

    /// <summary>How many ingestions ended rejected (the file that is not a report).</summary>
    public int Rejected { get; private set; }

    /// <summary>Where screenshots are written: <c>TestResults/dashboard</c> under the repository.</summary>
    public string ScreenshotDirectory { get; } = Path.Combine(RepositoryPaths.Root, "TestResults", "dashboard");

    public async ValueTask InitializeAsync()
    {
        if (Chromium is null)
        {
            return;
        }

        var ct = TestContext.Current.CancellationToken;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = directory.Path,
            ["RabbitMq:Uri"] = "",
            ["Api:ApiKeys:0"] = ApiKey,
            ["Pipeline:RetryLimit"] = "1",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = await Api.ApiHost.BuildAsync(builder, ct);
        await app.StartAsync(ct);
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single() + "/");

        await FillAsync(ct);

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (playwright is not null)
        {
            await Browser.CloseAsync();
            playwright.Dispose();
        }

        if (app is not null)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }

        directory.Dispose();
    }

    /// <summary>
    /// Writes a screenshot of <paramref name="page"/> as <c>TestResults/dashboard/NAME.png</c>; with
    /// <c>DASHBOARD_SCREENSHOTS=docs</c> also as <c>docs/screenshots/dashboard-NAME.png</c> (the README's pictures).
    /// </summary>
    public async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        Assert.True(new FileInfo(path).Length > 0);
        if (Environment.GetEnvironmentVariable("DASHBOARD_SCREENSHOTS") == "docs")
        {
            var docs = Path.Combine(RepositoryPaths.Root, "docs", "screenshots");
            Directory.CreateDirectory(docs);
            File.Copy(path, Path.Combine(docs, $"dashboard-{name}.png"), overwrite: true);
        }
    }

    private async Task FillAsync(CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var ids = new List<Guid>();
        foreach (var year in AgencyYears)
        {
            var spec = AgencyReport(year);
            ids.Add(await UploadAsync(client, HtmlRenderer.Render(spec, new HtmlStyle { SiteChrome = false }), $"{spec.Name}.html", ct));
        }

        foreach (var file in RepositoryPaths.SampleFiles)
        {
            ids.Add(await UploadAsync(client, await File.ReadAllBytesAsync(file, ct), Path.GetFileName(file), ct));
        }

        ids.Add(await UploadAsync(client, "这不是一份年度报告，只是一段文字。"u8.ToArray(), "not-a-report.txt", ct));

        var keys = new Dictionary<int, string>();
        foreach (var id in ids)
        {
            var outcome = await WaitForOutcomeAsync(id, ct);
            if (outcome.Status == IngestionStatus.Rejected)
            {
                Rejected++;
            }
            else
            {
                Assert.Equal(IngestionStatus.VersionCreated, outcome.Status);
                var head = await Store.GetHeadAsync(outcome.ReportKey!, ct);
                if (head is not null && (head.OrganizationNormalized ?? head.Organization) == Agency)
                {
                    keys[head.Year] = head.ReportKey;
                }
            }
        }

        Assert.Equal(1, Rejected);
        Assert.Equal(AgencyYears, keys.Keys.Order());
        AgencyReportKeys = keys;
    }

    /// <summary>A generated gb2021 report of <see cref="Agency"/> for <paramref name="year"/> (the first seed the generator gives that year).</summary>
    private static ReportSpec AgencyReport(int year)
    {
        var agency = new AgencySpec("山东省", "济宁市", "曲阜市", Agency, Agency, Agency);
        for (var seed = 1; ; seed++)
        {
            var spec = ReportSpecGenerator.Generate(seed, $"qufu-{year}", new GeneratorOptions { Version = TemplateVersion.Gb2021 });
            if (spec.Year == year)
            {
                return spec with { Agency = agency, PrintedTitle = $"{Agency}{year}年政府信息公开工作年度报告" };
            }
        }
    }

    private static async Task<Guid> UploadAsync(HttpClient client, byte[] content, string fileName, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", fileName } };
        using var response = await client.PostAsync(new Uri("ingestions", UriKind.Relative), form, ct);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return body.RootElement.GetProperty("ingestionId").GetGuid();
    }

    private async Task<IngestionRecord> WaitForOutcomeAsync(Guid ingestionId, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(120);
        while (true)
        {
            var record = await Store.GetIngestionAsync(ingestionId, ct);
            if (record?.Status is IngestionStatus.VersionCreated or IngestionStatus.Unchanged or IngestionStatus.Rejected or IngestionStatus.Failed)
            {
                return record;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Ingestion {ingestionId} still {record?.Status} after 120 s.");
            await Task.Delay(50, ct);
        }
    }

    private static string? FindChromium()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        foreach (var candidate in new[] { configured, "/usr/bin/chromium", "/usr/bin/chromium-browser" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

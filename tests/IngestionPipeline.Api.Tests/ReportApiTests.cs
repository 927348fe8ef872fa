using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Testing;

namespace IngestionPipeline.Api.Tests;

/// <summary>Upload, status, listing, documents, history, diff and findings over real HTTP.</summary>
public sealed class ReportApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Upload_samples_each_stored_then_listed_filtered_and_served_as_contract_json()
    {
        await using var host = await ApiTestHost.StartAsync();
        var keys = new List<string>();
        foreach (var file in RepositoryPaths.SampleFiles)
        {
            var id = await host.UploadAsync(await File.ReadAllBytesAsync(file, Ct), Path.GetFileName(file));
            var outcome = await host.WaitForOutcomeAsync(id);
            Assert.Equal(IngestionStatus.VersionCreated, outcome.Status);
            Assert.Equal(1, outcome.Version);
            keys.Add(outcome.ReportKey!);
        }

        var heads = await GetJsonAsync<List<ReportHead>>(host, "/reports");
        Assert.Equal(keys.Order(StringComparer.Ordinal), heads.Select(h => h.ReportKey));

        // Filters, each checked against the same filter applied by hand to the full list.
        var first = heads[0];
        Assert.Equal(heads.Where(h => h.Year == first.Year).Select(h => h.ReportKey), (await GetJsonAsync<List<ReportHead>>(host, $"/reports?year={first.Year}")).Select(h => h.ReportKey));
        Assert.Equal(heads.Where(h => h.TemplateVersion == "gb2019").Select(h => h.ReportKey), (await GetJsonAsync<List<ReportHead>>(host, "/reports?template=gb2019")).Select(h => h.ReportKey));
        var withFindings = await GetJsonAsync<List<ReportHead>>(host, "/reports?hasFindings=true");
        var withoutFindings = await GetJsonAsync<List<ReportHead>>(host, "/reports?hasFindings=false");
        Assert.Equal(heads.Count, withFindings.Count + withoutFindings.Count);
        Assert.Equal(heads.Where(h => h.FindingCount > 0).Select(h => h.ReportKey), withFindings.Select(h => h.ReportKey));
        Assert.NotEmpty(withFindings);
        Assert.All(withFindings, h => Assert.True(h.FindingCount > 0));
        var byOrganization = await GetJsonAsync<List<ReportHead>>(host, $"/reports?organization={Uri.EscapeDataString(first.Organization)}");
        Assert.Contains(byOrganization, h => h.ReportKey == first.ReportKey);
        Assert.Empty(await GetJsonAsync<List<ReportHead>>(host, "/reports?organization=不存在的机关&year=1999"));

        // Pages of two, followed through the Link headers, give the full list in order; the last page has no link.
        var paged = new List<string>();
        var next = "/reports?limit=2";
        var pages = 0;
        while (next is not null)
        {
            using var page = await host.Client.GetAsync(new Uri(next, UriKind.RelativeOrAbsolute), Ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var items = (await page.Content.ReadFromJsonAsync<List<ReportHead>>(ApiTestHost.Json, Ct))!;
            Assert.InRange(items.Count, 1, 2);
            paged.AddRange(items.Select(h => h.ReportKey));
            pages++;
            next = page.Headers.TryGetValues("Link", out var links)
                ? System.Text.RegularExpressions.Regex.Match(links.Single(), "^<([^>]+)>; rel=\"next\"$").Groups[1].Value
                : null;
        }

        Assert.Equal(heads.Select(h => h.ReportKey), paged);
        Assert.Equal((heads.Count + 1) / 2, pages);

        foreach (var key in keys)
        {
            // Chinese report keys: escaped by us, and left raw for HttpClient to escape.
            Assert.Contains(key, c => c is >= '\u4E00' and <= '\u9FFF');
            var stored = await host.Store.GetVersionAsync(key, null, Ct);
            using var current = await host.Client.GetAsync(new Uri($"/reports/{Uri.EscapeDataString(key)}", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, current.StatusCode);
            Assert.Equal("application/json", current.Content.Headers.ContentType?.MediaType);
            var body = await current.Content.ReadAsStringAsync(Ct);
            Assert.Equal(stored!.DocumentJson, body);
            Assert.Equal(stored.Year, ReportJson.Deserialize(body).Meta.Year);

            Assert.Equal(body, await host.Client.GetStringAsync(new Uri($"{host.Address}reports/{key}/versions/1"), Ct));

            var history = await GetJsonAsync<JsonElement>(host, $"/reports/{Uri.EscapeDataString(key)}/versions");
            var only = Assert.Single(history.EnumerateArray());
            Assert.Equal(1, only.GetProperty("version").GetInt32());
            Assert.Equal(JsonValueKind.Null, only.GetProperty("previousVersion").ValueKind);
            Assert.Equal(0, only.GetProperty("changes").GetArrayLength());

            var findings = await GetJsonAsync<JsonElement>(host, $"/reports/{Uri.EscapeDataString(key)}/findings");
            Assert.Equal(key, findings.GetProperty("reportKey").GetString());
            Assert.Equal(stored.FindingCount, findings.GetProperty("findings").GetArrayLength());
            Assert.Equal(stored.FindingCount, findings.GetProperty("findingCount").GetInt32());
            foreach (var finding in findings.GetProperty("findings").EnumerateArray())
            {
                Assert.False(string.IsNullOrEmpty(finding.GetProperty("ruleId").GetString()));
                Assert.Contains(finding.GetProperty("severity").GetString(), new[] { "error", "warning", "info" });
            }
        }
    }

    [Fact]
    public async Task Upload_corrected_copy_creates_version_2_and_diff_lists_exactly_that_cell()
    {
        await using var host = await ApiTestHost.StartAsync();
        var sample = RepositoryPaths.SampleFiles.Single(f => Path.GetFileName(f).StartsWith("004", StringComparison.Ordinal));
        var original = await File.ReadAllTextAsync(sample, Ct);
        var first = await host.WaitForOutcomeAsync(await host.UploadAsync(Encoding.UTF8.GetBytes(original), "004.txt"));

        // 行政处罚 105 → 106: a corrected re-publication of the same report.
        var corrected = original.Replace("行政处罚\t105", "行政处罚\t106", StringComparison.Ordinal);
        Assert.NotEqual(original, corrected);
        var second = await host.WaitForOutcomeAsync(await host.UploadAsync(Encoding.UTF8.GetBytes(corrected), "004-corrected.txt"));

        Assert.Equal(IngestionStatus.VersionCreated, second.Status);
        Assert.Equal(first.ReportKey, second.ReportKey);
        Assert.Equal(2, second.Version);
        var key = Uri.EscapeDataString(second.ReportKey!);

        var diff = await GetJsonAsync<JsonElement>(host, $"/reports/{key}/diff?from=1&to=2");
        Assert.Equal(second.ReportKey, diff.GetProperty("reportKey").GetString());
        var change = Assert.Single(diff.GetProperty("changes").EnumerateArray());
        Assert.Equal("activeDisclosure.punishment.processed", change.GetProperty("path").GetString());
        Assert.Equal(105m, change.GetProperty("oldValue").GetDecimal());
        Assert.Equal(106m, change.GetProperty("newValue").GetDecimal());
        Assert.Equal(0, (await GetJsonAsync<JsonElement>(host, $"/reports/{key}/diff?from=2&to=2")).GetProperty("changes").GetArrayLength());

        var history = (await GetJsonAsync<JsonElement>(host, $"/reports/{key}/versions")).EnumerateArray().ToList();
        Assert.Equal([1, 2], history.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(1, history[1].GetProperty("previousVersion").GetInt32());
        Assert.Equal("activeDisclosure.punishment.processed", Assert.Single(history[1].GetProperty("changes").EnumerateArray()).GetProperty("path").GetString());

        var current = ReportJson.Deserialize(await host.Client.GetStringAsync(new Uri($"/reports/{key}", UriKind.Relative), Ct));
        Assert.Equal(106m, current["activeDisclosure.punishment.processed"].Value);
        var v1 = ReportJson.Deserialize(await host.Client.GetStringAsync(new Uri($"/reports/{key}/versions/1", UriKind.Relative), Ct));
        Assert.Equal(105m, v1["activeDisclosure.punishment.processed"].Value);

        // The same bytes again: nothing new.
        var third = await host.WaitForOutcomeAsync(await host.UploadAsync(Encoding.UTF8.GetBytes(corrected), "004-again.txt"));
        Assert.Equal(IngestionStatus.Unchanged, third.Status);
        Assert.Equal(2, third.Version);
    }

    [Fact]
    public async Task Upload_form_hints_leave_the_report_key_alone_and_source_url_is_recorded()
    {
        await using var host = await ApiTestHost.StartAsync();
        var sample = RepositoryPaths.SampleFiles[0];
        var id = await host.UploadAsync(
            await File.ReadAllBytesAsync(sample, Ct),
            Path.GetFileName(sample),
            new Dictionary<string, string> { ["agencyId"] = "site-42", ["sourceUrl"] = "https://example.gov.cn/报告.txt" });

        var outcome = await host.WaitForOutcomeAsync(id);

        Assert.Equal(IngestionStatus.VersionCreated, outcome.Status);
        // One identity per agency-year: the key is what the document says, with or without the crawler's agency id.
        var parsed = Core.Parsing.ReportParser.CreateDefault().Parse(new Core.Extraction.RawFile(await File.ReadAllBytesAsync(sample, Ct), Path.GetFileName(sample)), Ct);
        Assert.Equal(Core.Versioning.ReportIdentity.KeyFor(parsed.Value!.Meta), outcome.ReportKey);
        Assert.Equal("https://example.gov.cn/报告.txt", outcome.SourceUrl);
        Assert.Equal(Path.GetFileName(sample), outcome.FileName);
    }

    [Fact]
    public async Task Upload_of_junk_is_accepted_then_rejected_with_reason()
    {
        await using var host = await ApiTestHost.StartAsync();

        var outcome = await host.WaitForOutcomeAsync(await host.UploadAsync([0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00, 0x9C, 0x00], "junk.pdf"));

        Assert.Equal(IngestionStatus.Rejected, outcome.Status);
        Assert.False(string.IsNullOrEmpty(outcome.ReasonCode));
    }

    internal static async Task<T> GetJsonAsync<T>(ApiTestHost host, string path)
    {
        using var response = await host.Client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(ApiTestHost.Json, Ct))!;
    }
}

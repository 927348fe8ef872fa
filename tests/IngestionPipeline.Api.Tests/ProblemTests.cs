using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace IngestionPipeline.Api.Tests;

/// <summary>Errors are RFC 7807 problem documents with the right status.</summary>
public sealed class ProblemTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Write_endpoints_without_or_with_wrong_key_get_401_problem()
    {
        await using var host = await ApiTestHost.StartAsync();

        using (var form = ApiTestHost.Multipart("x"u8.ToArray(), "a.txt"))
        {
            await AssertProblemAsync(await host.Anonymous.PostAsync(new Uri("/ingestions", UriKind.Relative), form, Ct), HttpStatusCode.Unauthorized);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/ingestions/url") { Content = JsonContent.Create(new { url = "http://127.0.0.1:1/a.txt" }) })
        {
            request.Headers.Add("X-Api-Key", "not-a-key");
            await AssertProblemAsync(await host.Anonymous.SendAsync(request, Ct), HttpStatusCode.Unauthorized);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/ingestions") { Content = ApiTestHost.Multipart("x"u8.ToArray(), "a.txt") })
        {
            request.Headers.Add("X-Api-Key", "test-key-1x");
            await AssertProblemAsync(await host.Anonymous.SendAsync(request, Ct), HttpStatusCode.Unauthorized);
        }

        // Any configured key works; reads need none.
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/ingestions") { Content = ApiTestHost.Multipart("x"u8.ToArray(), "a.txt") })
        {
            request.Headers.Add("X-Api-Key", "test-key-2");
            Assert.Equal(HttpStatusCode.Accepted, (await host.Anonymous.SendAsync(request, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await host.Anonymous.GetAsync(new Uri("/reports", UriKind.Relative), Ct)).StatusCode);
    }

    [Theory]
    [InlineData("/reports/2021-不存在的机关")]
    [InlineData("/reports/2021-不存在的机关/versions")]
    [InlineData("/reports/2021-不存在的机关/versions/1")]
    [InlineData("/reports/2021-不存在的机关/diff?from=1&to=2")]
    [InlineData("/reports/2021-不存在的机关/findings")]
    [InlineData("/ingestions/6f1c7a8e-0000-4000-8000-000000000000")]
    [InlineData("/no/such/route")]
    public async Task Unknown_resources_get_404_problem(string path)
    {
        await using var host = await ApiTestHost.StartAsync();

        await AssertProblemAsync(await host.Client.GetAsync(new Uri(path, UriKind.Relative), Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_version_of_a_known_report_gets_404_problem()
    {
        await using var host = await ApiTestHost.StartAsync();
        var sample = IngestionPipeline.Testing.RepositoryPaths.SampleFiles[0];
        var outcome = await host.WaitForOutcomeAsync(await host.UploadAsync(await File.ReadAllBytesAsync(sample, Ct), "s.txt"));
        var key = Uri.EscapeDataString(outcome.ReportKey!);

        var problem = await AssertProblemAsync(await host.Client.GetAsync(new Uri($"/reports/{key}/versions/7", UriKind.Relative), Ct), HttpStatusCode.NotFound);
        Assert.Equal("Version not found", problem.GetProperty("title").GetString());
        await AssertProblemAsync(await host.Client.GetAsync(new Uri($"/reports/{key}/diff?from=1&to=7", UriKind.Relative), Ct), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/reports?year=twenty")]
    [InlineData("/reports?hasFindings=maybe")]
    [InlineData("/reports?limit=0")]
    [InlineData("/reports?limit=1001")]
    [InlineData("/reports/2021-x/diff")]
    [InlineData("/reports/2021-x/diff?from=0&to=1")]
    [InlineData("/reports/2021-x/diff?from=a&to=1")]
    public async Task Bad_queries_get_400_problem(string path)
    {
        await using var host = await ApiTestHost.StartAsync();

        await AssertProblemAsync(await host.Client.GetAsync(new Uri(path, UriKind.Relative), Ct), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Bad_submissions_get_400_problem()
    {
        await using var host = await ApiTestHost.StartAsync();

        using (var form = ApiTestHost.Multipart("x"u8.ToArray(), "a.txt", new Dictionary<string, string> { ["year"] = "last year" }))
        {
            await AssertProblemAsync(await host.Client.PostAsync(new Uri("/ingestions", UriKind.Relative), form, Ct), HttpStatusCode.BadRequest);
        }

        using (var form = new MultipartFormDataContent { { new StringContent("2021"), "year" } })
        {
            await AssertProblemAsync(await host.Client.PostAsync(new Uri("/ingestions", UriKind.Relative), form, Ct), HttpStatusCode.BadRequest);
        }

        using (var text = new StringContent("not a form", Encoding.UTF8, "text/plain"))
        {
            await AssertProblemAsync(await host.Client.PostAsync(new Uri("/ingestions", UriKind.Relative), text, Ct), HttpStatusCode.UnsupportedMediaType);
        }

        foreach (var url in new[] { "", "ftp://127.0.0.1/a.txt", "file:///etc/passwd", "not a url" })
        {
            await AssertProblemAsync(await host.Client.PostAsJsonAsync(new Uri("/ingestions/url", UriKind.Relative), new { url }, Ct), HttpStatusCode.BadRequest);
        }

        using (var broken = new StringContent("{\"url\":", Encoding.UTF8, "application/json"))
        {
            await AssertProblemAsync(await host.Client.PostAsync(new Uri("/ingestions/url", UriKind.Relative), broken, Ct), HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task Oversize_upload_gets_413_problem_and_a_file_at_the_limit_is_accepted()
    {
        await using var host = await ApiTestHost.StartAsync(new Dictionary<string, string?> { ["Api:MaxUploadBytes"] = "100000" });

        using (var form = ApiTestHost.Multipart(new byte[100_001], "big.pdf"))
        {
            await AssertProblemAsync(await host.Client.PostAsync(new Uri("/ingestions", UriKind.Relative), form, Ct), HttpStatusCode.RequestEntityTooLarge);
        }

        // Far over the limit: refused from Content-Length before the body is read.
        using (var form = ApiTestHost.Multipart(new byte[3_000_000], "huge.pdf"))
        {
            await AssertProblemAsync(await host.Client.PostAsync(new Uri("/ingestions", UriKind.Relative), form, Ct), HttpStatusCode.RequestEntityTooLarge);
        }

        using (var form = ApiTestHost.Multipart(new byte[100_000], "ok.pdf"))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync(new Uri("/ingestions", UriKind.Relative), form, Ct)).StatusCode);
        }
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(text).RootElement.Clone();
            Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
            return problem;
        }
    }
}

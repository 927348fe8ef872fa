using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Testing;
using Microsoft.AspNetCore.Http;

namespace IngestionPipeline.Api.Tests;

/// <summary>Malformed, hostile and ambiguous requests get a 4xx problem document, never a 500 or a silent drop.</summary>
public sealed class RequestHardeningTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/ingestions/url", null)]
    [InlineData("/ingestions/url", "not-a-key")]
    [InlineData("/ingestions", null)]
    public async Task Api_key_is_checked_before_the_body_is_read(string path, string? key)
    {
        await using var host = await ApiTestHost.StartAsync();

        // Declares 25 MB and sends 10 bytes, then waits: a server that read the body before checking the key
        // would never answer.
        var contentType = path == "/ingestions" ? "multipart/form-data; boundary=xyz" : "application/json";
        var response = await RawRequestAsync(host.Address, path, key, contentType, contentLength: 25_000_000, body: "{\"url\":\"h"u8.ToArray());

        Assert.StartsWith("HTTP/1.1 401", response, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", response, StringComparison.Ordinal);
        Assert.Contains("\"status\":401", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_intake_body_over_its_limit_gets_413_problem_unread()
    {
        await using var host = await ApiTestHost.StartAsync();

        var declared = await RawRequestAsync(host.Address, "/ingestions/url", ApiTestHost.ApiKey, contentType: "application/json", contentLength: 25_000_000, body: "{\"url\":\"h"u8.ToArray());

        Assert.StartsWith("HTTP/1.1 413", declared, StringComparison.Ordinal);
        Assert.Contains("\"status\":413", declared, StringComparison.Ordinal);

        // Chunked, no length: the limit holds while reading.
        var padding = new string(' ', 100_000);
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"url\":\"http://127.0.0.1/a.txt\",{padding}\"hints\":null}}")));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingestions/url") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await ProblemTests.AssertProblemAsync(await host.Client.SendAsync(request, Ct), HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("")] // a boundary and no body at all
    [InlineData("--xyz\r\n")] // a boundary and nothing after it
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello")] // no closing boundary
    [InlineData("--xyz\r\nContent-Disposition form-data\r\n\r\nhello\r\n--xyz--\r\n")] // a header line without a colon
    [InlineData("garbage that is not multipart at all")]
    public async Task Malformed_multipart_gets_400_problem(string body)
    {
        await using var host = await ApiTestHost.StartAsync();
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=xyz");

        var problem = await ProblemTests.AssertProblemAsync(await host.Client.PostAsync(new Uri("/ingestions", UriKind.Relative), content, Ct), HttpStatusCode.BadRequest);

        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.Empty(await host.Store.CountIngestionsByStatusAsync(DateTimeOffset.UnixEpoch, Ct));
    }

    [Fact]
    public async Task Multipart_without_a_boundary_gets_400_problem()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var content = new ByteArrayContent("--x\r\n"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");

        await ProblemTests.AssertProblemAsync(await host.Client.PostAsync(new Uri("/ingestions", UriKind.Relative), content, Ct), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("file", "file")]
    [InlineData("file", "attachment")]
    public async Task Several_files_in_one_request_are_refused_with_400_and_none_is_ingested(string first, string second)
    {
        await using var host = await ApiTestHost.StartAsync();
        var sample = await File.ReadAllBytesAsync(RepositoryPaths.SampleFiles[0], Ct);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(sample), first, "a.txt" },
            { new ByteArrayContent(sample.Reverse().ToArray()), second, "b.txt" },
        };

        var problem = await ProblemTests.AssertProblemAsync(await host.Client.PostAsync(new Uri("/ingestions", UriKind.Relative), form, Ct), HttpStatusCode.BadRequest);

        Assert.Contains("one file per request", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await host.Store.CountIngestionsByStatusAsync(DateTimeOffset.UnixEpoch, Ct));
    }

    [Fact]
    public async Task Repeated_hint_field_gets_400_problem()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var form = ApiTestHost.Multipart("x"u8.ToArray(), "a.txt");
        form.Add(new StringContent("甲局"), "organization");
        form.Add(new StringContent("乙局"), "organization");

        await ProblemTests.AssertProblemAsync(await host.Client.PostAsync(new Uri("/ingestions", UriKind.Relative), form, Ct), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Hint_longer_than_the_field_limit_gets_400_problem()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var form = ApiTestHost.Multipart("x"u8.ToArray(), "a.txt", new Dictionary<string, string> { ["organization"] = new('局', 5000) });

        await ProblemTests.AssertProblemAsync(await host.Client.PostAsync(new Uri("/ingestions", UriKind.Relative), form, Ct), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("/relative/report.pdf")]
    [InlineData("report.pdf")]
    [InlineData("ftp://example.gov.cn/a.pdf")]
    [InlineData("http://")]
    public async Task SourceUrl_that_is_not_an_absolute_http_url_gets_400_problem(string sourceUrl)
    {
        await using var host = await ApiTestHost.StartAsync();
        using var form = ApiTestHost.Multipart("x"u8.ToArray(), "a.txt", new Dictionary<string, string> { ["sourceUrl"] = sourceUrl });

        var problem = await ProblemTests.AssertProblemAsync(await host.Client.PostAsync(new Uri("/ingestions", UriKind.Relative), form, Ct), HttpStatusCode.BadRequest);

        Assert.Contains("sourceUrl", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await host.Store.CountIngestionsByStatusAsync(DateTimeOffset.UnixEpoch, Ct));
    }

    [Fact]
    public async Task SourceUrl_that_is_an_absolute_https_url_is_accepted_and_stored()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var form = ApiTestHost.Multipart("x"u8.ToArray(), "a.txt", new Dictionary<string, string> { ["sourceUrl"] = "https://www.gov.cn/zwgk/2021.txt" });

        using var response = await host.Client.PostAsync(new Uri("/ingestions", UriKind.Relative), form, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("ingestionId").GetGuid();
        Assert.Equal("https://www.gov.cn/zwgk/2021.txt", (await host.Store.GetIngestionAsync(id, Ct))!.SourceUrl);
    }

    [Fact]
    public async Task Url_intake_with_a_year_hint_out_of_range_gets_400_problem()
    {
        await using var host = await ApiTestHost.StartAsync();

        await ProblemTests.AssertProblemAsync(
            await host.Client.PostAsJsonAsync(new Uri("/ingestions/url", UriKind.Relative), new { url = "http://127.0.0.1:1/a.txt", hints = new { year = 99999 } }, Ct),
            HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://127.0.0.1:70/_GET")]
    public async Task Url_intake_redirected_to_a_non_http_url_gets_422_problem(string target)
    {
        await using var site = await LocalHttpServer.StartAsync((context, _) =>
        {
            context.Response.Redirect(target);
            return Task.CompletedTask;
        });
        await using var host = await ApiTestHost.StartAsync();

        using var response = await host.Client.PostAsJsonAsync(new Uri("/ingestions/url", UriKind.Relative), new { url = site.Url("/report.txt").AbsoluteUri }, Ct);

        var problem = await ProblemTests.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Forbidden", problem.GetProperty("failure").GetString());
        Assert.Empty(await host.Store.CountIngestionsByStatusAsync(DateTimeOffset.UnixEpoch, Ct));
    }

    [Theory]
    [InlineData("http://[::127.0.0.1]:8080/a.pdf")]
    [InlineData("http://[64:ff9b::7f00:1]:8080/a.pdf")]
    [InlineData("http://[2002:7f00:1::1]:8080/a.pdf")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data/")]
    public async Task Url_intake_to_an_ipv6_form_of_a_private_address_gets_422_problem(string url)
    {
        await using var host = await ApiTestHost.StartAsync(new Dictionary<string, string?> { ["UrlDownloader:AllowPrivateNetworks"] = "false" });

        var problem = await ProblemTests.AssertProblemAsync(await host.Client.PostAsJsonAsync(new Uri("/ingestions/url", UriKind.Relative), new { url }, Ct), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("Forbidden", problem.GetProperty("failure").GetString());
    }

    [Fact]
    public async Task Control_characters_in_file_name_and_hints_are_stored_escaped()
    {
        await using var host = await ApiTestHost.StartAsync();
        var sample = await File.ReadAllBytesAsync(RepositoryPaths.SampleFiles[0], Ct);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(sample);
        // RFC 5987 encoding carries the line feed and the ANSI escape inside the multipart part's own header.
        file.Headers.TryAddWithoutValidation("Content-Disposition", "form-data; name=\"file\"; filename*=UTF-8''report%0A12%3A00%3A00%20%5BERR%5D%20forged%1B%5B31m.txt");
        form.Add(file);
        form.Add(new StringContent("卫生健康局\n[ERR] forged"), "organization");

        using var response = await host.Client.PostAsync(new Uri("/ingestions", UriKind.Relative), form, Ct);

        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var id = JsonDocument.Parse(text).RootElement.GetProperty("ingestionId").GetGuid();
        var record = await host.Store.GetIngestionAsync(id, Ct);
        Assert.Equal("report\\u000A12:00:00 [ERR] forged\\u001B[31m.txt", record!.FileName);
        Assert.DoesNotContain(record.FileName, char.IsControl);
        var outcome = await host.WaitForOutcomeAsync(id);
        Assert.NotEqual(IngestionStatus.Failed, outcome.Status);
    }

    /// <summary>Writes a request by hand (headers and a partial body) and returns what the server answers within 10 s.</summary>
    private static async Task<string> RawRequestAsync(Uri address, string path, string? apiKey, string contentType, long contentLength, byte[] body)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, Ct);
        var stream = client.GetStream();
        var head = new StringBuilder()
            .Append(RequestLine(path))
            .Append("Host: ").Append(address.Authority).Append("\r\n")
            .Append("Content-Type: ").Append(contentType).Append("\r\n")
            .Append("Content-Length: ").Append(contentLength).Append("\r\n");
        if (apiKey is not null)
        {
            head.Append("X-Api-Key: ").Append(apiKey).Append("\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), Ct);
        await stream.WriteAsync(body, Ct);
        await stream.FlushAsync(Ct);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            // The status line, headers and the small problem body; then the server may reset the connection.
            while (!Complete(Encoding.UTF8.GetString(received.ToArray())))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            Assert.Fail($"No answer within 10 s to POST {path} (the server is waiting for the body). Received: {Encoding.UTF8.GetString(received.ToArray())}");
        }
        catch (IOException)
        {
            // Reset after the answer: what arrived is the answer.
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    private static bool Complete(string text) =>
        text.IndexOf("\"status\":", StringComparison.Ordinal) is var at and >= 0 && text.IndexOf('}', at) >= 0;

    private static string RequestLine(string path) => $"POST {path} HTTP/1.1\r\n";
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Testing;
using Microsoft.AspNetCore.Http;

namespace IngestionPipeline.Api.Tests;

/// <summary><c>POST /ingestions/url</c> against local servers that behave well, flakily, slowly or not at all.</summary>
public sealed class UrlIntakeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Url_of_a_sample_is_downloaded_and_stored_with_its_source_url()
    {
        var sample = RepositoryPaths.SampleFiles[1];
        var bytes = await File.ReadAllBytesAsync(sample, Ct);
        await using var site = await LocalHttpServer.StartAsync((context, _) =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
        });
        await using var host = await ApiTestHost.StartAsync();
        var url = site.Url("/gk/年度报告.txt").AbsoluteUri;

        using var response = await host.Client.PostAsJsonAsync(new Uri("/ingestions/url", UriKind.Relative), new { url, hints = new { year = (int?)null } }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var outcome = await host.WaitForOutcomeAsync(accepted.GetProperty("ingestionId").GetGuid());
        Assert.Equal(IngestionStatus.VersionCreated, outcome.Status);
        Assert.Equal(url, outcome.SourceUrl);
        Assert.Equal("年度报告.txt", outcome.FileName);
        Assert.Equal(bytes, await host.Store.GetRawFileAsync(accepted.GetProperty("rawSha256").GetString()!, Ct));
        Assert.Equal(1, site.Requests);
    }

    [Fact]
    public async Task Url_on_a_flaky_server_is_retried_until_it_answers()
    {
        var bytes = await File.ReadAllBytesAsync(RepositoryPaths.SampleFiles[2], Ct);
        await using var site = await LocalHttpServer.StartAsync((context, n) =>
        {
            if (n == 1)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return Task.CompletedTask;
            }

            return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
        });
        await using var host = await ApiTestHost.StartAsync();

        using var response = await host.Client.PostAsJsonAsync(new Uri("/ingestions/url", UriKind.Relative), new { url = site.Url("/report.txt").AbsoluteUri }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, site.Requests);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(IngestionStatus.VersionCreated, (await host.WaitForOutcomeAsync(accepted.GetProperty("ingestionId").GetGuid())).Status);
    }

    [Fact]
    public async Task Url_on_a_slow_server_times_out_after_every_attempt_with_504_problem()
    {
        await using var site = await LocalHttpServer.StartAsync(async (context, _) =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The downloader gave up, as it should.
            }
        });
        await using var host = await ApiTestHost.StartAsync();

        using var response = await host.Client.PostAsJsonAsync(new Uri("/ingestions/url", UriKind.Relative), new { url = site.Url("/slow.txt").AbsoluteUri }, Ct);

        var problem = await ProblemTests.AssertProblemAsync(response, HttpStatusCode.GatewayTimeout);
        Assert.Equal("Timeout", problem.GetProperty("failure").GetString());
        Assert.Equal(3, site.Requests); // first attempt + RetryCount 2
    }

    [Fact]
    public async Task Url_answering_404_is_not_retried_and_gets_502_problem()
    {
        await using var site = await LocalHttpServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        await using var host = await ApiTestHost.StartAsync();

        using var response = await host.Client.PostAsJsonAsync(new Uri("/ingestions/url", UriKind.Relative), new { url = site.Url("/gone.txt").AbsoluteUri }, Ct);

        var problem = await ProblemTests.AssertProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal(404, problem.GetProperty("upstreamStatus").GetInt32());
        Assert.Equal(1, site.Requests);
    }

    [Fact]
    public async Task Url_larger_than_the_limit_gets_413_problem()
    {
        await using var site = await LocalHttpServer.StartAsync(async (context, _) =>
        {
            // Chunked, no Content-Length: the limit must hold while streaming.
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 8; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        await using var host = await ApiTestHost.StartAsync(new Dictionary<string, string?> { ["UrlDownloader:MaxBytes"] = "200000" });

        using var response = await host.Client.PostAsJsonAsync(new Uri("/ingestions/url", UriKind.Relative), new { url = site.Url("/big.pdf").AbsoluteUri }, Ct);

        await ProblemTests.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(1, site.Requests);
    }

    [Fact]
    public async Task Url_on_a_closed_port_gets_502_problem()
    {
        await using var host = await ApiTestHost.StartAsync(new Dictionary<string, string?> { ["UrlDownloader:RetryCount"] = "0" });

        using var response = await host.Client.PostAsJsonAsync(new Uri("/ingestions/url", UriKind.Relative), new { url = "http://127.0.0.1:1/report.txt" }, Ct);

        var problem = await ProblemTests.AssertProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal("Network", problem.GetProperty("failure").GetString());
    }
}

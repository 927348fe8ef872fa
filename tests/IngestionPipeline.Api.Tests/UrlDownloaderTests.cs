using IngestionPipeline.Components.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Api.Tests;

/// <summary>The downloader on its own: names, limits, and the per-host circuit breaker.</summary>
public sealed class UrlDownloaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DownloadAsync_content_disposition_names_the_file()
    {
        await using var site = await LocalHttpServer.StartAsync((context, _) =>
        {
            context.Response.Headers.ContentDisposition = "attachment; filename*=UTF-8''%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.docx";
            return context.Response.WriteAsync("hello", context.RequestAborted);
        });
        using var downloader = Create(new UrlDownloaderOptions());

        var result = await downloader.DownloadAsync(site.Url("/download?id=7"), Ct);

        Assert.Equal("年度报告.docx", result.FileName);
        Assert.Equal("hello"u8.ToArray(), result.Content);
        Assert.Equal(1, result.Attempts);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/a.txt")]
    [InlineData("file:///etc/passwd")]
    public async Task DownloadAsync_non_http_url_is_refused(string url)
    {
        using var downloader = Create(new UrlDownloaderOptions());

        var e = await Assert.ThrowsAsync<UrlDownloaderException>(() => downloader.DownloadAsync(new Uri(url), Ct));

        Assert.Equal(UrlDownloaderFailure.InvalidUrl, e.Failure);
    }

    [Fact]
    public async Task DownloadAsync_declared_length_over_the_limit_is_refused_before_reading()
    {
        await using var site = await LocalHttpServer.StartAsync((context, _) =>
        {
            context.Response.ContentLength = 5000;
            return context.Response.Body.WriteAsync(new byte[5000], context.RequestAborted).AsTask();
        });
        using var downloader = Create(new UrlDownloaderOptions { MaxBytes = 4999 });

        var e = await Assert.ThrowsAsync<UrlDownloaderException>(() => downloader.DownloadAsync(site.Url("/a.pdf"), Ct));

        Assert.Equal(UrlDownloaderFailure.TooLarge, e.Failure);
    }

    [Fact]
    public async Task DownloadAsync_host_failing_repeatedly_opens_its_circuit_and_other_hosts_are_unaffected()
    {
        await using var failing = await LocalHttpServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        await using var healthy = await LocalHttpServer.StartAsync((context, _) => context.Response.WriteAsync("ok", context.RequestAborted));
        using var downloader = Create(new UrlDownloaderOptions { RetryCount = 0, BreakerMinimumThroughput = 3, BreakerFailureRatio = 0.5, BreakerBreakDuration = TimeSpan.FromSeconds(30) });

        for (var i = 0; i < 3; i++)
        {
            var e = await Assert.ThrowsAsync<UrlDownloaderException>(() => downloader.DownloadAsync(failing.Url("/a.txt"), Ct));
            Assert.Equal(UrlDownloaderFailure.HttpStatus, e.Failure);
            Assert.Equal(503, e.StatusCode);
        }

        var open = await Assert.ThrowsAsync<UrlDownloaderException>(() => downloader.DownloadAsync(failing.Url("/a.txt"), Ct));
        Assert.Equal(UrlDownloaderFailure.CircuitOpen, open.Failure);
        Assert.Equal(3, failing.Requests);
        Assert.Equal("ok"u8.ToArray(), (await downloader.DownloadAsync(healthy.Url("/b.txt"), Ct)).Content);
    }

    [Fact]
    public async Task DownloadAsync_refuses_loopback_by_default_without_a_request()
    {
        var requests = 0;
        await using var site = await LocalHttpServer.StartAsync((context, _) =>
        {
            Interlocked.Increment(ref requests);
            return context.Response.WriteAsync("internal", context.RequestAborted);
        });
        using var downloader = new UrlDownloader(Options.Create(new UrlDownloaderOptions()), NullLogger<UrlDownloader>.Instance);

        var e = await Assert.ThrowsAsync<UrlDownloaderException>(() => downloader.DownloadAsync(site.Url("/a.txt"), Ct));
        var byName = await Assert.ThrowsAsync<UrlDownloaderException>(() => downloader.DownloadAsync(new Uri(site.Url("/a.txt").ToString().Replace("127.0.0.1", "localhost", StringComparison.Ordinal)), Ct));

        Assert.Equal(UrlDownloaderFailure.Forbidden, e.Failure);
        Assert.Equal(UrlDownloaderFailure.Forbidden, byName.Failure);
        Assert.Contains("AllowPrivateNetworks", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, requests);
    }

    [Fact]
    public async Task DownloadAsync_allow_list_refuses_other_hosts()
    {
        await using var site = await LocalHttpServer.StartAsync((context, _) => context.Response.WriteAsync("ok", context.RequestAborted));
        var options = new UrlDownloaderOptions { AllowPrivateNetworks = true };
        options.AllowedHosts.Add("gov.cn");
        using var downloader = Create(options);

        var e = await Assert.ThrowsAsync<UrlDownloaderException>(() => downloader.DownloadAsync(site.Url("/a.txt"), Ct));

        Assert.Equal(UrlDownloaderFailure.Forbidden, e.Failure);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("::ffff:202.96.134.133", false)]
    [InlineData("::127.0.0.1", true)]
    [InlineData("::169.254.169.254", true)]
    [InlineData("::202.96.134.133", false)]
    [InlineData("64:ff9b::7f00:1", true)]
    [InlineData("64:ff9b::a9fe:a9fe", true)]
    [InlineData("64:ff9b::ca60:8685", false)]
    [InlineData("64:ff9b:1::ca60:8685", true)]
    [InlineData("2002:7f00:1::1", true)]
    [InlineData("2002:a00:1::1", true)]
    [InlineData("2002:ca60:8685::1", false)]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe", true)] // Teredo, client 127.0.0.1 inverted
    [InlineData("2001:db8::1", true)]
    [InlineData("::", true)]
    [InlineData("198.18.0.1", true)]
    [InlineData("192.0.0.8", true)]
    [InlineData("202.96.134.133", false)]
    [InlineData("2400:da00::6666", false)]
    public void IsPrivateOrLocal_classifies_addresses(string address, bool expected) =>
        Assert.Equal(expected, UrlDownloader.IsPrivateOrLocal(System.Net.IPAddress.Parse(address)));

    [Theory]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task DownloadAsync_refuses_ipv6_forms_of_loopback_without_a_connection(string address)
    {
        using var downloader = new UrlDownloader(Options.Create(new UrlDownloaderOptions { RetryCount = 0 }), NullLogger<UrlDownloader>.Instance);

        var e = await Assert.ThrowsAsync<UrlDownloaderException>(() => downloader.DownloadAsync(new Uri($"http://[{address}]:8080/report.pdf"), Ct));

        Assert.Equal(UrlDownloaderFailure.Forbidden, e.Failure);
        Assert.Contains("private or local", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/a.txt")]
    [InlineData("gopher://127.0.0.1:70/_x")]
    public async Task DownloadAsync_redirect_to_a_non_http_scheme_is_refused(string target)
    {
        await using var site = await LocalHttpServer.StartAsync((context, _) =>
        {
            context.Response.Redirect(target);
            return Task.CompletedTask;
        });
        using var downloader = Create(new UrlDownloaderOptions { RetryCount = 0 });

        var e = await Assert.ThrowsAsync<UrlDownloaderException>(() => downloader.DownloadAsync(site.Url("/a.txt"), Ct));

        Assert.Equal(UrlDownloaderFailure.Forbidden, e.Failure);
        Assert.Equal(1, site.Requests);
    }

    [Fact]
    public async Task DownloadAsync_redirect_is_checked_against_the_allow_list_before_connecting()
    {
        await using var target = await LocalHttpServer.StartAsync((context, _) => context.Response.WriteAsync("internal", context.RequestAborted));
        await using var site = await LocalHttpServer.StartAsync((context, _) =>
        {
            context.Response.Redirect(new UriBuilder(target.Url("/a.txt")) { Host = "localhost" }.Uri.AbsoluteUri);
            return Task.CompletedTask;
        });
        var options = new UrlDownloaderOptions { RetryCount = 0 };
        options.AllowedHosts.Add("127.0.0.1");
        using var downloader = Create(options);

        var e = await Assert.ThrowsAsync<UrlDownloaderException>(() => downloader.DownloadAsync(site.Url("/a.txt"), Ct));

        Assert.Equal(UrlDownloaderFailure.Forbidden, e.Failure);
        Assert.Contains("localhost", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, target.Requests);
    }

    [Fact]
    public async Task DownloadAsync_relative_redirect_on_an_allowed_host_is_followed()
    {
        await using var site = await LocalHttpServer.StartAsync((context, n) =>
        {
            if (context.Request.Path == "/old.txt")
            {
                context.Response.Redirect("/new/report.txt");
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync("moved", context.RequestAborted);
        });
        using var downloader = Create(new UrlDownloaderOptions { RetryCount = 0 });

        var result = await downloader.DownloadAsync(site.Url("/old.txt"), Ct);

        Assert.Equal("moved"u8.ToArray(), result.Content);
        Assert.Equal("report.txt", result.FileName);
        Assert.Equal(site.Url("/new/report.txt"), result.FinalUri);
    }

    [Fact]
    public async Task DownloadAsync_redirect_loop_stops_at_the_limit()
    {
        await using var site = await LocalHttpServer.StartAsync((context, n) =>
        {
            context.Response.Redirect($"/hop{n}");
            return Task.CompletedTask;
        });
        using var downloader = Create(new UrlDownloaderOptions { RetryCount = 0, MaxRedirects = 3 });

        var e = await Assert.ThrowsAsync<UrlDownloaderException>(() => downloader.DownloadAsync(site.Url("/a.txt"), Ct));

        Assert.Equal(UrlDownloaderFailure.HttpStatus, e.Failure);
        Assert.Equal(4, site.Requests);
    }

    [Fact]
    public async Task DownloadAsync_control_characters_in_a_served_file_name_are_replaced()
    {
        await using var site = await LocalHttpServer.StartAsync((context, _) =>
        {
            context.Response.Headers.ContentDisposition = "attachment; filename*=UTF-8''a%0A%1B%5B31mb.txt";
            return context.Response.WriteAsync("x", context.RequestAborted);
        });
        using var downloader = Create(new UrlDownloaderOptions());

        var result = await downloader.DownloadAsync(site.Url("/d"), Ct);

        Assert.Equal("a__[31mb.txt", result.FileName);
    }

    /// <summary>The test servers listen on loopback, which only an explicit opt-in reaches.</summary>
    private static UrlDownloader Create(UrlDownloaderOptions options)
    {
        options.AllowPrivateNetworks = true;
        return new(Options.Create(options), NullLogger<UrlDownloader>.Instance);
    }
}

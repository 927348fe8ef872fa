using System.Net;
using IngestionPipeline.Components.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Api.Tests;

/// <summary>
/// A proxy from the environment (HTTP_PROXY and friends end up in <see cref="HttpClient.DefaultProxy"/>) must not
/// carry downloads past the address guard. Changes a process-wide setting, so it runs alone.
/// </summary>
[Collection(nameof(ProcessWideProxyCollection))]
public sealed class UrlDownloaderProxyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DownloadAsync_ignores_a_proxy_configured_for_the_process()
    {
        await using var proxy = await LocalHttpServer.StartAsync((context, _) => context.Response.WriteAsync("served by the proxy", context.RequestAborted));
        var previous = HttpClient.DefaultProxy;
        HttpClient.DefaultProxy = new EveryRequestProxy(proxy.Address);
        try
        {
            // Port 1 on loopback is closed: directly, the download fails; through the proxy it would succeed,
            // and the guard would have checked only the proxy's address.
            using var downloader = new UrlDownloader(
                Options.Create(new UrlDownloaderOptions { AllowPrivateNetworks = true, RetryCount = 0 }),
                NullLogger<UrlDownloader>.Instance);

            var e = await Assert.ThrowsAsync<UrlDownloaderException>(() => downloader.DownloadAsync(new Uri("http://127.0.0.1:1/report.txt"), Ct));

            Assert.Equal(UrlDownloaderFailure.Network, e.Failure);
            Assert.Equal(0, proxy.Requests);
        }
        finally
        {
            HttpClient.DefaultProxy = previous;
        }
    }

    /// <summary>Proxies everything, loopback included (WebProxy would bypass loopback on its own).</summary>
    private sealed class EveryRequestProxy(Uri address) : IWebProxy
    {
        public ICredentials? Credentials { get; set; }

        public Uri GetProxy(Uri destination) => address;

        public bool IsBypassed(Uri host) => false;
    }
}

[CollectionDefinition(nameof(ProcessWideProxyCollection), DisableParallelization = true)]
public sealed class ProcessWideProxyCollection;

using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace IngestionPipeline.Components.Intake;

/// <summary>
/// Downloads a report file from an http(s) URL for intake (the API's <c>POST /ingestions/url</c>, the
/// CLI's <c>submit &lt;url&gt;</c>). One outbound call wrapped in Polly, as the conventions ask: a total
/// timeout, jittered exponential retries on transient errors, a circuit breaker per host and a timeout
/// per attempt. The size limit is enforced while streaming, so memory stays bounded whatever the server claims.
/// </summary>
public sealed class UrlDownloader : IDisposable
{
    private readonly UrlDownloaderOptions options;
    private readonly ILogger<UrlDownloader> logger;
    private readonly TimeProvider clock;
    private readonly HttpClient http;

    // The breaker must be shared across calls to mean anything, and per host so that one dead site
    // does not stop downloads from every other.
    private readonly ConcurrentDictionary<string, ResiliencePipeline> pipelines = new(StringComparer.OrdinalIgnoreCase);

    public UrlDownloader(IOptions<UrlDownloaderOptions> options, ILogger<UrlDownloader> logger, TimeProvider? clock = null)
    {
        this.options = options.Value;
        this.logger = logger;
        this.clock = clock ?? TimeProvider.System;
        http = new HttpClient(new SocketsHttpHandler
        {
            // A long-lived client must still notice DNS changes.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            // Every connection, redirects included, goes through the host and address checks.
            ConnectCallback = ConnectAsync,
        })
        {
            // Polly owns every timeout; HttpClient's own 100 s default would only muddle the outcome.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd(this.options.UserAgent);
    }

    /// <summary>Downloads <paramref name="url"/>; throws <see cref="UrlDownloaderException"/> with a <see cref="UrlDownloaderFailure"/> when it cannot.</summary>
    public async Task<UrlDownloaderResult> DownloadAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new UrlDownloaderException(UrlDownloaderFailure.InvalidUrl, $"Only absolute http or https URLs can be downloaded, not '{url}'.");
        }

        if (!HostAllowed(url.IdnHost))
        {
            throw new UrlDownloaderException(UrlDownloaderFailure.Forbidden, $"{url.IdnHost} is not on the allow list ({nameof(UrlDownloaderOptions.AllowedHosts)}).");
        }

        var pipeline = pipelines.GetOrAdd(url.Authority, BuildPipeline);
        var attempts = 0;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await pipeline.ExecuteAsync(
                async ct =>
                {
                    attempts++;
                    return await FetchAsync(url, ct);
                },
                cancellationToken);
            result = result with { Attempts = attempts };
            logger.LogInformation(
                "Downloaded {Url} as {FileName} ({Length} bytes, {Attempts} attempts) in {ElapsedMs} ms",
                url, result.FileName, result.Content.Length, attempts, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (TimeoutRejectedException e)
        {
            throw new UrlDownloaderException(UrlDownloaderFailure.Timeout, $"Download of {url} timed out after {attempts} attempt(s).", innerException: e);
        }
        catch (BrokenCircuitException e)
        {
            throw new UrlDownloaderException(UrlDownloaderFailure.CircuitOpen, $"Too many recent failures from {url.Authority}; not trying again before {e.RetryAfter?.TotalSeconds ?? options.BreakerBreakDuration.TotalSeconds:0} s.", innerException: e);
        }
        catch (HttpRequestException e) when (e.InnerException is UrlDownloaderException refused)
        {
            logger.LogWarning("Refused to download {Url}: {Reason}", url, refused.Message);
            throw new UrlDownloaderException(refused.Failure, refused.Message, innerException: e);
        }
        catch (HttpRequestException e)
        {
            throw new UrlDownloaderException(UrlDownloaderFailure.Network, $"Download of {url} failed after {attempts} attempt(s): {e.Message}", innerException: e);
        }
    }

    public void Dispose() => http.Dispose();

    /// <summary>True when the address is not one an internet-facing intake may reach (loopback, private, link-local, …).</summary>
    public static bool IsPrivateOrLocal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (bytes[0] & 0xFE) == 0xFC;
        }

        var b = address.GetAddressBytes();
        return b[0] is 0 or 10 or 127 or >= 224
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] is >= 64 and <= 127);
    }

    private bool HostAllowed(string host) =>
        options.AllowedHosts.Count == 0
        || options.AllowedHosts.Any(allowed => host.Equals(allowed, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + allowed, StringComparison.OrdinalIgnoreCase));

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        if (!HostAllowed(host))
        {
            throw new UrlDownloaderException(UrlDownloaderFailure.Forbidden, $"{host} is not on the allow list ({nameof(UrlDownloaderOptions.AllowedHosts)}).");
        }

        // Resolve once and connect only to the addresses checked, so DNS rebinding cannot slip past the check.
        var addresses = await Dns.GetHostAddressesAsync(host, ct);
        var usable = options.AllowPrivateNetworks ? addresses : addresses.Where(a => !IsPrivateOrLocal(a)).ToArray();
        if (usable.Length == 0)
        {
            throw new UrlDownloaderException(
                UrlDownloaderFailure.Forbidden,
                $"{host} resolves only to private or local addresses ({string.Join(", ", addresses.Select(a => a.ToString()))}); set {UrlDownloaderOptions.SectionName}:{nameof(UrlDownloaderOptions.AllowPrivateNetworks)} to allow them.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<UrlDownloaderResult> FetchAsync(Uri url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new UrlDownloaderException(
                UrlDownloaderFailure.HttpStatus,
                $"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.",
                (int)response.StatusCode);
        }

        var declared = response.Content.Headers.ContentLength;
        if (declared > options.MaxBytes)
        {
            throw TooLarge(url);
        }

        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var content = new MemoryStream(declared is { } d ? (int)Math.Min(d, int.MaxValue) : 0);
        var buffer = ArrayPool<byte>.Shared.Rent(81_920);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                if (content.Length + read > options.MaxBytes)
                {
                    throw TooLarge(url);
                }

                content.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var finalUri = response.RequestMessage?.RequestUri ?? url;
        return new UrlDownloaderResult(content.ToArray(), FileNameOf(response, finalUri), finalUri, response.Content.Headers.ContentType?.MediaType, 1);
    }

    private UrlDownloaderException TooLarge(Uri url) =>
        new(UrlDownloaderFailure.TooLarge, $"{url} is larger than the limit of {options.MaxBytes} bytes.");

    private ResiliencePipeline BuildPipeline(string authority)
    {
        var transient = new PredicateBuilder()
            .Handle<HttpRequestException>(e => e.InnerException is not UrlDownloaderException)
            .Handle<TimeoutRejectedException>()
            .Handle<UrlDownloaderException>(e => e.Failure == UrlDownloaderFailure.HttpStatus && IsTransient(e.StatusCode));
        var builder = new ResiliencePipelineBuilder { TimeProvider = clock }.AddTimeout(options.TotalTimeout);
        if (options.RetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.RetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                OnRetry = args =>
                {
                    logger.LogWarning(
                        "Retrying download from {Host} in {DelayMs} ms after attempt {Attempt} failed: {Reason}",
                        authority, (long)args.RetryDelay.TotalMilliseconds, args.AttemptNumber + 1, args.Outcome.Exception?.Message);
                    return default;
                },
            });
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                OnOpened = args =>
                {
                    logger.LogWarning("Circuit for {Host} opened for {BreakMs} ms", authority, (long)args.BreakDuration.TotalMilliseconds);
                    return default;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    private static bool IsTransient(int? status) =>
        status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500;

    private static string FileNameOf(HttpResponseMessage response, Uri finalUri)
    {
        var disposition = response.Content.Headers.ContentDisposition;
        var candidate = disposition?.FileNameStar ?? disposition?.FileName?.Trim('"');
        if (string.IsNullOrWhiteSpace(candidate))
        {
            var segment = finalUri.Segments.LastOrDefault()?.TrimEnd('/');
            candidate = string.IsNullOrEmpty(segment) ? null : Uri.UnescapeDataString(segment);
        }

        // Only a name, never a path a later consumer could be tricked into writing to.
        var name = Path.GetFileName(candidate ?? string.Empty);
        foreach (var invalid in Path.GetInvalidFileNameChars())
        {
            name = name.Replace(invalid, '_');
        }

        return string.IsNullOrWhiteSpace(name) ? "download" : name;
    }
}

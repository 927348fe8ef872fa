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
            // Redirects are followed by FetchAsync itself, so that each target is checked (scheme, allow list)
            // before any connection; the address check then runs in ConnectAsync like for the first URL.
            AllowAutoRedirect = false,
            // A proxy (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY or HttpClient.DefaultProxy) would make the connection
            // to the proxy, not the target, and let the proxy resolve and reach private addresses for us:
            // the address guard would check the wrong host. Downloads always connect directly.
            UseProxy = false,
            Proxy = null,
            // Every connection goes through the host and address checks.
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
                url.AbsoluteUri, result.FileName, result.Content.Length, attempts, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
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
            logger.LogWarning("Refused to download {Url}: {Reason}", url.AbsoluteUri, refused.Message);
            throw new UrlDownloaderException(refused.Failure, refused.Message, innerException: e);
        }
        catch (HttpRequestException e)
        {
            throw new UrlDownloaderException(UrlDownloaderFailure.Network, $"Download of {url} failed after {attempts} attempt(s): {e.Message}", innerException: e);
        }
    }

    public void Dispose() => http.Dispose();

    /// <summary>
    /// True when the address is not one an internet-facing intake may reach (loopback, private, link-local,
    /// carrier-grade NAT, multicast, reserved, …). IPv6 forms that carry an IPv4 address (IPv4-mapped
    /// <c>::ffff:a.b.c.d</c>, IPv4-compatible <c>::a.b.c.d</c>, NAT64 <c>64:ff9b::/96</c>, 6to4
    /// <c>2002::/16</c>, Teredo <c>2001::/32</c>) are classified by the IPv4 address inside, since a
    /// translator or relay on the path delivers them there.
    /// </summary>
    public static bool IsPrivateOrLocal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (EmbeddedIPv4(address) is { } inner)
            {
                return IsPrivateOrLocalV4(inner);
            }

            return IsPrivateOrLocalV6(address);
        }

        return IsPrivateOrLocalV4(address.GetAddressBytes());
    }

    /// <summary>The IPv4 address an IPv6 address carries by one of the standard embeddings, or null.</summary>
    internal static byte[]? EmbeddedIPv4(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (b.Length != 16)
        {
            return null;
        }

        var firstTenZero = b.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0;
        if (firstTenZero && b[10] == 0xFF && b[11] == 0xFF)
        {
            return b[12..16]; // IPv4-mapped ::ffff:a.b.c.d
        }

        if (firstTenZero && b[10] == 0 && b[11] == 0)
        {
            // IPv4-compatible ::a.b.c.d (deprecated, still parsed and routed by some stacks). :: and ::1 are
            // IPv6's own unspecified and loopback addresses and stay IPv6; both are refused below anyway.
            return b.AsSpan(12, 4).IndexOfAnyExcept((byte)0) < 0 || (b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 1) ? null : b[12..16];
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return b[12..16]; // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052)
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return b[2..6]; // 6to4 2002:aabb:ccdd::/48 (RFC 3056)
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            // Teredo 2001:0::/32 (RFC 4380): the client's IPv4 address is the last 32 bits, inverted.
            return [(byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]];
        }

        return null;
    }

    private static bool IsPrivateOrLocalV6(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        var b = address.GetAddressBytes();
        return address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast
            || (b[0] & 0xFE) == 0xFC // unique-local fc00::/7
            || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4] == 0x00 && b[5] == 0x01) // local-use NAT64 64:ff9b:1::/48
            || (b[0] == 0x01 && b[1] == 0x00 && b.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0) // discard-only 100::/64
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8); // documentation 2001:db8::/32
    }

    private static bool IsPrivateOrLocalV4(ReadOnlySpan<byte> b) =>
        b[0] is 0 or 10 or 127 or >= 224 // "this network", private, loopback, multicast, reserved, broadcast
        || (b[0] == 172 && b[1] is >= 16 and <= 31)
        || (b[0] == 192 && b[1] == 168)
        || (b[0] == 169 && b[1] == 254) // link-local: cloud metadata lives at 169.254.169.254
        || (b[0] == 100 && b[1] is >= 64 and <= 127) // carrier-grade NAT
        || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // IETF protocol assignments, documentation
        || (b[0] == 198 && b[1] is 18 or 19) // benchmarking
        || (b[0] == 198 && b[1] == 51 && b[2] == 100)
        || (b[0] == 203 && b[1] == 0 && b[2] == 113);

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
        var current = url;
        HttpResponseMessage response;
        for (var redirects = 0; ; redirects++)
        {
            response = await http.GetAsync(current, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!IsRedirect(response.StatusCode))
            {
                break;
            }

            using (response)
            {
                if (redirects >= options.MaxRedirects)
                {
                    throw new UrlDownloaderException(UrlDownloaderFailure.HttpStatus, $"{url} redirected more than {options.MaxRedirects} times.", (int)response.StatusCode);
                }

                current = RedirectTarget(current, response);
            }
        }

        using var _ = response;
        if (!response.IsSuccessStatusCode)
        {
            throw new UrlDownloaderException(
                UrlDownloaderFailure.HttpStatus,
                $"{current} answered {(int)response.StatusCode} {response.ReasonPhrase}.",
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

        return new UrlDownloaderResult(content.ToArray(), FileNameOf(response, current), current, response.Content.Headers.ContentType?.MediaType, 1);
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect or HttpStatusCode.MultipleChoices;

    /// <summary>
    /// Where a redirect leads, refused unless it is an absolute http(s) URL on an allowed host (a redirect to
    /// <c>file:</c>, <c>ftp:</c> or <c>gopher:</c> is an SSRF attempt, not a report). The address of the
    /// target is checked when the connection is made.
    /// </summary>
    private Uri RedirectTarget(Uri from, HttpResponseMessage response)
    {
        var location = response.Headers.Location;
        if (location is null)
        {
            throw new UrlDownloaderException(UrlDownloaderFailure.HttpStatus, $"{from} answered {(int)response.StatusCode} without a Location.", (int)response.StatusCode);
        }

        if (!location.IsAbsoluteUri && !Uri.TryCreate(from, location, out location))
        {
            throw new UrlDownloaderException(UrlDownloaderFailure.Forbidden, $"{from} redirected to an invalid location.");
        }

        if (location.Scheme != Uri.UriSchemeHttp && location.Scheme != Uri.UriSchemeHttps)
        {
            throw new UrlDownloaderException(UrlDownloaderFailure.Forbidden, $"{from} redirected to a {location.Scheme}: URL; only http and https are followed.");
        }

        if (!HostAllowed(location.IdnHost))
        {
            throw new UrlDownloaderException(UrlDownloaderFailure.Forbidden, $"{from} redirected to {location.IdnHost}, which is not on the allow list ({nameof(UrlDownloaderOptions.AllowedHosts)}).");
        }

        logger.LogInformation("Following a redirect from {Url} to {RedirectUrl}", from.AbsoluteUri, location.AbsoluteUri);
        return location;
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

        // Path.GetInvalidFileNameChars is only '\0' and '/' on Linux: line feeds and escapes would reach logs.
        name = string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '_' : source[i];
            }
        });

        return string.IsNullOrWhiteSpace(name) ? "download" : name;
    }
}

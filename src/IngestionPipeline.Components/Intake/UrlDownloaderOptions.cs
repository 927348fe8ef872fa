using System.ComponentModel.DataAnnotations;

namespace IngestionPipeline.Components.Intake;

/// <summary>Limits and resilience settings of <see cref="UrlDownloader"/>. Bound from the <c>UrlDownloader</c> section.</summary>
public sealed class UrlDownloaderOptions
{
    public const string SectionName = "UrlDownloader";

    /// <summary>Largest body accepted; enforced while streaming, so a lying or absent Content-Length cannot get past it.</summary>
    [Range(1, long.MaxValue)]
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Time for one attempt, headers and body together.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time for the whole download including retries and their back-off.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "02:00:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries after the first attempt, on transient errors only (network, timeout, 408, 429, 5xx).</summary>
    [Range(0, 10)]
    public int RetryCount { get; set; } = 3;

    /// <summary>Base of the exponential back-off between retries (jittered).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Redirects followed per attempt; each target must be http(s), on the allow list and pass the address check.</summary>
    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Share of failed attempts against one host, within <see cref="BreakerSamplingDuration"/>, that opens its circuit.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts against one host within the sampling window before the breaker may open at all.</summary>
    [Range(2, 10_000)]
    public int BreakerMinimumThroughput { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an open circuit refuses calls to the host before letting one through.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether URLs may lead to loopback, private (RFC 1918, unique-local), link-local (cloud metadata),
    /// carrier-grade NAT or unspecified addresses. Off by default: an exposed intake endpoint must not be a way
    /// into the internal network (SSRF). Checked on every connection, after DNS and on redirects, so a
    /// rebinding DNS name cannot get past it. The CLI, run by operators, turns it on.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>When not empty, only these hosts and their subdomains are fetched (redirects included).</summary>
    public IList<string> AllowedHosts { get; } = [];

    [Required]
    public string UserAgent { get; set; } = "IngestionPipeline/0.1 (+report intake)";
}

namespace IngestionPipeline.Components.Intake;

/// <summary>Why a download failed; entry points map it to their own error (HTTP status, exit code).</summary>
public enum UrlDownloaderFailure
{
    /// <summary>Not an absolute http or https URL.</summary>
    InvalidUrl,
    /// <summary>The body exceeded <see cref="UrlDownloaderOptions.MaxBytes"/>.</summary>
    TooLarge,
    /// <summary>The server answered with a non-success status (after retries when it was transient).</summary>
    HttpStatus,
    /// <summary>Every attempt, or the whole download, ran out of time.</summary>
    Timeout,
    /// <summary>Too many recent failures against the host: its circuit is open and the call was not made.</summary>
    CircuitOpen,
    /// <summary>Connection refused, reset, DNS failure and the like (after retries).</summary>
    Network,
    /// <summary>The host is not allowed: a private or local address, or not on the allow list (never retried).</summary>
    Forbidden,
}

using System.ComponentModel.DataAnnotations;

namespace IngestionPipeline.Components.Callbacks;

/// <summary>
/// Settings of outcome callbacks, read from the <c>Api</c> section beside the API's own options
/// (<c>Api:CallbackSecret</c>, <c>Api:CallbackMaxAttempts</c>, ...).
/// </summary>
public sealed class CallbackOptions
{
    public const string SectionName = "Api";

    /// <summary>
    /// Shared secret of the HMAC-SHA256 signature (<c>X-Signature-256</c>). Without it the API refuses
    /// <c>callbackUrl</c> with 400: an unsigned callback could not be told from a forged one.
    /// </summary>
    public string? CallbackSecret { get; set; }

    /// <summary>Attempts in all (the first and its retries) before a delivery is recorded as failed.</summary>
    [Range(1, 20)]
    public int CallbackMaxAttempts { get; set; } = 5;

    /// <summary>Base of the exponential back-off between attempts (doubled each time, jittered).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan CallbackRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Time for one attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan CallbackAttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

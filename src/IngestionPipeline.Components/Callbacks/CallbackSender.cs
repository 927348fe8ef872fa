using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace IngestionPipeline.Components.Callbacks;

/// <summary>The end of one callback delivery: whether the receiver took it, after how many attempts, and the last error.</summary>
public sealed record CallbackDeliveryResult(bool Delivered, int Attempts, string? LastError);

/// <summary>
/// POSTs a signed <see cref="CallbackPayload"/> to a callback URL, retried with exponential back-off (Polly).
/// <para>
/// Signature scheme: the body is the payload's UTF-8 JSON; <c>X-Callback-Timestamp</c> is the Unix time in seconds of
/// the attempt; <c>X-Signature-256</c> is <c>sha256=</c> followed by the lower-case hex HMAC-SHA256, keyed with the UTF-8
/// bytes of <c>Api:CallbackSecret</c>, of <c>{timestamp}.{body}</c> (the timestamp, a dot, the exact body bytes).
/// A receiver recomputes it, compares in constant time and rejects timestamps too far from its clock (replays).
/// </para>
/// One pooled HttpClient whose every connection passes the <see cref="CallbackAddressGuard"/>; redirects are not
/// followed (a receiver answers 2xx itself).
/// </summary>
public sealed class CallbackSender : IDisposable
{
    public const string SignatureHeader = "X-Signature-256";
    public const string TimestampHeader = "X-Callback-Timestamp";
    public const string IngestionIdHeader = "X-Ingestion-Id";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient http;
    private readonly CallbackOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger<CallbackSender> logger;

    public CallbackSender(IOptions<CallbackOptions> options, CallbackAddressGuard guard, TimeProvider clock, ILogger<CallbackSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(guard);
        this.options = options.Value;
        this.clock = clock;
        this.logger = logger;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            UseProxy = false,
            ConnectCallback = async (context, ct) =>
            {
                var addresses = await guard.AllowedAddressesAsync(context.DnsEndPoint.Host, ct);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("IngestionPipeline-Callback/1.0");
    }

    /// <summary>Serializes <paramref name="payload"/> exactly as it is sent.</summary>
    public static byte[] Serialize(CallbackPayload payload) => JsonSerializer.SerializeToUtf8Bytes(payload, Json);

    /// <summary>The <c>X-Signature-256</c> value of <paramref name="body"/> sent at <paramref name="timestamp"/> (Unix seconds).</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>Delivers <paramref name="payload"/> to <paramref name="url"/>; never throws for a receiver's failure, only for cancellation.</summary>
    public async Task<CallbackDeliveryResult> DeliverAsync(Uri url, CallbackPayload payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(payload);
        if (string.IsNullOrEmpty(options.CallbackSecret))
        {
            return new CallbackDeliveryResult(false, 0, $"{CallbackOptions.SectionName}:{nameof(CallbackOptions.CallbackSecret)} is not set; callbacks are not signed, so none is sent.");
        }

        var body = Serialize(payload);
        var attempts = 0;
        string? lastError = null;
        var retry = new ResiliencePipelineBuilder<bool>()
            .AddRetry(new RetryStrategyOptions<bool>
            {
                MaxRetryAttempts = options.CallbackMaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.CallbackRetryBaseDelay,
                ShouldHandle = new PredicateBuilder<bool>().HandleResult(delivered => !delivered),
                OnRetry = args =>
                {
                    logger.LogWarning("Callback for {IngestionId} to {Host} failed (attempt {Attempt}: {Error}); retrying in {Delay}",
                        payload.IngestionId, url.Host, args.AttemptNumber + 1, lastError, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

        var delivered = await retry.ExecuteAsync(async ct => await AttemptAsync(url, body, payload.IngestionId, () => attempts++, e => lastError = e, ct), cancellationToken);
        return new CallbackDeliveryResult(delivered, attempts, delivered ? null : lastError);
    }

    private async Task<bool> AttemptAsync(Uri url, byte[] body, Guid ingestionId, Action counted, Action<string> failed, CancellationToken cancellationToken)
    {
        counted();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CallbackAttemptTimeout);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, Sign(options.CallbackSecret!, timestamp, body));
        request.Headers.Add(IngestionIdHeader, ingestionId.ToString("D"));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            failed($"HTTP {(int)response.StatusCode}");
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failed($"no answer within {options.CallbackAttemptTimeout}");
            return false;
        }
        catch (HttpRequestException e)
        {
            failed(e.GetBaseException().Message);
            return false;
        }
    }

    public void Dispose() => http.Dispose();
}

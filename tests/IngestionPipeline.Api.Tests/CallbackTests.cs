using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IngestionPipeline.Components.Callbacks;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Testing;
using Microsoft.AspNetCore.Http;

namespace IngestionPipeline.Api.Tests;

/// <summary>
/// Per-submission callback URLs: checked at intake with the URL-intake address guard, stored with the submission, and
/// delivered signed, once per outcome, with retries, to a real receiver on 127.0.0.1 (allowed by the test host's
/// <c>UrlDownloader:AllowPrivateNetworks</c>).
/// </summary>
public sealed class CallbackTests
{
    private const string Secret = "callback-test-secret";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Settings(bool allowPrivate = true) => new()
    {
        ["Api:CallbackSecret"] = Secret,
        ["Api:CallbackMaxAttempts"] = "4",
        ["Api:CallbackRetryBaseDelay"] = "00:00:00.050",
        ["UrlDownloader:AllowPrivateNetworks"] = allowPrivate ? "true" : "false",
    };

    [Fact]
    public async Task Each_outcome_is_posted_once_signed_to_the_submissions_callback_url()
    {
        var receiver = new Receiver();
        await using var site = await LocalHttpServer.StartAsync((context, _) => receiver.AcceptAsync(context, StatusCodes.Status204NoContent));
        await using var host = await ApiTestHost.StartAsync(Settings());
        var bytes = await File.ReadAllBytesAsync(RepositoryPaths.SampleFiles[0], Ct);
        var callbackUrl = site.Url("/hooks/outcome").AbsoluteUri;

        var first = await host.UploadAsync(bytes, "report.txt", new Dictionary<string, string> { ["callbackUrl"] = callbackUrl });
        Assert.Equal(IngestionStatus.VersionCreated, (await host.WaitForOutcomeAsync(first)).Status);
        await WaitForDeliveryAsync(host, first, CallbackDeliveryStatus.Delivered);
        var second = await host.UploadAsync(bytes, "report.txt", new Dictionary<string, string> { ["callbackUrl"] = callbackUrl });
        Assert.Equal(IngestionStatus.Unchanged, (await host.WaitForOutcomeAsync(second)).Status);
        await WaitForDeliveryAsync(host, second, CallbackDeliveryStatus.Delivered);

        var received = receiver.Received.ToArray();
        Assert.Equal(2, received.Length);
        Assert.All(received, r => Assert.Equal(Sign(r.Timestamp, r.Body), r.Signature));
        Assert.All(received, r => Assert.InRange(long.Parse(r.Timestamp, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var created = JsonDocument.Parse(received.Single(r => r.IngestionId == first).Body).RootElement;
        Assert.Equal("versionCreated", created.GetProperty("outcome").GetString());
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        var reportKey = created.GetProperty("reportKey").GetString();
        Assert.False(string.IsNullOrEmpty(reportKey));
        var unchanged = JsonDocument.Parse(received.Single(r => r.IngestionId == second).Body).RootElement;
        Assert.Equal("unchanged", unchanged.GetProperty("outcome").GetString());
        Assert.Equal(reportKey, unchanged.GetProperty("reportKey").GetString());
        Assert.Equal(1, unchanged.GetProperty("version").GetInt32());
        Assert.Equal(1, (await Callbacks(host).GetCallbackAsync(first, Ct))!.Attempts);
    }

    [Fact]
    public async Task A_rejected_file_is_reported_with_its_reason_code()
    {
        var receiver = new Receiver();
        await using var site = await LocalHttpServer.StartAsync((context, _) => receiver.AcceptAsync(context, StatusCodes.Status200OK));
        await using var host = await ApiTestHost.StartAsync(Settings());
        var id = await host.UploadAsync(Encoding.UTF8.GetBytes("no annual report here"), "note.txt", new Dictionary<string, string> { ["callbackUrl"] = site.Url("/cb").AbsoluteUri });

        var outcome = await host.WaitForOutcomeAsync(id);
        Assert.Equal(IngestionStatus.Rejected, outcome.Status);
        await WaitForDeliveryAsync(host, id, CallbackDeliveryStatus.Delivered);
        var payload = JsonDocument.Parse(Assert.Single(receiver.Received).Body).RootElement;
        Assert.Equal("rejected", payload.GetProperty("outcome").GetString());
        Assert.Equal(outcome.ReasonCode, payload.GetProperty("reasonCode").GetString());
        Assert.Equal(JsonValueKind.Null, payload.GetProperty("reportKey").ValueKind);
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_until_it_answers()
    {
        var receiver = new Receiver();
        await using var site = await LocalHttpServer.StartAsync((context, n) =>
            receiver.AcceptAsync(context, n <= 2 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK));
        await using var host = await ApiTestHost.StartAsync(Settings());
        var bytes = await File.ReadAllBytesAsync(RepositoryPaths.SampleFiles[1], Ct);

        var id = await host.UploadAsync(bytes, "report.txt", new Dictionary<string, string> { ["callbackUrl"] = site.Url("/cb").AbsoluteUri });

        var registration = await WaitForDeliveryAsync(host, id, CallbackDeliveryStatus.Delivered);
        Assert.Equal(3, registration.Attempts);
        Assert.Equal(3, site.Requests);
        Assert.All(receiver.Received, r => Assert.Equal(Sign(r.Timestamp, r.Body), r.Signature));
    }

    [Fact]
    public async Task A_receiver_that_never_answers_well_is_recorded_as_failed_after_the_attempt_limit()
    {
        await using var site = await LocalHttpServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        });
        await using var host = await ApiTestHost.StartAsync(Settings());
        var bytes = await File.ReadAllBytesAsync(RepositoryPaths.SampleFiles[2], Ct);

        var id = await host.UploadAsync(bytes, "report.txt", new Dictionary<string, string> { ["callbackUrl"] = site.Url("/cb").AbsoluteUri });

        var registration = await WaitForDeliveryAsync(host, id, CallbackDeliveryStatus.Failed);
        Assert.Equal(4, registration.Attempts);
        Assert.Equal(4, site.Requests);
        Assert.Equal("HTTP 500", registration.LastError);
        Assert.Equal(IngestionStatus.VersionCreated, (await host.WaitForOutcomeAsync(id)).Status);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://127.0.0.1:9/cb")]
    [InlineData("http://10.0.0.1/cb")]
    [InlineData("ftp://example.org/cb")]
    [InlineData("not a url")]
    public async Task A_forbidden_or_malformed_callback_url_is_refused_at_intake_on_every_submission_endpoint(string callbackUrl)
    {
        await using var host = await ApiTestHost.StartAsync(Settings(allowPrivate: false));
        var fields = new Dictionary<string, string> { ["callbackUrl"] = callbackUrl };

        using var single = ApiTestHost.Multipart([1, 2, 3], "a.txt", fields);
        using var upload = await host.Client.PostAsync(new Uri("/ingestions", UriKind.Relative), single, Ct);
        using var batchForm = ApiTestHost.Multipart([1, 2, 3], "a.txt", fields);
        using var batch = await host.Client.PostAsync(new Uri("/ingestions/batch", UriKind.Relative), batchForm, Ct);
        using var url = await host.Client.PostAsJsonAsync(new Uri("/ingestions/url", UriKind.Relative), new { url = "https://example.org/r.pdf", callbackUrl }, Ct);

        foreach (var response in new[] { upload, batch, url })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("callbackUrl", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Empty(await host.Store.CountIngestionsByStatusAsync(DateTimeOffset.MinValue, Ct));
    }

    [Fact]
    public async Task A_callback_url_without_a_configured_secret_is_refused()
    {
        await using var host = await ApiTestHost.StartAsync();

        using var form = ApiTestHost.Multipart([1, 2, 3], "a.txt", new Dictionary<string, string> { ["callbackUrl"] = "http://127.0.0.1:9/cb" });
        using var response = await host.Client.PostAsync(new Uri("/ingestions", UriKind.Relative), form, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("CallbackSecret", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static string Sign(string timestamp, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), (byte[])[.. Encoding.UTF8.GetBytes(timestamp + "."), .. body]));

    private static ICallbackStore Callbacks(ApiTestHost host) => Assert.IsAssignableFrom<ICallbackStore>(host.Store);

    private static async Task<CallbackRegistration> WaitForDeliveryAsync(ApiTestHost host, Guid ingestionId, CallbackDeliveryStatus status)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var registration = await Callbacks(host).GetCallbackAsync(ingestionId, Ct);
            Assert.NotNull(registration);
            if (registration.Status != CallbackDeliveryStatus.Pending)
            {
                Assert.Equal(status, registration.Status);
                return registration;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Callback of {ingestionId} still pending after 60 s.");
            await Task.Delay(50, Ct);
        }
    }

    private sealed record Delivery(Guid IngestionId, string Timestamp, string Signature, byte[] Body);

    private sealed class Receiver
    {
        public ConcurrentQueue<Delivery> Received { get; } = new();

        public async Task AcceptAsync(HttpContext context, int status)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            if (status is >= 200 and < 300)
            {
                Received.Enqueue(new Delivery(
                    Guid.Parse(context.Request.Headers[CallbackSender.IngestionIdHeader].ToString()),
                    context.Request.Headers[CallbackSender.TimestampHeader].ToString(),
                    context.Request.Headers[CallbackSender.SignatureHeader].ToString(),
                    buffer.ToArray()));
            }

            context.Response.StatusCode = status;
        }
    }
}

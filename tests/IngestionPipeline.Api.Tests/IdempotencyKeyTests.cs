using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Api.Tests;

/// <summary>
/// Issue 16 part 5: <c>Idempotency-Key</c> on <c>POST /ingestions</c>. A retried request returns the first ingestion
/// (no second one in the store); the key is bound to its request and scoped by API key; a malformed key is 400.
/// </summary>
public sealed class IdempotencyKeyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_retried_upload_with_the_same_key_returns_the_first_ingestion_and_creates_no_second()
    {
        await using var host = await ApiTestHost.StartAsync();
        var content = await File.ReadAllBytesAsync(RepositoryPaths.SampleFiles[0], Ct);

        var (firstStatus, first, firstReplayed) = await PostAsync(host.Client, content, "retry-key-1");
        var (secondStatus, second, secondReplayed) = await PostAsync(host.Client, content, "retry-key-1");

        Assert.Equal(HttpStatusCode.Accepted, firstStatus);
        Assert.Equal(HttpStatusCode.Accepted, secondStatus);
        Assert.Equal(first, second);
        Assert.False(firstReplayed);
        Assert.True(secondReplayed);
        var outcome = await host.WaitForOutcomeAsync(first!.Value);
        Assert.Equal(IngestionStatus.VersionCreated, outcome.Status);
        var recent = await host.Store.CountIngestionsByStatusAsync(DateTimeOffset.UtcNow.AddHours(-1), Ct);
        Assert.Equal(1, recent.Values.Sum());
    }

    [Fact]
    public async Task Without_a_key_or_with_another_key_the_same_file_is_a_new_ingestion()
    {
        await using var host = await ApiTestHost.StartAsync();
        var content = await File.ReadAllBytesAsync(RepositoryPaths.SampleFiles[0], Ct);

        var (_, a, _) = await PostAsync(host.Client, content, "key-a");
        var (_, b, _) = await PostAsync(host.Client, content, "key-b");
        var (_, c, _) = await PostAsync(host.Client, content, key: null);

        Assert.Equal(3, new[] { a, b, c }.Distinct().Count());
    }

    [Fact]
    public async Task The_same_key_with_another_file_is_refused_422()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (first, _, _) = await PostAsync(host.Client, await File.ReadAllBytesAsync(RepositoryPaths.SampleFiles[0], Ct), "reused");
        var (second, _, _) = await PostAsync(host.Client, await File.ReadAllBytesAsync(RepositoryPaths.SampleFiles[1], Ct), "reused");

        Assert.Equal(HttpStatusCode.Accepted, first);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second);
    }

    [Fact]
    public async Task Keys_are_scoped_by_api_key()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var other = new HttpClient { BaseAddress = host.Address };
        other.DefaultRequestHeaders.Add("X-Api-Key", "test-key-2");
        var content = await File.ReadAllBytesAsync(RepositoryPaths.SampleFiles[0], Ct);

        var (_, mine, _) = await PostAsync(host.Client, content, "shared-name");
        var (status, theirs, replayed) = await PostAsync(other, content, "shared-name");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.NotEqual(mine, theirs);
        Assert.False(replayed);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("256 characters")]
    public async Task A_malformed_key_is_400_and_nothing_is_ingested(string key)
    {
        await using var host = await ApiTestHost.StartAsync();
        using var form = ApiTestHost.Multipart(await File.ReadAllBytesAsync(RepositoryPaths.SampleFiles[0], Ct), "a.txt");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingestions") { Content = form };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key == "256 characters" ? new string('k', 256) : key);

        using var response = await host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await host.Store.CountIngestionsByStatusAsync(DateTimeOffset.UtcNow.AddHours(-1), Ct));
    }

    [Fact]
    public async Task A_claim_in_progress_is_409_and_an_abandoned_one_is_taken_over()
    {
        await using var host = await ApiTestHost.StartAsync();
        var keys = host.App.Services.GetRequiredService<IIdempotencyKeyStore>();

        Assert.Equal(IdempotencyKeyState.Claimed, (await keys.ClaimIdempotencyKeyAsync("k", "f1", TimeSpan.FromMinutes(5), Ct)).State);
        Assert.Equal(IdempotencyKeyState.InProgress, (await keys.ClaimIdempotencyKeyAsync("k", "f1", TimeSpan.FromMinutes(5), Ct)).State);
        Assert.Equal(IdempotencyKeyState.Mismatch, (await keys.ClaimIdempotencyKeyAsync("k", "f2", TimeSpan.FromMinutes(5), Ct)).State);
        Assert.Equal(IdempotencyKeyState.Claimed, (await keys.ClaimIdempotencyKeyAsync("k", "f1", TimeSpan.Zero, Ct)).State);
        var id = Guid.NewGuid();
        await keys.CompleteIdempotencyKeyAsync("k", id, Ct);
        Assert.Equal(new IdempotencyKeyClaim(IdempotencyKeyState.Completed, id), await keys.ClaimIdempotencyKeyAsync("k", "f1", TimeSpan.Zero, Ct));
        await keys.ReleaseIdempotencyKeyAsync("k", Ct); // a completed key is never released
        Assert.Equal(IdempotencyKeyState.Completed, (await keys.ClaimIdempotencyKeyAsync("k", "f1", TimeSpan.Zero, Ct)).State);

        Assert.Equal(IdempotencyKeyState.Claimed, (await keys.ClaimIdempotencyKeyAsync("released", "f", TimeSpan.FromMinutes(5), Ct)).State);
        await keys.ReleaseIdempotencyKeyAsync("released", Ct);
        Assert.Equal(IdempotencyKeyState.Claimed, (await keys.ClaimIdempotencyKeyAsync("released", "other", TimeSpan.FromMinutes(5), Ct)).State);
    }

    private static async Task<(HttpStatusCode Status, Guid? IngestionId, bool Replayed)> PostAsync(HttpClient client, byte[] content, string? key)
    {
        using var form = ApiTestHost.Multipart(content, "report.txt");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingestions") { Content = form };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await client.SendAsync(request, Ct);
        Guid? id = response.StatusCode == HttpStatusCode.Accepted
            ? (await response.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json, Ct)).GetProperty("ingestionId").GetGuid()
            : null;
        return (response.StatusCode, id, response.Headers.TryGetValues("Idempotent-Replayed", out var v) && v.Contains("true"));
    }
}

/// <summary>Issue 16 part 5: <c>POST /ingestions/batch</c>, several files in one request, one ingestion each.</summary>
public sealed class BatchUploadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_batch_of_files_is_one_ingestion_each_in_order_and_a_retry_with_its_key_returns_the_same()
    {
        await using var host = await ApiTestHost.StartAsync();
        var files = RepositoryPaths.SampleFiles.Take(3).ToList();

        var first = await PostBatchAsync(host.Client, files, "batch-key");
        var retry = await PostBatchAsync(host.Client, files, "batch-key");

        Assert.Equal(3, first.Count);
        Assert.Equal(first, retry);
        for (var i = 0; i < files.Count; i++)
        {
            var outcome = await host.WaitForOutcomeAsync(first[i]);
            Assert.Equal(IngestionStatus.VersionCreated, outcome.Status);
            Assert.Equal(Path.GetFileName(files[i]), outcome.FileName);
        }

        Assert.Equal(3, (await host.Store.CountIngestionsByStatusAsync(DateTimeOffset.UtcNow.AddHours(-1), Ct)).Values.Sum());
    }

    [Fact]
    public async Task A_batch_with_a_bad_hint_is_refused_whole()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var form = new MultipartFormDataContent();
        foreach (var file in RepositoryPaths.SampleFiles.Take(2))
        {
            form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(file, Ct)), "files", Path.GetFileName(file));
        }

        form.Add(new StringContent("20x1"), "year");
        using var response = await host.Client.PostAsync(new Uri("/ingestions/batch", UriKind.Relative), form, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await host.Store.CountIngestionsByStatusAsync(DateTimeOffset.UtcNow.AddHours(-1), Ct));
    }

    [Fact]
    public async Task A_batch_needs_the_api_key()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var form = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "files", "a.txt" } };

        using var response = await host.Anonymous.PostAsync(new Uri("/ingestions/batch", UriKind.Relative), form, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<List<Guid>> PostBatchAsync(HttpClient client, IReadOnlyList<string> files, string key)
    {
        using var form = new MultipartFormDataContent();
        foreach (var file in files)
        {
            form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(file, Ct)), "files", Path.GetFileName(file));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingestions/batch") { Content = form };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json, Ct);
        return body.EnumerateArray().Select(e => e.GetProperty("ingestionId").GetGuid()).ToList();
    }
}

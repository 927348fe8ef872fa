using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Testing;

namespace IngestionPipeline.Api.Tests;

/// <summary><c>POST /reprocess</c> over real HTTP, on the embedded pipeline.</summary>
public sealed class ReprocessApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reprocess_needs_the_api_key_lists_on_dry_run_and_resubmits_the_selection()
    {
        await using var host = await ApiTestHost.StartAsync();
        var keys = new List<string>();
        foreach (var file in RepositoryPaths.SampleFiles.Take(2))
        {
            var outcome = await host.WaitForOutcomeAsync(await host.UploadAsync(await File.ReadAllBytesAsync(file, Ct), Path.GetFileName(file)));
            keys.Add(outcome.ReportKey!);
        }

        using (var anonymous = await host.Anonymous.PostAsJsonAsync(new Uri("/reprocess", UriKind.Relative), new { dryRun = true }, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var dry = await host.Client.PostAsJsonAsync(new Uri("/reprocess", UriKind.Relative), new { dryRun = true, stale = true }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
            var body = await dry.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json, Ct);
            Assert.Equal(0, body.GetProperty("selected").GetInt32()); // everything was made by this parser version
            Assert.StartsWith("p-", body.GetProperty("parserVersion").GetString(), StringComparison.Ordinal);
        }

        using (var bad = await host.Client.PostAsJsonAsync(new Uri("/reprocess", UriKind.Relative), new { limit = 0 }, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using var run = await host.Client.PostAsJsonAsync(new Uri("/reprocess", UriKind.Relative), new { reportKeys = new[] { keys[1] } }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        var accepted = await run.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json, Ct);
        Assert.Equal(1, accepted.GetProperty("selected").GetInt32());
        var item = Assert.Single(accepted.GetProperty("reports").EnumerateArray());
        Assert.Equal(keys[1], item.GetProperty("reportKey").GetString());

        var record = await host.WaitForOutcomeAsync(item.GetProperty("ingestionId").GetGuid());
        Assert.Equal(IngestionStatus.Unchanged, record.Status);
        Assert.Equal(keys[1], record.ReportKey);
    }
}

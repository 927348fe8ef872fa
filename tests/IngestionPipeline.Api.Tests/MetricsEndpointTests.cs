using System.Net;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Testing;

namespace IngestionPipeline.Api.Tests;

/// <summary><c>/metrics</c>: the pipeline's instruments in Prometheus text, after a real upload through the embedded pipeline.</summary>
public sealed class MetricsEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_after_an_upload_lists_the_pipeline_instruments_without_an_api_key()
    {
        await using var host = await ApiTestHost.StartAsync();
        var sample = RepositoryPaths.SampleFiles[0];
        var ingestionId = await host.UploadAsync(await File.ReadAllBytesAsync(sample, Ct), Path.GetFileName(sample));
        Assert.Equal(IngestionStatus.VersionCreated, (await host.WaitForOutcomeAsync(ingestionId)).Status);

        string[] expected =
        [
            "# TYPE ingestion_pipeline_ingestions_submitted_total counter",
            "# TYPE ingestion_pipeline_versions_created_total counter",
            "# TYPE ingestion_pipeline_stage_duration_seconds histogram",
            "ingestion_pipeline_stage_duration_seconds_count{otel_scope_name=\"IngestionPipeline\",outcome=\"created\",stage=\"store\"}",
        ];
        var text = string.Empty;
        for (var deadline = DateTimeOffset.UtcNow.AddSeconds(15); DateTimeOffset.UtcNow < deadline; await Task.Delay(200, Ct))
        {
            using var response = await host.Anonymous.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            text = await response.Content.ReadAsStringAsync(Ct);
            if (expected.All(e => text.Contains(e, StringComparison.Ordinal)))
            {
                break;
            }
        }

        Assert.All(expected, e => Assert.Contains(e, text, StringComparison.Ordinal));
    }
}

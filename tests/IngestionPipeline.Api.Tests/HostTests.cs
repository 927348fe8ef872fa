using System.Net;
using System.Text.Json;

namespace IngestionPipeline.Api.Tests;

/// <summary>Health endpoints and the OpenAPI document.</summary>
public sealed class HostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_live_and_ready_report_healthy_with_the_store_check()
    {
        await using var host = await ApiTestHost.StartAsync();

        using var live = await host.Anonymous.GetAsync(new Uri("/health/live", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        using var ready = await host.Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var check = Assert.Single(report.GetProperty("checks").EnumerateArray());
        Assert.Equal("store", check.GetProperty("name").GetString());
    }

    [Fact]
    public async Task OpenApi_document_is_served_and_lists_every_endpoint()
    {
        await using var host = await ApiTestHost.StartAsync();

        using var response = await host.Anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("paths");
        foreach (var path in new[]
        {
            "/ingestions", "/ingestions/url", "/ingestions/{ingestionId}", "/reports", "/reports/{reportKey}",
            "/reports/{reportKey}/versions", "/reports/{reportKey}/versions/{version}", "/reports/{reportKey}/diff", "/reports/{reportKey}/findings",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI document lacks {path}");
        }
    }
}

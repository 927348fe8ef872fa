using System.Net;
using System.Text.Json;
using IngestionPipeline.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Dashboard.Tests;

/// <summary>The dashboard's HTTP surface on an empty store: pages, headers, and the 4xx of bad queries. No browser.</summary>
public sealed class DashboardApiTests
{
    [Fact]
    public async Task Pages_are_served_offline_safe_and_bad_queries_are_client_errors()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TempDirectory("dashboard-api");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = directory.Path,
            ["RabbitMq:Uri"] = "",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = await Api.ApiHost.BuildAsync(builder, ct);
        await app.StartAsync(ct);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };

        // Reads need no key. "/dashboard" leads to the index page, which only allows its own origin.
        using (var redirect = await client.GetAsync(new Uri("/dashboard", UriKind.Relative), ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.Equal("/dashboard/", redirect.Headers.Location?.OriginalString);
        }

        foreach (var page in new[] { "/dashboard/", "/dashboard/agency.html", "/dashboard/report.html", "/dashboard/findings.html", "/dashboard/operations.html", "/dashboard/vendor/echarts/echarts.min.js" })
        {
            using var response = await client.GetAsync(new Uri(page, UriKind.Relative), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.DoesNotContain("//cdn", text, StringComparison.OrdinalIgnoreCase);
        }

        using (var overview = JsonDocument.Parse(await client.GetStringAsync(new Uri("/dashboard/api/overview", UriKind.Relative), ct)))
        {
            Assert.Equal(0, overview.RootElement.GetProperty("reportCount").GetInt32());
            Assert.Equal(0, overview.RootElement.GetProperty("agencies").GetArrayLength());
        }

        using (var operations = JsonDocument.Parse(await client.GetStringAsync(new Uri("/dashboard/api/operations", UriKind.Relative), ct)))
        {
            Assert.False(operations.RootElement.GetProperty("broker").GetProperty("configured").GetBoolean());
            Assert.Equal(0, operations.RootElement.GetProperty("recentProblems").GetArrayLength());
        }

        foreach (var (query, status) in new[]
        {
            ("/dashboard/api/agency", HttpStatusCode.BadRequest),
            ("/dashboard/api/agency?organization=%E6%9F%90%E5%B1%80", HttpStatusCode.NotFound),
            ("/dashboard/api/agency?organization=x&from=20x1", HttpStatusCode.BadRequest),
            ("/dashboard/api/findings?year=abc", HttpStatusCode.BadRequest),
            ("/dashboard/api/findings?limit=0", HttpStatusCode.BadRequest),
            ("/dashboard/api/findings?limit=1001", HttpStatusCode.BadRequest),
            ("/dashboard/api/layout/gb2030", HttpStatusCode.NotFound),
            ("/dashboard/api/findings?severity=error&limit=5", HttpStatusCode.OK),
            ("/dashboard/api/layout/gb2019", HttpStatusCode.OK),
        })
        {
            using var response = await client.GetAsync(new Uri(query, UriKind.Relative), ct);
            Assert.True(status == response.StatusCode, $"{query}: {response.StatusCode}");
            if (status != HttpStatusCode.OK)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        await app.StopAsync(ct);
    }
}

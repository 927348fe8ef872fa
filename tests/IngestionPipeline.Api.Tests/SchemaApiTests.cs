using System.Net;
using System.Text.Json;
using IngestionPipeline.Contracts;
using IngestionPipeline.Contracts.Reports;

namespace IngestionPipeline.Api.Tests;

/// <summary><c>GET /schemas</c>: the report's and every event's JSON Schema, as packed with the Contracts assembly.</summary>
public sealed class SchemaApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_schema_is_listed_and_served_as_embedded()
    {
        await using var host = await ApiTestHost.StartAsync();
        var list = JsonDocument.Parse(await host.Anonymous.GetStringAsync(new Uri("/schemas", UriKind.Relative), Ct)).RootElement;
        var names = list.EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();
        Assert.Equal(EventSchemas.EventTypes.Select(EventSchemas.FileName).Append("canonical-report.schema.json").Order(StringComparer.Ordinal), names);

        using var report = await host.Anonymous.GetAsync(new Uri("/schemas/canonical-report.schema.json", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("application/schema+json", report.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ReportSchema.Embedded(), await report.Content.ReadAsStringAsync(Ct));
        foreach (var type in EventSchemas.EventTypes)
        {
            Assert.Equal(EventSchemas.Embedded(type), await host.Anonymous.GetStringAsync(new Uri($"/schemas/{EventSchemas.FileName(type)}", UriKind.Relative), Ct));
        }

        using var missing = await host.Anonymous.GetAsync(new Uri("/schemas/nope.schema.json", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}

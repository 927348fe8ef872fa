using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Testing;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Parquet;

namespace IngestionPipeline.Api.Tests;

/// <summary>Exports, comparisons and the API reference over real HTTP.</summary>
public sealed class AnalysisApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Exports_are_served_as_csv_with_bom_xlsx_and_parquet_filtered_like_the_report_list()
    {
        await using var host = await ApiTestHost.StartAsync();
        foreach (var report in ExportTestData.SampleReports)
        {
            await ExportTestData.AppendAsync(host.Store, report);
        }

        // Reads are open: no API key.
        using var csv = await host.Anonymous.GetAsync(new Uri("/exports/cells.csv", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes.AsSpan(3));
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + ExportTestData.SampleReports.Sum(r => TemplateDefinition.For(r.Meta.TemplateVersion).CellPaths.Count), lines.Length);
        Assert.Contains(ExportTestData.SampleReports[0].Meta.Organization, text, StringComparison.Ordinal);

        var year = ExportTestData.SampleReports[0].Meta.Year;
        using var parquet = await host.Anonymous.GetAsync(new Uri($"/exports/reports.parquet?year={year}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, parquet.StatusCode);
        await using (var stream = new MemoryStream(await parquet.Content.ReadAsByteArrayAsync(Ct)))
        await using (var reader = await ParquetReader.CreateAsync(stream, cancellationToken: Ct))
        {
            long rows = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                rows += group.RowCount;
            }

            Assert.Equal(ExportTestData.SampleReports.Count(r => r.Meta.Year == year), rows);
        }

        using var xlsx = await host.Anonymous.GetAsync(new Uri("/exports/cells.xlsx?template=gb2021", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        var workbook = await xlsx.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal("PK"u8.ToArray(), workbook[..2]);

        using var unknown = await host.Anonymous.GetAsync(new Uri("/exports/cells.json", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var badYear = await host.Anonymous.GetAsync(new Uri("/exports/cells.csv?year=abc", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badYear.StatusCode);
    }

    [Fact]
    public async Task Comparisons_return_the_shapes_the_dashboard_reads()
    {
        await using var host = await ApiTestHost.StartAsync();
        var place = new Region("测试省", "测试市");
        const string agency = "测试市司法局";
        const string cell = "applications.total.newReceived";
        await ExportTestData.AppendAsync(host.Store, ExportTestData.Variant(agency, 2021, place, new Dictionary<string, Cell> { [cell] = ExportTestData.Number(40), ["applications.total.results.carriedForward"] = ExportTestData.Number(5) }));
        await ExportTestData.AppendAsync(host.Store, ExportTestData.Variant(agency, 2022, place, new Dictionary<string, Cell> { [cell] = ExportTestData.Number(55), ["applications.total.carriedOver"] = ExportTestData.Number(6) }));
        await ExportTestData.AppendAsync(host.Store, ExportTestData.Variant(agency, 2023, place, new Dictionary<string, Cell> { [cell] = ExportTestData.Number(20) }));
        await ExportTestData.AppendAsync(host.Store, ExportTestData.Variant("测试市公安局", 2022, place, new Dictionary<string, Cell> { [cell] = ExportTestData.Blank }));

        using var years = JsonDocument.Parse(await host.Anonymous.GetStringAsync(new Uri($"/compare/years?organization={Uri.EscapeDataString(agency)}&from=2021&to=2023", UriKind.Relative), Ct));
        var root = years.RootElement;
        Assert.Equal(agency, root.GetProperty("organization").GetString());
        Assert.Equal(2021, root.GetProperty("from").GetInt32());
        Assert.Equal(2023, root.GetProperty("to").GetInt32());
        var newReceived = root.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("path").GetString() == cell);
        Assert.Equal((40m, 20m, -20m), (newReceived.GetProperty("from").GetDecimal(), newReceived.GetProperty("to").GetDecimal(), newReceived.GetProperty("change").GetDecimal()));
        foreach (var name in new[] { "table", "row", "column", "label" })
        {
            Assert.False(string.IsNullOrEmpty(newReceived.GetProperty(name).GetString()), name);
        }

        var carry = root.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("year").GetInt32() == 2022 && c.GetProperty("path").GetString() == "applications.total.carriedOver");
        Assert.Equal("fail", carry.GetProperty("status").GetString());
        Assert.NotEmpty(root.GetProperty("largestChanges").EnumerateArray());

        using var agencies = JsonDocument.Parse(await host.Anonymous.GetStringAsync(new Uri($"/compare/agencies?year=2022&cell={cell}&region={Uri.EscapeDataString("测试市")}", UriKind.Relative), Ct));
        var ranking = agencies.RootElement.GetProperty("ranking").EnumerateArray().ToList();
        Assert.Equal(2022, agencies.RootElement.GetProperty("year").GetInt32());
        Assert.Equal(cell, agencies.RootElement.GetProperty("cell").GetString());
        Assert.Equal("测试市", agencies.RootElement.GetProperty("region").GetString());
        Assert.Equal([agency, "测试市公安局"], ranking.Select(r => r.GetProperty("organization").GetString()));
        Assert.Equal(55m, ranking[0].GetProperty("value").GetDecimal());
        Assert.Equal(JsonValueKind.Null, ranking[1].GetProperty("value").ValueKind);
        Assert.False(string.IsNullOrEmpty(ranking[0].GetProperty("reportKey").GetString()));

        using var csv = await host.Anonymous.GetAsync(new Uri($"/compare/agencies?year=2022&cell={cell}&format=csv", UriKind.Relative), Ct);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, (await csv.Content.ReadAsByteArrayAsync(Ct))[..3]);

        Assert.Equal(HttpStatusCode.NotFound, (await host.Anonymous.GetAsync(new Uri("/compare/years?organization=x&from=2021&to=2023", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Anonymous.GetAsync(new Uri("/compare/agencies?year=2022&cell=applications.nope", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Anonymous.GetAsync(new Uri($"/compare/years?organization={agency}&from=x&to=2023", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task Openapi_document_validates_and_names_the_api_key_scheme_the_upload_fields_and_the_report_schema()
    {
        await using var host = await ApiTestHost.StartAsync();
        var json = await host.Anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct);

        var result = OpenApiDocument.Parse(json, OpenApiConstants.Json);
        Assert.Empty(result.Diagnostic?.Errors ?? []);
        var document = result.Document!;
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);

        var scheme = document.Components!.SecuritySchemes!["ApiKey"];
        Assert.Equal(SecuritySchemeType.ApiKey, scheme.Type);
        Assert.Equal(ParameterLocation.Header, scheme.In);
        Assert.Equal("X-Api-Key", scheme.Name);

        var upload = Operation(document, "SubmitFile");
        Assert.Contains(upload.Security!, r => r.Keys.Any(k => k.Reference.Id == "ApiKey"));
        var form = upload.RequestBody!.Content!["multipart/form-data"].Schema!;
        Assert.Equal(["file", "agencyId", "organization", "region", "year", "sourceUrl", "callbackUrl"], form.Properties!.Keys);
        Assert.Equal("binary", form.Properties["file"].Format);
        var list = Operation(document, "ListReports");
        Assert.True(list.Security is null || list.Security.Count == 0);

        // The report schema is the contract's: its properties and definitions, referenced by the report endpoints.
        var report = document.Components.Schemas!["CanonicalReport"];
        Assert.Contains("meta", report.Properties!.Keys);
        Assert.Contains("CanonicalReport.Cell", document.Components.Schemas.Keys);
        var get = Operation(document, "GetReport");
        var response = get.Responses!["200"].Content!["application/json"].Schema;
        Assert.Equal("CanonicalReport", Assert.IsType<OpenApiSchemaReference>(response).Reference.Id);
    }

    private static OpenApiOperation Operation(OpenApiDocument document, string id) =>
        document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).Single(o => o.OperationId == id);

    [Fact]
    public async Task The_api_reference_page_is_served_without_any_external_resource()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var page = await host.Anonymous.GetAsync(new Uri("/scalar", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(Ct);
        var sources = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.False(s.StartsWith("http", StringComparison.OrdinalIgnoreCase) || s.StartsWith("//", StringComparison.Ordinal), s));
        foreach (var script in System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]+src=\"([^\"]+)\"").Select(m => m.Groups[1].Value))
        {
            using var asset = await host.Anonymous.GetAsync(new Uri(new Uri(host.Address, "/scalar/"), script), Ct);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        }
    }
}

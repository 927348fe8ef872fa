using System.Globalization;
using System.Text;
using IngestionPipeline.Components.Export;
using IngestionPipeline.Core.Comparison;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Api.Endpoints;

/// <summary>
/// Exports (the cells and reports tables as CSV, XLSX or Parquet, streamed) and comparisons (one agency across
/// years, many agencies in one year). Reads, so open like the other reads; the filters are those of <c>GET /reports</c>.
/// </summary>
internal static class AnalysisEndpoints
{
    public static void MapAnalysisEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/exports/{file}", ExportAsync)
            .WithTags("exports")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: ReportExporter.ContentType(ExportFormat.Xlsx))
            .Produces(StatusCodes.Status200OK, contentType: ReportExporter.ContentType(ExportFormat.Parquet))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("Export")
            .WithSummary("The cells or reports table as a file: cells.csv, cells.xlsx, cells.parquet, reports.csv, reports.xlsx or reports.parquet. Filters as GET /reports (organization, region, year, template, hasFindings); allVersions=true exports every version instead of the current ones. CSV is UTF-8 with a BOM and streamed as it is read; XLSX and Parquet are written to a temporary file first (both formats end with an index).");

        var compare = app.MapGroup("/compare").WithTags("comparisons");
        compare.MapGet("/years", CompareYearsAsync)
            .Produces<YearComparisonResponse>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("CompareYears")
            .WithSummary("One agency's report of year 'from' beside year 'to': every cell with its change, the carried-over checks between consecutive years, the largest changes. 'organization' is the printed or normalized name, exactly. format=csv gives the cells as CSV.");
        compare.MapGet("/agencies", CompareAgenciesAsync)
            .Produces<AgencyRankingResponse>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithName("CompareAgencies")
            .WithSummary("The ranking of one cell (a contract path such as applications.total.newReceived) across the agencies of one year, optionally within a region (substring of the region or report key); reports whose cell holds no number come last, unranked. format=csv gives the ranking as CSV.");
    }

    private static async Task<IResult> ExportAsync(
        IReportStore store,
        HttpResponse response,
        string file,
        string? organization,
        string? region,
        string? year,
        string? template,
        string? hasFindings,
        string? allVersions,
        CancellationToken cancellationToken)
    {
        var dot = file.LastIndexOf('.');
        if (dot <= 0
            || !ReportExporter.TryParseTable(file[..dot], out var table)
            || !ReportExporter.TryParseFormat(file[(dot + 1)..], out var format))
        {
            return TypedResults.Problem(
                $"No export '{file}': ask for cells.csv, cells.xlsx, cells.parquet, reports.csv, reports.xlsx or reports.parquet.",
                statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (ParseFilter(organization, region, year, template, hasFindings, allVersions, out var filter) is { } invalid)
        {
            return invalid;
        }

        if (store is not IReportExportSource source)
        {
            return TypedResults.Problem("This store cannot stream exports.", statusCode: StatusCodes.Status501NotImplemented, title: "Not implemented");
        }

        var exporter = new ReportExporter(source);
        var fileName = $"{table.ToString().ToLowerInvariant()}{ReportExporter.FileExtension(format)}";
        if (format == ExportFormat.Csv)
        {
            // Streamed: each version is written to the response as it is read.
            response.ContentType = ReportExporter.ContentType(format);
            response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            await exporter.ExportAsync(format, table, filter, response.Body, cancellationToken);
            return TypedResults.Empty;
        }

        // XLSX and Parquet write their index at the end and need a seekable stream: a temporary file, deleted on close.
        var path = Path.Combine(Path.GetTempPath(), $"ingest-export-{Guid.NewGuid():N}{ReportExporter.FileExtension(format)}");
        var temp = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await exporter.ExportAsync(format, table, filter, temp, cancellationToken);
            temp.Position = 0;
            return TypedResults.File(temp, ReportExporter.ContentType(format), fileName);
        }
        catch
        {
            await temp.DisposeAsync();
            throw;
        }
    }

    private static async Task<IResult> CompareYearsAsync(
        IReportStore store, HttpResponse response, string? organization, string? from, string? to, string? format, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(organization))
        {
            return BadRequest("Give the agency as ?organization=NAME (printed or normalized, exactly).");
        }

        if (!TryYear(from, out var fromYear) || !TryYear(to, out var toYear))
        {
            return BadRequest("Give the two years as ?from=YYYY&to=YYYY.");
        }

        if (store is not IReportExportSource source)
        {
            return TypedResults.Problem("This store cannot stream reports.", statusCode: StatusCodes.Status501NotImplemented, title: "Not implemented");
        }

        var comparison = await ReportAnalysis.CompareYearsAsync(source, organization, fromYear, toYear, cancellationToken);
        if (comparison.Years.Count == 0)
        {
            return TypedResults.Problem($"No report of '{organization}' between {Math.Min(fromYear, toYear)} and {Math.Max(fromYear, toYear)}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (IsCsv(format))
        {
            await WriteCsvAsync(response, "compare-years.csv", w => ReportAnalysis.WriteYearComparisonCsvAsync(comparison, w, cancellationToken));
            return TypedResults.Empty;
        }

        return TypedResults.Ok(YearComparisonResponse.Of(comparison));
    }

    private static async Task<IResult> CompareAgenciesAsync(
        IReportStore store, HttpResponse response, string? year, string? cell, string? region, string? format, CancellationToken cancellationToken)
    {
        if (!TryYear(year, out var y))
        {
            return BadRequest("Give the year as ?year=YYYY.");
        }

        if (string.IsNullOrWhiteSpace(cell) || !ReportComparisons.IsCellPath(cell))
        {
            return BadRequest($"'{cell}' is not a cell path of either template; use a contract path such as {Core.Export.ReportExportProjection.KeyPaths.NewReceived}.");
        }

        if (store is not IReportExportSource source)
        {
            return TypedResults.Problem("This store cannot stream reports.", statusCode: StatusCodes.Status501NotImplemented, title: "Not implemented");
        }

        var ranking = await ReportAnalysis.RankAgenciesAsync(source, y, cell, string.IsNullOrWhiteSpace(region) ? null : region, cancellationToken);
        if (IsCsv(format))
        {
            await WriteCsvAsync(response, "compare-agencies.csv", w => ReportAnalysis.WriteRankingCsvAsync(ranking, w, cancellationToken));
            return TypedResults.Empty;
        }

        return TypedResults.Ok(AgencyRankingResponse.Of(ranking));
    }

    private static bool IsCsv(string? format) => string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);

    private static async Task WriteCsvAsync(HttpResponse response, string fileName, Func<Stream, Task> write)
    {
        response.ContentType = ReportExporter.ContentType(ExportFormat.Csv);
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await write(response.Body);
    }

    private static bool TryYear(string? text, out int year) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 1900 and <= 2999;

    /// <summary>The filters of <c>GET /reports</c>, as an export filter; a problem for a malformed one.</summary>
    internal static IResult? ParseFilter(
        string? organization, string? region, string? year, string? template, string? hasFindings, string? allVersions, out ReportExportFilter filter)
    {
        filter = new ReportExportFilter();
        int? yearFilter = null;
        if (!string.IsNullOrWhiteSpace(year))
        {
            if (!TryYear(year, out var y))
            {
                return BadRequest($"'year' must be a year, not '{year}'.");
            }

            yearFilter = y;
        }

        if (!string.IsNullOrWhiteSpace(template) && template.ToLowerInvariant() is not ("gb2019" or "gb2021"))
        {
            return BadRequest($"'template' must be gb2019 or gb2021, not '{template}'.");
        }

        bool? findings = null;
        if (!string.IsNullOrWhiteSpace(hasFindings))
        {
            if (!bool.TryParse(hasFindings, out var f))
            {
                return BadRequest($"'hasFindings' must be true or false, not '{hasFindings}'.");
            }

            findings = f;
        }

        var all = false;
        if (!string.IsNullOrWhiteSpace(allVersions) && !bool.TryParse(allVersions, out all))
        {
            return BadRequest($"'allVersions' must be true or false, not '{allVersions}'.");
        }

        filter = new ReportExportFilter
        {
            Organization = string.IsNullOrWhiteSpace(organization) ? null : organization,
            Region = string.IsNullOrWhiteSpace(region) ? null : region,
            Year = yearFilter,
            TemplateVersion = string.IsNullOrWhiteSpace(template) ? null : template,
            HasFindings = findings,
            AllVersions = all,
        };
        return null;
    }

    private static IResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
}

/// <summary>The JSON of <c>GET /compare/years</c> (the dashboard reads it).</summary>
internal sealed record YearComparisonResponse(
    string Organization,
    int From,
    int To,
    string? FromReportKey,
    string? ToReportKey,
    IReadOnlyList<CellComparison> Cells,
    IReadOnlyList<CarryCheck> Checks,
    IReadOnlyList<CellComparison> LargestChanges,
    IReadOnlyList<YearReport> Years)
{
    public static YearComparisonResponse Of(YearComparison c) => new(
        c.Organization, c.From, c.To, c.FromReportKey, c.ToReportKey, c.Cells, c.Checks, c.LargestChanges,
        [.. c.Years.Select(y => new YearReport(y.Key, y.Value))]);
}

/// <summary>A year of the compared agency and its report key.</summary>
internal sealed record YearReport(int Year, string ReportKey);

/// <summary>The JSON of <c>GET /compare/agencies</c> (the dashboard reads it).</summary>
internal sealed record AgencyRankingResponse(int Year, string Cell, string? Region, string Label, IReadOnlyList<AgencyRank> Ranking)
{
    public static AgencyRankingResponse Of(AgencyRanking r) => new(r.Year, r.Cell, r.Region, r.Label, r.Ranking);
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using IngestionPipeline.Api.Models;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Core.Versioning;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IngestionPipeline.Api.Endpoints;

/// <summary>Read access to report heads, versions (the canonical contract JSON), history, diffs and findings.</summary>
internal static class ReportEndpoints
{
    private const string JsonContentType = "application/json";

    public static void MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/reports").WithTags("reports");

        group.MapGet("/", ListAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithName("ListReports")
            .WithSummary("Current heads ordered by report key, optionally filtered by organization, region (substring), year, template and hasFindings; pages of 'limit' (default 100, at most 1000), the next page via 'after' (a Link rel=next header gives it).");

        group.MapGet("/{reportKey}", GetCurrentAsync)
            .Produces(StatusCodes.Status200OK, contentType: JsonContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetReport")
            .WithSummary("The canonical JSON document of the current version, exactly as in the contract.");

        group.MapGet("/{reportKey}/versions", ListVersionsAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListReportVersions")
            .WithSummary("The version history, oldest first, with the cells each version changed.");

        group.MapGet("/{reportKey}/versions/{version:int}", GetVersionAsync)
            .Produces(StatusCodes.Status200OK, contentType: JsonContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetReportVersion")
            .WithSummary("The canonical JSON document of one version.");

        group.MapGet("/{reportKey}/diff", DiffAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DiffReportVersions")
            .WithSummary("The cells that differ between versions 'from' and 'to'.");

        group.MapGet("/{reportKey}/findings", FindingsAsync)
            .Produces(StatusCodes.Status200OK, contentType: JsonContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetReportFindings")
            .WithSummary("The validation findings of the current version (or of ?version=n).");
    }

    private static async Task<Results<Ok<IReadOnlyList<ReportHead>>, ProblemHttpResult>> ListAsync(
        IReportStore store,
        HttpRequest request,
        HttpResponse response,
        string? organization,
        string? region,
        string? year,
        string? template,
        string? hasFindings,
        string? limit,
        string? after,
        CancellationToken cancellationToken)
    {
        int? yearFilter = null;
        if (!string.IsNullOrWhiteSpace(year))
        {
            if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y))
            {
                return BadRequest($"'year' must be a number, not '{year}'.");
            }

            yearFilter = y;
        }

        bool? findingsFilter = null;
        if (!string.IsNullOrWhiteSpace(hasFindings))
        {
            if (!bool.TryParse(hasFindings, out var f))
            {
                return BadRequest($"'hasFindings' must be true or false, not '{hasFindings}'.");
            }

            findingsFilter = f;
        }

        var pageSize = ReportQuery.DefaultLimit;
        if (!string.IsNullOrWhiteSpace(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > ReportQuery.MaxLimit))
        {
            return BadRequest($"'limit' must be a number from 1 to {ReportQuery.MaxLimit}, not '{limit}'.");
        }

        // The store filters on its indexes (MongoDB) or in SQL (SQLite); one more than the page tells whether
        // there is a next page.
        var query = new ReportQuery
        {
            Organization = string.IsNullOrWhiteSpace(organization) ? null : organization.Trim(),
            Region = string.IsNullOrWhiteSpace(region) ? null : region.Trim(),
            Year = yearFilter,
            TemplateVersion = string.IsNullOrWhiteSpace(template) ? null : template.Trim(),
            HasFindings = findingsFilter,
            AfterKey = string.IsNullOrEmpty(after) ? null : after,
            Limit = pageSize + 1,
        };
        var heads = await store.QueryHeadsAsync(query, cancellationToken);
        IReadOnlyList<ReportHead> page = heads.Count > pageSize ? [.. heads.Take(pageSize)] : heads;
        if (heads.Count > pageSize)
        {
            var next = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString.Value)
                .Where(p => p.Key is not ("after" or "limit"))
                .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
                .Append(new("limit", pageSize.ToString(CultureInfo.InvariantCulture)))
                .Append(new("after", page[^1].ReportKey));
            response.Headers.Append("Link", $"<{Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(request.PathBase + request.Path, next)}>; rel=\"next\"");
        }

        return TypedResults.Ok(page);
    }

    private static Task<IResult> GetCurrentAsync(string reportKey, IReportStore store, CancellationToken cancellationToken) =>
        DocumentAsync(reportKey, null, store, cancellationToken);

    private static Task<IResult> GetVersionAsync(string reportKey, int version, IReportStore store, CancellationToken cancellationToken) =>
        DocumentAsync(reportKey, version, store, cancellationToken);

    private static async Task<IResult> DocumentAsync(string reportKey, int? version, IReportStore store, CancellationToken cancellationToken)
    {
        var record = await store.GetVersionAsync(reportKey, version, cancellationToken);
        if (record is null)
        {
            return await NotFoundAsync(reportKey, version, store, cancellationToken);
        }

        // The stored text is the contract document: pass it through untouched rather than re-serializing it.
        return Results.Text(record.DocumentJson, JsonContentType, Encoding.UTF8);
    }

    private static async Task<Results<Ok<IReadOnlyList<ReportVersionSummary>>, ProblemHttpResult>> ListVersionsAsync(
        string reportKey,
        IReportStore store,
        CancellationToken cancellationToken)
    {
        var versions = await store.ListVersionsAsync(reportKey, cancellationToken);
        if (versions.Count == 0)
        {
            return UnknownReport(reportKey);
        }

        return TypedResults.Ok<IReadOnlyList<ReportVersionSummary>>(versions.Select(ReportVersionSummary.From).ToList());
    }

    private static async Task<Results<Ok<ReportDiffResponse>, ProblemHttpResult>> DiffAsync(
        string reportKey,
        int? from,
        int? to,
        IReportStore store,
        CancellationToken cancellationToken)
    {
        if (from is null or < 1 || to is null or < 1)
        {
            return BadRequest("Give both versions to compare as ?from=N&to=M (N, M ≥ 1).");
        }

        var older = await store.GetVersionAsync(reportKey, from, cancellationToken);
        var newer = await store.GetVersionAsync(reportKey, to, cancellationToken);
        if (older is null || newer is null)
        {
            return await store.GetHeadAsync(reportKey, cancellationToken) is null
                ? UnknownReport(reportKey)
                : TypedResults.Problem($"Report {reportKey} has no version {(older is null ? from : to)}.", statusCode: StatusCodes.Status404NotFound, title: "Version not found");
        }

        var changes = ReportDiff.ChangedCells(ReportJson.Deserialize(older.DocumentJson), ReportJson.Deserialize(newer.DocumentJson));
        return TypedResults.Ok(new ReportDiffResponse(reportKey, from.Value, to.Value, changes));
    }

    private static async Task<IResult> FindingsAsync(string reportKey, int? version, IReportStore store, CancellationToken cancellationToken)
    {
        if (version is < 1)
        {
            return BadRequest("'version' must be 1 or more.");
        }

        var record = await store.GetVersionAsync(reportKey, version, cancellationToken);
        if (record is null)
        {
            return await NotFoundAsync(reportKey, version, store, cancellationToken);
        }

        // Findings exactly as the contract document carries them (§4), with the version they belong to.
        var findings = JsonNode.Parse(record.DocumentJson)?["findings"]?.DeepClone() ?? new JsonArray();
        var body = new JsonObject
        {
            ["reportKey"] = record.ReportKey,
            ["version"] = record.Version,
            ["findingCount"] = record.FindingCount,
            ["findings"] = findings,
        };
        return Results.Text(body.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), JsonContentType, Encoding.UTF8);
    }

    private static async Task<IResult> NotFoundAsync(string reportKey, int? version, IReportStore store, CancellationToken cancellationToken) =>
        version is not null && await store.GetHeadAsync(reportKey, cancellationToken) is not null
            ? TypedResults.Problem($"Report {reportKey} has no version {version}.", statusCode: StatusCodes.Status404NotFound, title: "Version not found")
            : UnknownReport(reportKey);

    private static ProblemHttpResult UnknownReport(string reportKey) =>
        TypedResults.Problem($"No report with key '{reportKey}'.", statusCode: StatusCodes.Status404NotFound, title: "Report not found");

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
}

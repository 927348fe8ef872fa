using System.Globalization;
using IngestionPipeline.Api.Models;
using IngestionPipeline.Api.Security;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Api.Endpoints;

/// <summary>Intake (file upload, URL) and ingestion status. Both write paths end in the shared <see cref="ReportIntake"/>.</summary>
internal static class IngestionEndpoints
{
    // Room for multipart boundaries and the small form fields around the file.
    private const long MultipartOverhead = 64 * 1024;

    public static void MapIngestionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/ingestions").WithTags("ingestions");

        group.MapPost("/", UploadAsync)
            .AddEndpointFilter<ApiKeyEndpointFilter>()
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("SubmitFile")
            .WithSummary("Submit a report file (multipart field 'file'; optional agencyId, organization, region, year, sourceUrl).");

        group.MapPost("/url", SubmitUrlAsync)
            .AddEndpointFilter<ApiKeyEndpointFilter>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .WithName("SubmitUrl")
            .WithSummary("Download a report file from an http(s) URL and submit it.");

        group.MapGet("/{ingestionId:guid}", GetStatusAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetIngestion")
            .WithSummary("The status of one ingestion.");
    }

    private static async Task<Results<Accepted<IngestionAccepted>, ProblemHttpResult>> UploadAsync(
        HttpRequest request,
        ReportIntake intake,
        IOptionsSnapshot<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        var max = options.Value.MaxUploadBytes;
        if (request.ContentLength > max + MultipartOverhead)
        {
            return TooLarge(max);
        }

        if (!request.HasFormContentType)
        {
            return BadRequest("Send the file as multipart/form-data in a field named 'file'.");
        }

        // Kestrel's own default (30 MB) would otherwise win over our configurable limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = max + MultipartOverhead;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = max + MultipartOverhead }, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(max);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return TooLarge(max);
        }
        catch (InvalidDataException e)
        {
            return BadRequest($"The multipart body could not be read: {e.Message}");
        }

        var file = form.Files.GetFile("file") ?? (form.Files.Count == 1 ? form.Files[0] : null);
        if (file is null)
        {
            return BadRequest("No file: send it in a multipart field named 'file'.");
        }

        if (file.Length > max)
        {
            return TooLarge(max);
        }

        int? year = null;
        if (form["year"].ToString() is { Length: > 0 } yearText)
        {
            if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 1990 or > 2100)
            {
                return BadRequest($"'year' must be a four-digit year, not '{yearText}'.");
            }

            year = y;
        }

        var sourceUrl = Optional(form["sourceUrl"]);
        if (sourceUrl is not null && !Uri.TryCreate(sourceUrl, UriKind.Absolute, out _))
        {
            return BadRequest($"'sourceUrl' must be an absolute URL, not '{sourceUrl}'.");
        }

        var hints = Hints(Optional(form["agencyId"]), Optional(form["organization"]), Optional(form["region"]), year);
        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, cancellationToken);
        }

        var fileName = Path.GetFileName(file.FileName) is { Length: > 0 } name ? name : "upload";
        var submitted = await intake.SubmitAsync(content, fileName, sourceUrl, hints, cancellationToken);
        return Accepted(submitted);
    }

    private static async Task<Results<Accepted<IngestionAccepted>, ProblemHttpResult>> SubmitUrlAsync(
        UrlIngestionRequest body,
        ReportIntake intake,
        UrlDownloader downloader,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Url)
            || !Uri.TryCreate(body.Url, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return BadRequest("'url' must be an absolute http or https URL.");
        }

        UrlDownloaderResult download;
        try
        {
            download = await downloader.DownloadAsync(url, cancellationToken);
        }
        catch (UrlDownloaderException e)
        {
            var (status, title) = e.Failure switch
            {
                UrlDownloaderFailure.InvalidUrl => (StatusCodes.Status400BadRequest, "Invalid URL"),
                UrlDownloaderFailure.Forbidden => (StatusCodes.Status422UnprocessableEntity, "URL not allowed"),
                UrlDownloaderFailure.TooLarge => (StatusCodes.Status413PayloadTooLarge, "File too large"),
                UrlDownloaderFailure.Timeout => (StatusCodes.Status504GatewayTimeout, "Download timed out"),
                UrlDownloaderFailure.CircuitOpen => (StatusCodes.Status503ServiceUnavailable, "Source host temporarily avoided"),
                _ => (StatusCodes.Status502BadGateway, "Download failed"),
            };
            return TypedResults.Problem(
                e.Message,
                statusCode: status,
                title: title,
                extensions: new Dictionary<string, object?> { ["failure"] = e.Failure.ToString(), ["upstreamStatus"] = e.StatusCode });
        }

        var h = body.Hints;
        var hints = h is null ? null : Hints(h.AgencyId, h.Organization, h.Region, h.Year);
        var submitted = await intake.SubmitAsync(download.Content, download.FileName, url.AbsoluteUri, hints, cancellationToken);
        return Accepted(submitted);
    }

    private static async Task<Results<Ok<IngestionRecord>, ProblemHttpResult>> GetStatusAsync(
        Guid ingestionId,
        IReportStore store,
        CancellationToken cancellationToken) =>
        await store.GetIngestionAsync(ingestionId, cancellationToken) is { } record
            ? TypedResults.Ok(record)
            : TypedResults.Problem($"No ingestion {ingestionId}.", statusCode: StatusCodes.Status404NotFound, title: "Ingestion not found");

    private static Accepted<IngestionAccepted> Accepted(ReportFileSubmitted submitted)
    {
        var statusUrl = $"/ingestions/{submitted.IngestionId}";
        return TypedResults.Accepted(statusUrl, new IngestionAccepted(submitted.IngestionId, submitted.RawSha256, statusUrl));
    }

    private static SubmissionHints? Hints(string? agencyId, string? organization, string? region, int? year) =>
        agencyId is null && organization is null && region is null && year is null
            ? null
            : new SubmissionHints(agencyId, organization, region, year);

    private static string? Optional(Microsoft.Extensions.Primitives.StringValues value) =>
        value.ToString() is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    private static ProblemHttpResult TooLarge(long max) =>
        TypedResults.Problem($"The file is larger than the limit of {max} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");
}

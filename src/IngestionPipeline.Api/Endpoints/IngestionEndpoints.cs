using System.Globalization;
using IngestionPipeline.Api.Models;
using IngestionPipeline.Api.Security;
using IngestionPipeline.Components.Callbacks;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Api.Endpoints;

/// <summary>Intake (file upload, URL) and ingestion status. Both write paths end in the shared <see cref="ReportIntake"/>.</summary>
internal static partial class IngestionEndpoints
{
    // Room for multipart boundaries and the small form fields around the file.
    private const long MultipartOverhead = 64 * 1024;

    // Hint fields an upload may carry, each at most once.
    internal static readonly string[] FormFields = ["agencyId", "organization", "region", "year", "sourceUrl", "callbackUrl"];

    public static void MapIngestionEndpoints(this IEndpointRouteBuilder app, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var group = app.MapGroup("/ingestions").WithTags("ingestions");

        group.MapPost("/", UploadAsync)
            .WithMetadata(new RequireApiKeyMetadata(options.MaxUploadBytes + MultipartOverhead))
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("SubmitFile")
            .WithSummary("Submit one report file (multipart field 'file'; optional agencyId, organization, region, year, sourceUrl). Several files in one request are refused with 400. An Idempotency-Key header makes a retry return the first ingestion.");

        group.MapPost("/url", SubmitUrlAsync)
            .WithMetadata(new RequireApiKeyMetadata(options.MaxUrlRequestBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("SubmitUrl")
            .WithSummary("Download a report file from an http(s) URL and submit it. An Idempotency-Key header makes a retry return the first ingestion.");

        MapBatchUpload(group, options);

        group.MapGet("/{ingestionId:guid}", GetStatusAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetIngestion")
            .WithSummary("The status of one ingestion.");
    }

    /// <summary>
    /// Reads an upload's multipart form within <see cref="ApiOptions.MaxUploadBytes"/> (Kestrel's own default of 30 MB
    /// would otherwise win): the form, or the problem to answer (413 over the limit; 400 not multipart, with
    /// <paramref name="notMultipart"/>, or a truncated or malformed body: the client's fault, never a 500).
    /// </summary>
    private static async Task<(IFormCollection Form, ProblemHttpResult? Problem)> ReadUploadFormAsync(
        HttpRequest request, ApiOptions options, string notMultipart, CancellationToken cancellationToken)
    {
        var max = options.MaxUploadBytes;
        if (request.ContentLength > max + MultipartOverhead)
        {
            return (FormCollection.Empty, TooLarge(max));
        }

        if (!request.HasFormContentType)
        {
            return (FormCollection.Empty, BadRequest(notMultipart));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = max + MultipartOverhead;
        }

        try
        {
            var form = await request.ReadFormAsync(
                new FormOptions { MultipartBodyLengthLimit = max + MultipartOverhead, ValueLengthLimit = options.MaxFieldLength, ValueCountLimit = 64 },
                cancellationToken);
            return (form, null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (FormCollection.Empty, TooLarge(max));
        }
        catch (InvalidDataException e) when (e.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase))
        {
            return (FormCollection.Empty, TooLarge(max));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            return (FormCollection.Empty, BadRequest($"The multipart body could not be read: {e.Message}"));
        }
    }

    private static async Task<Results<Accepted<IngestionAccepted>, ProblemHttpResult>> UploadAsync(
        HttpRequest request,
        ReportIntake intake,
        IOptionsSnapshot<ApiOptions> options,
        IIdempotencyKeyStore idempotencyKeys,
        IReportStore store,
        CallbackAddressGuard callbackGuard,
        IOptions<CallbackOptions> callbackOptions,
        CancellationToken cancellationToken)
    {
        if (IdempotentSubmission.TryReadKey(request, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        var max = options.Value.MaxUploadBytes;
        var (form, unreadable) = await ReadUploadFormAsync(request, options.Value, "Send the file as multipart/form-data in a field named 'file'.", cancellationToken);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (form.Files.Count > 1)
        {
            // One ingestion per request: a second file must not be dropped silently, and accepting some of several
            // files would leave the client unsure which went in.
            return BadRequest($"Send one file per request; this one has {form.Files.Count} ({string.Join(", ", form.Files.Select(f => $"'{f.Name}'"))}).");
        }

        var file = form.Files.Count == 1 ? form.Files[0] : null;
        if (file is null)
        {
            return BadRequest("No file: send it in a multipart field named 'file'.");
        }

        if (file.Length > max)
        {
            return TooLarge(max);
        }

        if (FormFields.FirstOrDefault(f => form[f].Count > 1) is { } repeated)
        {
            return BadRequest($"The field '{repeated}' is given more than once.");
        }

        if (FormFields.FirstOrDefault(f => form[f].ToString().Length > options.Value.MaxFieldLength) is { } tooLong)
        {
            return BadRequest($"The field '{tooLong}' is longer than {options.Value.MaxFieldLength} characters.");
        }

        int? year = null;
        if (form["year"].ToString() is { Length: > 0 } yearText)
        {
            if (!TryYear(yearText, out var y))
            {
                return BadRequest($"'year' must be a four-digit year, not '{UntrustedText.Escape(yearText)}'.");
            }

            year = y;
        }

        var sourceUrl = Optional(form["sourceUrl"]);
        if (sourceUrl is not null && !IsHttpUrl(sourceUrl, out _))
        {
            return BadRequest($"'sourceUrl' must be an absolute http or https URL, not '{UntrustedText.Escape(sourceUrl)}'.");
        }

        var (callbackUrl, badCallback) = await CallbackUrlAsync(Optional(form["callbackUrl"]), callbackGuard, callbackOptions, cancellationToken);
        if (badCallback is not null)
        {
            return badCallback;
        }

        var hints = Hints(Optional(form["agencyId"]), Optional(form["organization"]), Optional(form["region"]), year);
        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, cancellationToken);
        }

        var fileName = Path.GetFileName(file.FileName) is { Length: > 0 } name ? name : "upload";
        return await IdempotentSubmission.RunAsync(
            idempotencyKey,
            IdempotentSubmission.Fingerprint(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), hints, sourceUrl),
            idempotencyKeys,
            store,
            request.HttpContext.Response,
            async () => Accepted(await intake.SubmitAsync(content, fileName, sourceUrl, hints, callbackUrl, cancellationToken)),
            cancellationToken);
    }

    private static async Task<Results<Accepted<IngestionAccepted>, ProblemHttpResult>> SubmitUrlAsync(
        UrlIngestionRequest body,
        ReportIntake intake,
        UrlDownloader downloader,
        IIdempotencyKeyStore idempotencyKeys,
        IReportStore store,
        HttpContext context,
        CallbackAddressGuard callbackGuard,
        IOptions<CallbackOptions> callbackOptions,
        CancellationToken cancellationToken)
    {
        if (IdempotentSubmission.TryReadKey(context.Request, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        if (body is null || string.IsNullOrWhiteSpace(body.Url) || !IsHttpUrl(body.Url, out var url))
        {
            return BadRequest("'url' must be an absolute http or https URL.");
        }

        if (body.Hints?.Year is { } hintYear && !TryYear(hintYear.ToString(CultureInfo.InvariantCulture), out _))
        {
            return BadRequest($"'hints.year' must be a four-digit year, not {hintYear}.");
        }

        var (callbackUrl, badCallback) = await CallbackUrlAsync(body.CallbackUrl, callbackGuard, callbackOptions, cancellationToken);
        if (badCallback is not null)
        {
            return badCallback;
        }

        var h = body.Hints;
        var hints = h is null ? null : Hints(h.AgencyId, h.Organization, h.Region, h.Year);
        return await IdempotentSubmission.RunAsync(
            idempotencyKey,
            IdempotentSubmission.Fingerprint(url.AbsoluteUri, hints, sourceUrl: null),
            idempotencyKeys,
            store,
            context.Response,
            () => DownloadAndSubmitAsync(url, hints, callbackUrl, intake, downloader, cancellationToken),
            cancellationToken);
    }

    private static async Task<Results<Accepted<IngestionAccepted>, ProblemHttpResult>> DownloadAndSubmitAsync(
        Uri url, SubmissionHints? hints, Uri? callbackUrl, ReportIntake intake, UrlDownloader downloader, CancellationToken cancellationToken)
    {
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

        var submitted = await intake.SubmitAsync(download.Content, download.FileName, url.AbsoluteUri, hints, callbackUrl, cancellationToken);
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

    private static bool TryYear(string text, out int year) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 1990 and <= 2100;

    /// <summary>An absolute http(s) URL with a host: never <c>javascript:</c>, <c>file:</c>, <c>data:</c> or a relative path.</summary>
    private static bool IsHttpUrl(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!)
        && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(url.Host)
        && text.Length <= 2048;

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    private static ProblemHttpResult TooLarge(long max) =>
        TypedResults.Problem($"The file is larger than the limit of {max} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");
}

using System.Security.Cryptography;
using IngestionPipeline.Api.Models;
using IngestionPipeline.Api.Security;
using IngestionPipeline.Components.Callbacks;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Core.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Api.Endpoints;

/// <summary>
/// <c>POST /ingestions/batch</c>: several files in one multipart request, one ingestion each (a crawler's page of
/// links at once). The form's hint fields apply to every file. The whole request is checked before anything is
/// ingested (sizes, count, hints), so a refused batch ingests nothing. An <c>Idempotency-Key</c> covers each file as
/// <c>{key}#{n}</c> (n = the file's position): a retried batch returns the same ingestions.
/// </summary>
internal static partial class IngestionEndpoints
{
    /// <summary>Most files in one batch request.</summary>
    public const int MaxBatchFiles = 50;

    private static void MapBatchUpload(RouteGroupBuilder group, ApiOptions options) =>
        group.MapPost("/batch", UploadBatchAsync)
            // The whole batch within the upload limit: a batch is no way around it.
            .WithMetadata(new RequireApiKeyMetadata(options.MaxUploadBytes + MultipartOverhead))
            .Accepts<IFormFileCollection>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("SubmitBatch")
            .WithSummary($"Submit several report files in one multipart request (any field names, at most {MaxBatchFiles}; optional agencyId, organization, region, year, sourceUrl for all), one ingestion each, answered in the files' order.");

    private static async Task<Results<Accepted<IReadOnlyList<IngestionAccepted>>, ProblemHttpResult>> UploadBatchAsync(
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
        var (form, unreadable) = await ReadUploadFormAsync(request, options.Value, "Send the files as multipart/form-data.", cancellationToken);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (form.Files.Count == 0)
        {
            return BadRequest("No file: send one or more files as multipart file fields.");
        }

        if (form.Files.Count > MaxBatchFiles)
        {
            return BadRequest($"At most {MaxBatchFiles} files per batch; this one has {form.Files.Count}.");
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

        // Everything read and checked before the first ingestion: a refused batch ingests nothing.
        var files = new List<(string Name, byte[] Content)>(form.Files.Count);
        foreach (var file in form.Files)
        {
            if (file.Length > max)
            {
                return TooLarge(max);
            }

            var content = new byte[file.Length];
            await using (var stream = file.OpenReadStream())
            {
                await stream.ReadExactlyAsync(content, cancellationToken);
            }

            files.Add((Path.GetFileName(file.FileName) is { Length: > 0 } name ? name : $"upload-{files.Count + 1}", content));
        }

        var accepted = new List<IngestionAccepted>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            var (name, content) = files[i];
            var result = await IdempotentSubmission.RunAsync(
                idempotencyKey is null ? null : $"{idempotencyKey}#{i + 1}",
                IdempotentSubmission.Fingerprint(Convert.ToHexStringLower(SHA256.HashData(content)), hints, sourceUrl),
                idempotencyKeys,
                store,
                request.HttpContext.Response,
                async () => Accepted(await intake.SubmitAsync(content, name, sourceUrl, hints, callbackUrl, cancellationToken)),
                cancellationToken);
            switch (result.Result)
            {
                case Accepted<IngestionAccepted> { Value: { } one }:
                    accepted.Add(one);
                    break;
                case ProblemHttpResult problem when accepted.Count == 0:
                    return problem;
                case ProblemHttpResult problem:
                    // Files before this one are in: say which, so that the client resubmits only the rest.
                    return TypedResults.Problem(
                        $"File {i + 1} ('{UntrustedText.Escape(name)}'): {problem.ProblemDetails.Detail} The {accepted.Count} file(s) before it were accepted.",
                        statusCode: problem.StatusCode,
                        title: problem.ProblemDetails.Title,
                        extensions: new Dictionary<string, object?> { ["accepted"] = accepted });
            }
        }

        return TypedResults.Accepted((string?)null, (IReadOnlyList<IngestionAccepted>)accepted);
    }
}

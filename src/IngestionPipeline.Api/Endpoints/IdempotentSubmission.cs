using System.Security.Cryptography;
using System.Text;
using IngestionPipeline.Api.Models;
using IngestionPipeline.Api.Security;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IngestionPipeline.Api.Endpoints;

/// <summary>
/// The <c>Idempotency-Key</c> header of the submission endpoints: a crawler that retries a request (a timeout, a lost
/// answer) with the same key gets the first request's ingestion (202, header <c>Idempotent-Replayed: true</c>) instead
/// of a second ingestion. Keys are kept in the store (<see cref="IIdempotencyKeyStore"/>), scoped by the caller's API
/// key, and bound to the request's fingerprint (the file's sha256 or the URL, and the hints): the same key with another
/// request is 422; while the first request with the key is still being accepted, 409 (retry later).
/// </summary>
internal static class IdempotentSubmission
{
    public const string HeaderName = "Idempotency-Key";

    public const string ReplayedHeaderName = "Idempotent-Replayed";

    /// <summary>Most characters of a key (a UUID has 36).</summary>
    public const int MaxKeyLength = 255;

    /// <summary>A claim whose request did not complete within this is taken as abandoned (its process died).</summary>
    public static readonly TimeSpan AbandonAfter = TimeSpan.FromMinutes(5);

    /// <summary>The request's key (null without the header), or a 400 problem when it is malformed.</summary>
    public static ProblemHttpResult? TryReadKey(HttpRequest request, out string? key)
    {
        key = null;
        var values = request.Headers[HeaderName];
        if (values.Count == 0)
        {
            return null;
        }

        var value = values.Count == 1 ? values[0] : null;
        if (value is null || value.Length is 0 or > MaxKeyLength || value.Any(c => c is < '!' or > '~'))
        {
            return TypedResults.Problem(
                $"The {HeaderName} header must be one value of 1 to {MaxKeyLength} visible ASCII characters (e.g. a UUID).",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Bad request");
        }

        // Scoped by caller: two crawlers choosing the same key never see each other's ingestions.
        var caller = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Headers[ApiKeyMiddleware.HeaderName].ToString())))[..16];
        key = $"{caller}:{value}";
        return null;
    }

    /// <summary>The fingerprint of a submission: what it submits and with which hints.</summary>
    public static string Fingerprint(string what, SubmissionHints? hints, string? sourceUrl) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\u001f', what, hints?.AgencyId, hints?.Organization, hints?.Region, hints?.Year, sourceUrl))));

    /// <summary>
    /// Runs <paramref name="submit"/> once per key: without a key it just runs; with one, it claims the key first and
    /// answers a replay, a mismatch or a request in progress from what the store holds.
    /// </summary>
    public static async Task<Results<Accepted<IngestionAccepted>, ProblemHttpResult>> RunAsync(
        string? key,
        string fingerprint,
        IIdempotencyKeyStore keys,
        IReportStore store,
        HttpResponse response,
        Func<Task<Results<Accepted<IngestionAccepted>, ProblemHttpResult>>> submit,
        CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return await submit();
        }

        var claim = await keys.ClaimIdempotencyKeyAsync(key, fingerprint, AbandonAfter, cancellationToken);
        switch (claim.State)
        {
            case IdempotencyKeyState.Completed:
                var first = await store.GetIngestionAsync(claim.IngestionId!.Value, cancellationToken);
                response.Headers[ReplayedHeaderName] = "true";
                var statusUrl = $"/ingestions/{claim.IngestionId}";
                return TypedResults.Accepted(statusUrl, new IngestionAccepted(claim.IngestionId.Value, first?.RawSha256 ?? string.Empty, statusUrl));
            case IdempotencyKeyState.Mismatch:
                return TypedResults.Problem(
                    $"This {HeaderName} was already used for a different request (another file, URL or hints); use a new key.",
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency key reused");
            case IdempotencyKeyState.InProgress:
                response.Headers.RetryAfter = "1";
                return TypedResults.Problem(
                    $"A request with this {HeaderName} is still being accepted; retry it shortly.",
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Request in progress");
        }

        Results<Accepted<IngestionAccepted>, ProblemHttpResult> result;
        try
        {
            result = await submit();
        }
        catch
        {
            await keys.ReleaseIdempotencyKeyAsync(key, CancellationToken.None);
            throw;
        }

        if (result.Result is Accepted<IngestionAccepted> { Value: { } accepted })
        {
            await keys.CompleteIdempotencyKeyAsync(key, accepted.IngestionId, CancellationToken.None);
        }
        else
        {
            // Refused (a download failed, …): nothing was created, a retry may use the key again.
            await keys.ReleaseIdempotencyKeyAsync(key, CancellationToken.None);
        }

        return result;
    }
}

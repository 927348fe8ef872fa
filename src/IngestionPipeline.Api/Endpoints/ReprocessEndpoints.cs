using IngestionPipeline.Api.Security;
using IngestionPipeline.Components.Reprocessing;
using IngestionPipeline.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IngestionPipeline.Api.Endpoints;

/// <summary>
/// <c>POST /reprocess</c> (API key): re-runs stored raw files through the pipeline (<see cref="ReportReprocessor"/>), as
/// <c>ingest reprocess</c> does with remote workers. At most <see cref="ReprocessRequest.Limit"/> reports per call,
/// submitted at <see cref="ReprocessRequest.PerSecond"/> so that crawlers' submissions are not starved; call again with
/// <c>stale: true</c> until <c>selected</c> is 0. Each ingestion is followed by <c>GET /ingestions/{id}</c>.
/// </summary>
internal static class ReprocessEndpoints
{
    private const long MaxRequestBytes = 256 * 1024;
    private const int MaxLimit = 1000;
    private const double MaxPerSecond = 200;

    public static void MapReprocessEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/reprocess", ReprocessAsync)
            .WithTags("reprocess")
            .WithMetadata(new RequireApiKeyMetadata(MaxRequestBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("Reprocess")
            .WithSummary("Re-run stored raw files through the pipeline, selected by report keys, format, creation date or stale parser version; dryRun lists them.");
    }

    private static async Task<Results<Ok<ReprocessResponse>, Accepted<ReprocessResponse>, ProblemHttpResult>> ReprocessAsync(
        ReprocessRequest request, ReportReprocessor reprocessor, CancellationToken cancellationToken)
    {
        var limit = request.Limit ?? 100;
        var perSecond = request.PerSecond ?? 20;
        if (limit is < 1 or > MaxLimit || perSecond is <= 0 or > MaxPerSecond || request.ReportKeys is { Count: > MaxLimit })
        {
            return TypedResults.Problem(
                $"limit must be 1..{MaxLimit}, perSecond above 0 and at most {MaxPerSecond}, reportKeys at most {MaxLimit}.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var selection = new ReprocessSelection(
            request.ReportKeys,
            request.MediaType,
            request.CreatedFrom,
            request.CreatedBefore,
            request.Stale ? reprocessor.ParserVersion : null);
        var candidates = await reprocessor.SelectAsync(selection, cancellationToken);
        var batch = candidates.Take(limit).ToList();
        if (request.DryRun)
        {
            return TypedResults.Ok(new ReprocessResponse(reprocessor.ParserVersion, candidates.Count, batch.Select(c => new ReprocessItem(c.ReportKey, c.Version, c.ParserVersion, null)).ToList()));
        }

        var submitted = await reprocessor.SubmitAsync(batch, perSecond, cancellationToken);
        var items = batch.Zip(submitted, (c, m) => new ReprocessItem(c.ReportKey, c.Version, c.ParserVersion, m.IngestionId)).ToList();
        return TypedResults.Accepted((string?)null, new ReprocessResponse(reprocessor.ParserVersion, candidates.Count, items));
    }
}

/// <summary>Which reports <c>POST /reprocess</c> re-runs; the filters combine.</summary>
/// <param name="ReportKeys">Only these reports.</param>
/// <param name="MediaType">Only raw files of this detected media type (e.g. <c>application/pdf</c>).</param>
/// <param name="CreatedFrom">Only current versions created at or after this instant.</param>
/// <param name="CreatedBefore">Only current versions created before this instant.</param>
/// <param name="Stale">Only reports made by a parser version other than the API's.</param>
/// <param name="DryRun">List the selection without submitting.</param>
/// <param name="Limit">Reports submitted by this call, at most (default 100, at most 1000).</param>
/// <param name="PerSecond">Submissions per second (default 20).</param>
internal sealed record ReprocessRequest(
    IReadOnlyList<string>? ReportKeys = null,
    string? MediaType = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedBefore = null,
    bool Stale = false,
    bool DryRun = false,
    int? Limit = null,
    double? PerSecond = null);

/// <summary>What <c>POST /reprocess</c> did: how many reports the selection holds and those of this call.</summary>
internal sealed record ReprocessResponse(string ParserVersion, int Selected, IReadOnlyList<ReprocessItem> Reports);

/// <summary>One report of a re-processing call, with its new ingestion (null on a dry run).</summary>
internal sealed record ReprocessItem(string ReportKey, int Version, string? ParserVersion, Guid? IngestionId);

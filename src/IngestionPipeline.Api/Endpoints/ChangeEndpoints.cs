using System.Globalization;
using IngestionPipeline.Api.Models;
using IngestionPipeline.Api.Security;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.ServiceDefaults;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace IngestionPipeline.Api.Endpoints;

/// <summary>
/// The changes feed (<c>GET /changes</c>): every final outcome (version created with its changed cells, unchanged,
/// rejected with its reason) in commit order, paged by an opaque cursor that stays valid across restarts. The
/// catch-up path of a subscriber that started late. <c>POST /changes/replay</c> (API key) republishes that history as
/// events to one subscriber's queue on the configured broker.
/// </summary>
internal static class ChangeEndpoints
{
    private const long MaxReplayRequestBytes = 4096;

    public static void MapChangeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/changes", ListAsync)
            .WithTags("changes")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status501NotImplemented)
            .WithName("ListChanges")
            .WithSummary("Every final outcome in commit order after the cursor 'after' (from the start without it), optionally filtered by year, region and organization (substrings); pages of 'limit' (default 100, at most 1000). 'next' is the cursor to poll with next; a Link rel=next header gives the next page while more entries are there.");

        app.MapPost("/changes/replay", ReplayAsync)
            .WithTags("changes")
            .WithMetadata(new RequireApiKeyMetadata(MaxReplayRequestBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status501NotImplemented)
            .WithName("ReplayChanges")
            .WithSummary("Republishes the stored outcomes (after the cursor 'after', at or after 'since', filtered like GET /changes) as ReportVersionCreated / ReportUnchanged / ReportRejected events to the one RabbitMQ queue 'toQueue', in commit order; no other queue receives them. Needs an API key and a configured broker.");
    }

    private static async Task<Results<Ok<ReplayResult>, ProblemHttpResult>> ReplayAsync(
        ReplayRequest request,
        IReportStore store,
        IOptions<RabbitMqOptions> rabbitMq,
        CancellationToken cancellationToken)
    {
        if (store is not IChangeFeed feed)
        {
            return TypedResults.Problem($"The configured store ({store.GetType().Name}) keeps no changes feed.", statusCode: StatusCodes.Status501NotImplemented, title: "Not implemented");
        }

        if (string.IsNullOrWhiteSpace(request.ToQueue) || request.ToQueue.Length > 255)
        {
            return BadRequest("'toQueue' must name the subscriber's queue (at most 255 characters).");
        }

        if (!ChangeCursor.TryParse(request.After, out var sequence))
        {
            return BadRequest($"'after' is not a cursor this feed gave out: '{request.After}'.");
        }

        if (rabbitMq.Value.BrokerUri() is not { } broker)
        {
            return TypedResults.Problem("This API runs the embedded pipeline without a broker (RabbitMq:Uri is not set): there is no queue to replay to.", statusCode: StatusCodes.Status409Conflict, title: "No broker");
        }

        try
        {
            await using var replay = await HistoryReplay.ConnectAsync(broker, cancellationToken);
            return TypedResults.Ok(await replay.ReplayAsync(feed, request.ToQueue, new ChangeQuery
            {
                AfterSequence = sequence,
                Since = request.Since,
                Year = request.Year,
                Region = string.IsNullOrWhiteSpace(request.Region) ? null : request.Region.Trim(),
                Organization = string.IsNullOrWhiteSpace(request.Organization) ? null : request.Organization.Trim(),
            }, cancellationToken));
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status404NotFound, title: "Queue not found");
        }
    }

    private static async Task<Results<Ok<ChangePage>, ProblemHttpResult>> ListAsync(
        IReportStore store,
        HttpRequest request,
        HttpResponse response,
        string? after,
        string? limit,
        string? year,
        string? region,
        string? organization,
        CancellationToken cancellationToken)
    {
        if (store is not IChangeFeed feed)
        {
            return TypedResults.Problem($"The configured store ({store.GetType().Name}) keeps no changes feed.", statusCode: StatusCodes.Status501NotImplemented, title: "Not implemented");
        }

        if (!ChangeCursor.TryParse(after, out var sequence))
        {
            return BadRequest($"'after' is not a cursor this feed gave out: '{after}'.");
        }

        var pageSize = ChangeQuery.DefaultLimit;
        if (!string.IsNullOrWhiteSpace(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > ChangeQuery.MaxLimit))
        {
            return BadRequest($"'limit' must be a number from 1 to {ChangeQuery.MaxLimit}, not '{limit}'.");
        }

        int? yearFilter = null;
        if (!string.IsNullOrWhiteSpace(year))
        {
            if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y))
            {
                return BadRequest($"'year' must be a number, not '{year}'.");
            }

            yearFilter = y;
        }

        // One more than the page tells whether there is a next page already.
        var entries = await feed.ReadChangesAsync(new ChangeQuery
        {
            AfterSequence = sequence,
            Limit = pageSize + 1,
            Year = yearFilter,
            Region = string.IsNullOrWhiteSpace(region) ? null : region.Trim(),
            Organization = string.IsNullOrWhiteSpace(organization) ? null : organization.Trim(),
        }, cancellationToken);
        var hasMore = entries.Count > pageSize;
        var page = entries.Take(pageSize).Select(ChangeItem.From).ToList();
        var next = page.Count > 0 ? page[^1].Cursor : ChangeCursor.Format(sequence);
        if (hasMore)
        {
            var query = QueryHelpers.ParseQuery(request.QueryString.Value)
                .Where(p => p.Key is not ("after" or "limit"))
                .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
                .Append(new("limit", pageSize.ToString(CultureInfo.InvariantCulture)))
                .Append(new("after", next));
            response.Headers.Append("Link", $"<{QueryHelpers.AddQueryString(request.PathBase + request.Path, query)}>; rel=\"next\"");
        }

        return TypedResults.Ok(new ChangePage(page, next, hasMore));
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
}

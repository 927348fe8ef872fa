using System.Runtime.CompilerServices;

namespace IngestionPipeline.Core.Storage;

/// <summary>
/// Listings answered by the store's indexes rather than in memory: both adapters implement it (SQLite in SQL,
/// MongoDB with compound indexes), so a listing costs the page it returns, not the whole store.
/// </summary>
public interface IReportQueryStore
{
    /// <summary>
    /// How many heads match <paramref name="query"/>'s filters (<see cref="ReportQuery.AfterKey"/> and
    /// <see cref="ReportQuery.Limit"/> are ignored), counted without reading any version document.
    /// </summary>
    Task<long> CountHeadsAsync(ReportQuery query, CancellationToken cancellationToken = default);
}

/// <summary>Streaming over <see cref="IReportVersionStore.QueryHeadsAsync"/> with keyset pagination.</summary>
public static class ReportHeadStreaming
{
    /// <summary>Heads fetched per round trip by <see cref="StreamHeadsAsync"/>.</summary>
    public const int PageSize = 500;

    /// <summary>
    /// Every head matching <paramref name="query"/>'s filters in report-key order, from its
    /// <see cref="ReportQuery.AfterKey"/> on, fetched a page at a time (memory stays at one page whatever the store
    /// holds); at most <paramref name="max"/> heads when given (<see cref="ReportQuery.Limit"/> is ignored).
    /// </summary>
    public static async IAsyncEnumerable<ReportHead> StreamHeadsAsync(
        this IReportVersionStore store, ReportQuery query, int? max = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        if (max is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, "The number of heads must not be negative.");
        }

        var remaining = max ?? int.MaxValue;
        var after = query.AfterKey;
        while (remaining > 0)
        {
            var requested = Math.Min(PageSize, remaining);
            var page = await store.QueryHeadsAsync(query with { AfterKey = after, Limit = requested }, cancellationToken);
            foreach (var head in page)
            {
                yield return head;
            }

            remaining -= page.Count;
            if (page.Count < requested)
            {
                yield break;
            }

            after = page[^1].ReportKey;
        }
    }
}

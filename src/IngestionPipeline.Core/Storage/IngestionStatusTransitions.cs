namespace IngestionPipeline.Core.Storage;

/// <summary>
/// Which stored status an update may replace, so that the status of an ingestion only moves forward even when
/// messages are redelivered late (a worker killed mid-message, a broker restart, a redrive):
/// <list type="bullet">
/// <item>the stage statuses advance in pipeline order (Submitted → Extracted → Normalized → Validated); a late
/// redelivery of an earlier stage does not move the status back;</item>
/// <item>VersionCreated, Unchanged and Rejected are final: nothing replaces them (a repeated final update is
/// applied again, which is harmless);</item>
/// <item>Failed replaces only unfinished statuses, and is itself replaced by any later progress, because a
/// failed message can be redriven and succeed.</item>
/// </list>
/// Both store adapters apply the rule in their update statement (compare-and-set), never read-then-write.
/// </summary>
public static class IngestionStatusTransitions
{
    private static readonly IngestionStatus[] StageOrder =
    [
        IngestionStatus.Submitted,
        IngestionStatus.Extracted,
        IngestionStatus.Normalized,
        IngestionStatus.Validated,
    ];

    /// <summary>True for the statuses nothing replaces.</summary>
    public static bool IsFinal(IngestionStatus status) =>
        status is IngestionStatus.VersionCreated or IngestionStatus.Unchanged or IngestionStatus.Rejected;

    // Computed once: the stores ask on every status update (a hot path).
    private static readonly IReadOnlyList<IngestionStatus>[] Replaceable =
        [.. Enum.GetValues<IngestionStatus>().Order().Select(Compute)];

    /// <summary>The stored statuses an update to <paramref name="next"/> may replace.</summary>
    public static IReadOnlyList<IngestionStatus> ReplaceableBy(IngestionStatus next) => Replaceable[(int)next];

    private static IngestionStatus[] Compute(IngestionStatus next)
    {
        if (IsFinal(next))
        {
            return [.. StageOrder, IngestionStatus.Failed, next];
        }

        if (next == IngestionStatus.Failed)
        {
            return [.. StageOrder, IngestionStatus.Failed];
        }

        var rank = Array.IndexOf(StageOrder, next);
        return [.. StageOrder.Take(rank + 1), IngestionStatus.Failed];
    }

    /// <summary>Whether an ingestion whose stored status is <paramref name="current"/> may move to <paramref name="next"/>.</summary>
    public static bool CanMove(IngestionStatus current, IngestionStatus next) => ReplaceableBy(next).Contains(current);
}

namespace IngestionPipeline.Core.Storage;

/// <summary>
/// A page of the changes feed: the entries after <see cref="AfterSequence"/>, in sequence order, at most
/// <see cref="Limit"/>. Filters work as in <see cref="ReportQuery"/> (ordinal "contains" on text); an entry
/// without a report (an early rejection) matches only when no report filter is set.
/// </summary>
public sealed record ChangeQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Only entries with a greater <see cref="ChangeEntry.Sequence"/> (0: from the start).</summary>
    public long AfterSequence { get; init; }

    public int Limit { get; init; } = DefaultLimit;

    /// <summary>Contained in the printed or the normalized organization name.</summary>
    public string? Organization { get; init; }

    /// <summary>Contained in the region or the report key.</summary>
    public string? Region { get; init; }

    public int? Year { get; init; }

    /// <summary>Only outcomes written at or after this instant.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Whether any filter beyond the position is set.</summary>
    public bool HasReportFilter => !string.IsNullOrEmpty(Organization) || !string.IsNullOrEmpty(Region) || Year is not null;
}

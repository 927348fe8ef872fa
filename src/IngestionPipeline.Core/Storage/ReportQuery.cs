namespace IngestionPipeline.Core.Storage;

/// <summary>
/// A filter over report heads with keyset pagination (<see cref="AfterKey"/>: the last report key of the
/// previous page). Text filters are ordinal "contains" matches; every filter that is set must match.
/// Results are ordered by report key (ordinal).
/// </summary>
public sealed record ReportQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Contained in the printed or the normalized organization name.</summary>
    public string? Organization { get; init; }

    /// <summary>Contained in the region or the report key.</summary>
    public string? Region { get; init; }

    public int? Year { get; init; }

    /// <summary><c>gb2019</c> or <c>gb2021</c> (case-insensitive).</summary>
    public string? TemplateVersion { get; init; }

    /// <summary>True: only reports with findings; false: only reports without.</summary>
    public bool? HasFindings { get; init; }

    /// <summary>Only report keys ordinally greater than this one (the next page).</summary>
    public string? AfterKey { get; init; }

    public int Limit { get; init; } = DefaultLimit;

    /// <summary>The same semantics in memory: the reference the store adapters' queries are tested against.</summary>
    public bool Matches(ReportHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        return (string.IsNullOrEmpty(Organization)
                || head.Organization.Contains(Organization, StringComparison.Ordinal)
                || (head.OrganizationNormalized?.Contains(Organization, StringComparison.Ordinal) ?? false))
            && (string.IsNullOrEmpty(Region)
                || (head.Region?.Contains(Region, StringComparison.Ordinal) ?? false)
                || head.ReportKey.Contains(Region, StringComparison.Ordinal))
            && (Year is null || head.Year == Year)
            && (string.IsNullOrEmpty(TemplateVersion) || string.Equals(head.TemplateVersion, TemplateVersion, StringComparison.OrdinalIgnoreCase))
            && (HasFindings is null || (head.FindingCount > 0) == HasFindings)
            && (AfterKey is null || string.CompareOrdinal(head.ReportKey, AfterKey) > 0);
    }

    /// <summary>Filters, orders and limits <paramref name="heads"/> in memory.</summary>
    public IReadOnlyList<ReportHead> Apply(IEnumerable<ReportHead> heads) =>
        [.. heads.Where(Matches).OrderBy(h => h.ReportKey, StringComparer.Ordinal).Take(Limit)];
}

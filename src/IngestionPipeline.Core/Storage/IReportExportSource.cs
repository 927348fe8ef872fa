namespace IngestionPipeline.Core.Storage;

/// <summary>
/// Streams stored report versions for exports and comparisons: one version at a time from an open cursor, so a
/// caller that writes each version out as it comes keeps memory flat whatever the number of reports. Both store
/// adapters implement it next to <see cref="IReportStore"/>.
/// </summary>
public interface IReportExportSource
{
    /// <summary>
    /// The versions matching <paramref name="filter"/>, ordered by report key (ordinal), then version: the current
    /// version of each report, or every version when <see cref="ReportExportFilter.AllVersions"/> is set.
    /// </summary>
    IAsyncEnumerable<ReportVersionRecord> StreamVersionsAsync(ReportExportFilter filter, CancellationToken cancellationToken = default);
}

/// <summary>
/// Which report versions an export or a comparison reads. The text filters have the semantics of
/// <see cref="ReportQuery"/> (ordinal "contains"; every filter that is set must match) and apply to each version's
/// own metadata.
/// </summary>
public sealed record ReportExportFilter
{
    /// <summary>Contained in the printed or the normalized organization name.</summary>
    public string? Organization { get; init; }

    /// <summary>Contained in the region or the report key.</summary>
    public string? Region { get; init; }

    public int? Year { get; init; }

    /// <summary>Only years at or after this one.</summary>
    public int? FromYear { get; init; }

    /// <summary>Only years at or before this one.</summary>
    public int? ToYear { get; init; }

    /// <summary><c>gb2019</c> or <c>gb2021</c> (case-insensitive).</summary>
    public string? TemplateVersion { get; init; }

    /// <summary>True: only versions with findings; false: only versions without.</summary>
    public bool? HasFindings { get; init; }

    /// <summary>Every version of each report instead of the current one only.</summary>
    public bool AllVersions { get; init; }

    /// <summary>The filter in memory (without <see cref="AllVersions"/>): the reference the adapters' queries are tested against.</summary>
    public bool Matches(ReportVersionRecord version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return (string.IsNullOrEmpty(Organization)
                || version.Organization.Contains(Organization, StringComparison.Ordinal)
                || (version.OrganizationNormalized?.Contains(Organization, StringComparison.Ordinal) ?? false))
            && (string.IsNullOrEmpty(Region)
                || (version.Region?.Contains(Region, StringComparison.Ordinal) ?? false)
                || version.ReportKey.Contains(Region, StringComparison.Ordinal))
            && (Year is null || version.Year == Year)
            && (FromYear is null || version.Year >= FromYear)
            && (ToYear is null || version.Year <= ToYear)
            && (string.IsNullOrEmpty(TemplateVersion) || string.Equals(version.TemplateVersion, TemplateVersion, StringComparison.OrdinalIgnoreCase))
            && (HasFindings is null || (version.FindingCount > 0) == HasFindings);
    }
}

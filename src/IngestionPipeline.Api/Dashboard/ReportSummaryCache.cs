using System.Collections.Concurrent;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Api.Dashboard;

/// <summary>What the overview and findings pages need of one report version: its province and its findings.</summary>
public sealed record ReportSummary(string? Province, IReadOnlyList<Finding> Findings);

/// <summary>
/// The <see cref="ReportSummary"/> of each report's current version, kept across requests so that the overview and
/// findings pages read and parse a stored document only when its report got a new version. Versions are immutable,
/// so an entry for (report key, version) never goes stale; one entry per report key (a newer version replaces it).
/// </summary>
public sealed class ReportSummaryCache
{
    private readonly ConcurrentDictionary<string, (int Version, ReportSummary Summary)> entries = new(StringComparer.Ordinal);

    public bool TryGet(string reportKey, int version, out ReportSummary summary)
    {
        if (entries.TryGetValue(reportKey, out var entry) && entry.Version == version)
        {
            summary = entry.Summary;
            return true;
        }

        summary = null!;
        return false;
    }

    public void Set(string reportKey, int version, ReportSummary summary) =>
        entries.AddOrUpdate(reportKey, (version, summary), (_, existing) => existing.Version > version ? existing : (version, summary));

    /// <summary>Forgets the reports that are no longer in the store.</summary>
    public void Retain(IReadOnlySet<string> reportKeys)
    {
        ArgumentNullException.ThrowIfNull(reportKeys);
        foreach (var key in entries.Keys)
        {
            if (!reportKeys.Contains(key))
            {
                entries.TryRemove(key, out _);
            }
        }
    }
}

using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Core.Export;

/// <summary>
/// One row of the long <em>cells</em> table: one cell of one report version, where it is printed, what it holds and
/// the ids of the findings that name it. <see cref="Value"/> is set only when the cell holds a number (a blank,
/// <c>/</c> or MISSING cell has none, never 0); a number the validator derived has <see cref="Inferred"/> set.
/// </summary>
public sealed record CellExportRow(
    string ReportKey,
    string Organization,
    string? OrganizationNormalized,
    string? Region,
    int Year,
    string TemplateVersion,
    int Version,
    string Table,
    string Row,
    string Column,
    string Path,
    decimal? Value,
    string Semantic,
    string? Raw,
    string? Unit,
    bool Inferred,
    string FindingIds);

/// <summary>
/// One row of the <em>reports</em> table: one report version's metadata, its findings counted by severity and by
/// origin, and the key totals (null when the cell holds no number).
/// </summary>
public sealed record ReportExportRow(
    string ReportKey,
    int Version,
    bool Current,
    string Organization,
    string? OrganizationNormalized,
    string? Region,
    int Year,
    string TemplateVersion,
    string Title,
    string? SourceFileName,
    string SourceSha256,
    Guid IngestionId,
    DateTimeOffset CreatedAt,
    int Findings,
    int Errors,
    int Warnings,
    int Infos,
    int SourceInconsistencies,
    int ExtractionSuspects,
    int MissingCells,
    decimal? NewReceived,
    decimal? CarriedOver,
    decimal? TotalProcessed,
    decimal? CarriedForward,
    decimal? Granted,
    decimal? ReviewTotal,
    decimal? LitigationTotal);

/// <summary>Turns a stored version and its canonical report into export rows (pure: no I/O).</summary>
public static class ReportExportProjection
{
    /// <summary>The key totals of the reports table, by cell path.</summary>
    public static class KeyPaths
    {
        public const string NewReceived = "applications.total.newReceived";
        public const string CarriedOver = "applications.total.carriedOver";
        public const string TotalProcessed = "applications.total.results.totalProcessed";
        public const string CarriedForward = "applications.total.results.carriedForward";
        public const string Granted = "applications.total.results.granted";
        public const string ReviewTotal = "reviewLitigation.review.total";
        public const string LitigationDirectTotal = "reviewLitigation.litigationDirect.total";
        public const string LitigationPostReviewTotal = "reviewLitigation.litigationPostReview.total";
    }

    /// <summary>Every cell of <paramref name="report"/> in contract order, one row each.</summary>
    public static IEnumerable<CellExportRow> Cells(ReportVersionRecord version, CanonicalReport report)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(report);
        var layout = PrintedLayout.For(report.Meta.TemplateVersion);
        var findingsByPath = FindingIdsByPath(report);
        foreach (var (path, cell) in ReportJson.OrderedCells(report))
        {
            var position = layout.Locate(path);
            yield return new CellExportRow(
                version.ReportKey,
                version.Organization,
                version.OrganizationNormalized,
                version.Region,
                version.Year,
                version.TemplateVersion,
                version.Version,
                position?.Table ?? "",
                position?.Row ?? "",
                position?.Column ?? "",
                path,
                cell.HasValue ? ReportJson.Canonical(cell.Value!.Value) : null,
                ReportJson.SemanticToWire(cell.Semantic),
                cell.Raw,
                cell.Unit,
                cell.Inferred,
                findingsByPath.TryGetValue(path, out var ids) ? string.Join(';', ids) : "");
        }
    }

    /// <summary>The reports-table row of one version; <paramref name="current"/> tells whether it is the report's head.</summary>
    public static ReportExportRow Report(ReportVersionRecord version, CanonicalReport report, bool current)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(report);
        var findings = report.Findings;
        return new ReportExportRow(
            version.ReportKey,
            version.Version,
            current,
            version.Organization,
            version.OrganizationNormalized,
            version.Region,
            version.Year,
            version.TemplateVersion,
            report.Meta.Title,
            version.SourceFileName,
            version.SourceSha256,
            version.IngestionId,
            version.CreatedAt,
            findings.Count,
            findings.Count(f => f.Severity == FindingSeverity.Error),
            findings.Count(f => f.Severity == FindingSeverity.Warning),
            findings.Count(f => f.Severity == FindingSeverity.Info),
            findings.Count(f => f.Origin == FindingOrigin.SourceInconsistency),
            findings.Count(f => f.Origin == FindingOrigin.ExtractionSuspect),
            ReportJson.OrderedCells(report).Count(c => c.Value.Semantic == CellSemantic.Missing),
            ValueOf(report, KeyPaths.NewReceived),
            ValueOf(report, KeyPaths.CarriedOver),
            ValueOf(report, KeyPaths.TotalProcessed),
            ValueOf(report, KeyPaths.CarriedForward),
            ValueOf(report, KeyPaths.Granted),
            ValueOf(report, KeyPaths.ReviewTotal),
            SumOrNull(ValueOf(report, KeyPaths.LitigationDirectTotal), ValueOf(report, KeyPaths.LitigationPostReviewTotal)));
    }

    /// <summary>The number a cell holds (canonical form), or null when it holds none: blank, NA, text and MISSING are not 0.</summary>
    public static decimal? ValueOf(CanonicalReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        var cell = report[path];
        return cell.HasValue ? ReportJson.Canonical(cell.Value!.Value) : null;
    }

    // A sum is only a number when both parts are: one unreadable part makes the total unknown, not smaller.
    private static decimal? SumOrNull(decimal? a, decimal? b) => a is { } x && b is { } y ? x + y : null;

    private static Dictionary<string, List<string>> FindingIdsByPath(CanonicalReport report)
    {
        var byPath = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var finding in report.Findings)
        {
            foreach (var path in finding.Paths)
            {
                if (!byPath.TryGetValue(path, out var ids))
                {
                    byPath[path] = ids = [];
                }

                if (!ids.Contains(finding.RuleId, StringComparer.Ordinal))
                {
                    ids.Add(finding.RuleId);
                }
            }
        }

        return byPath;
    }
}

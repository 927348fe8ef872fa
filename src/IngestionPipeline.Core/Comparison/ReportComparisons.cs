using IngestionPipeline.Core.Export;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Validation;

namespace IngestionPipeline.Core.Comparison;

/// <summary>One cell of an agency's report in year A beside year B. Values are null when the cell holds no number.</summary>
public sealed record CellComparison(string Path, string Table, string Row, string Column, string Label, decimal? From, decimal? To, decimal? Change);

/// <summary>
/// One carried-over check between two consecutive years (<c>X-T3-CARRY-*</c>: 上年结转 = last year's 结转下年度继续办理;
/// <c>X-T2-VALID-CARRY-*</c> / <c>X-T2L-TOTALPUB-CARRY-*</c>: the running totals of table 二). <see cref="Status"/> is
/// <c>pass</c>, <c>fail</c> or <c>notAssessable</c> (a cell holds no number).
/// </summary>
public sealed record CarryCheck(string RuleId, string Description, int PreviousYear, int Year, string Status, string? Message, string Path, string PreviousPath);

/// <summary>An agency's reports of two years side by side: every cell, the carried-over checks and the largest changes.</summary>
/// <param name="Years">The years of the agency found between <paramref name="From"/> and <paramref name="To"/>, with their report keys.</param>
public sealed record YearComparison(
    string Organization,
    int From,
    int To,
    string? FromReportKey,
    string? ToReportKey,
    IReadOnlyList<CellComparison> Cells,
    IReadOnlyList<CarryCheck> Checks,
    IReadOnlyList<CellComparison> LargestChanges,
    IReadOnlyDictionary<int, string> Years);

/// <summary>One agency's value of the ranked cell; <see cref="Rank"/> is null when the cell holds no number.</summary>
public sealed record AgencyRank(int? Rank, string ReportKey, string Organization, string? Region, decimal? Value, string Semantic);

/// <summary>Many agencies' value of one cell in one year, highest first.</summary>
public sealed record AgencyRanking(int Year, string Cell, string? Region, string Label, IReadOnlyList<AgencyRank> Ranking);

/// <summary>
/// The comparisons analysts ask for (pure: the caller streams the reports from the store). Numbers are only ever
/// the cells' own: a change is computed only when both years hold a number, and a blank, <c>/</c> or MISSING cell
/// stays null instead of becoming 0.
/// </summary>
public static class ReportComparisons
{
    /// <summary>How many cells <see cref="YearComparison.LargestChanges"/> lists.</summary>
    public const int LargestChangeCount = 10;

    /// <summary>Status names of <see cref="CarryCheck.Status"/>.</summary>
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string NotAssessable = "notAssessable";

    /// <summary>
    /// Compares the agency's report of <paramref name="from"/> with that of <paramref name="to"/> and runs the
    /// carried-over checks on every pair of consecutive years in <paramref name="reportsByYear"/> (the agency's
    /// reports between the two years; either end may be absent, its values are then null).
    /// </summary>
    public static YearComparison CompareYears(string organization, int from, int to, IReadOnlyDictionary<int, (string ReportKey, CanonicalReport Report)> reportsByYear)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(reportsByYear);
        var a = reportsByYear.TryGetValue(from, out var f) ? f.Report : null;
        var b = reportsByYear.TryGetValue(to, out var t) ? t.Report : null;

        var paths = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var report in new[] { a, b })
        {
            if (report is null)
            {
                continue;
            }

            foreach (var path in TemplateDefinition.For(report.Meta.TemplateVersion).CellPaths.Where(seen.Add))
            {
                paths.Add(path);
            }
        }

        var cells = paths.Select(path =>
        {
            var position = Locate(path, b, a);
            var x = a is null ? null : ReportExportProjection.ValueOf(a, path);
            var y = b is null ? null : ReportExportProjection.ValueOf(b, path);
            return new CellComparison(path, position?.Table ?? "", position?.Row ?? "", position?.Column ?? "", position?.Label ?? path, x, y, x is { } p && y is { } q ? q - p : null);
        }).ToList();

        var largest = cells
            .Where(c => c.Change is { } change && change != 0)
            .OrderByDescending(c => Math.Abs(c.Change!.Value))
            .ThenBy(c => c.Path, StringComparer.Ordinal)
            .Take(LargestChangeCount)
            .ToList();

        var checks = new List<CarryCheck>();
        foreach (var year in reportsByYear.Keys.Where(y => y > Math.Min(from, to) && y <= Math.Max(from, to)).Order())
        {
            if (reportsByYear.TryGetValue(year - 1, out var previous))
            {
                checks.AddRange(CarryChecks(reportsByYear[year].Report, previous.Report));
            }
        }

        return new YearComparison(
            organization,
            from,
            to,
            a is null ? null : f.ReportKey,
            b is null ? null : t.ReportKey,
            cells,
            checks,
            largest,
            reportsByYear.Where(r => r.Key >= Math.Min(from, to) && r.Key <= Math.Max(from, to)).OrderBy(r => r.Key).ToDictionary(r => r.Key, r => r.Value.ReportKey));
    }

    /// <summary>
    /// The cross-year rules of the catalogue (<see cref="RuleCatalog"/>) evaluated on <paramref name="report"/> against
    /// <paramref name="previous"/>, with the passing ones listed too. A rule whose cells one of the two templates
    /// lacks (table 二 changed in 2021) is left out.
    /// </summary>
    public static IReadOnlyList<CarryCheck> CarryChecks(CanonicalReport report, CanonicalReport previous)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(previous);
        if (previous.Meta.Year != report.Meta.Year - 1)
        {
            return [];
        }

        var context = new ValidationContext(report, previous);
        var checks = new List<CarryCheck>();
        foreach (var rule in RuleCatalog.For(report.Meta.TemplateVersion).OfType<CrossYearRule>())
        {
            if (!previous.Cells.ContainsKey(rule.PreviousPath) || !report.Cells.ContainsKey(rule.Current))
            {
                continue;
            }

            var finding = rule.Evaluate(context).FirstOrDefault();
            var status = finding switch
            {
                null => Pass,
                { Status: FindingStatus.NotAssessable } => NotAssessable,
                _ => Fail,
            };
            checks.Add(new CarryCheck(rule.Id, rule.Description, previous.Meta.Year, report.Meta.Year, status, finding?.Message, rule.Current, rule.PreviousPath));
        }

        return checks;
    }

    /// <summary>
    /// Ranks the agencies' values of <paramref name="cell"/>: highest first (ties by report key), then the reports
    /// whose cell holds no number, unranked.
    /// </summary>
    /// <param name="values">Each report's key, organization, region and the ranked cell (taken from the report by the caller,
    /// so that only one cell per report is held).</param>
    public static AgencyRanking RankAgencies(int year, string cell, string? region, IEnumerable<(string ReportKey, string Organization, string? Region, Cell Cell)> values)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(values);
        var rows = values
            .Select(r => (r.ReportKey, r.Organization, r.Region, Value: r.Cell.HasValue ? ReportJson.Canonical(r.Cell.Value!.Value) : (decimal?)null, Semantic: ReportJson.SemanticToWire(r.Cell.Semantic)))
            .OrderBy(r => r.Value is null)
            .ThenByDescending(r => r.Value)
            .ThenBy(r => r.ReportKey, StringComparer.Ordinal)
            .ToList();
        var ranking = new List<AgencyRank>(rows.Count);
        var rank = 0;
        decimal? last = null;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Value is { } value && value != last)
            {
                // Competition ranking: equal values share a rank, the next value skips the tied places (1, 1, 3).
                rank = i + 1;
                last = value;
            }

            ranking.Add(new AgencyRank(row.Value is null ? null : rank, row.ReportKey, row.Organization, row.Region, row.Value, row.Semantic));
        }

        return new AgencyRanking(year, cell, region, LabelOf(cell), ranking);
    }

    /// <summary>True when <paramref name="path"/> is a cell path of either template version.</summary>
    public static bool IsCellPath(string path) =>
        TemplateDefinition.Gb2021.PathSet.Contains(path) || TemplateDefinition.Gb2019.PathSet.Contains(path);

    /// <summary>The printed label of a cell path (row · column), from whichever template version has it.</summary>
    public static string LabelOf(string path) =>
        (PrintedLayout.For(TemplateVersion.Gb2021).Locate(path) ?? PrintedLayout.For(TemplateVersion.Gb2019).Locate(path))?.Label ?? path;

    private static PrintedPosition? Locate(string path, params CanonicalReport?[] reports) =>
        reports.Where(r => r is not null).Select(r => PrintedLayout.For(r!.Meta.TemplateVersion).Locate(path)).FirstOrDefault(p => p is not null);
}

using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Api.Dashboard;

/// <summary>A label and how many reports (or findings) carry it.</summary>
public sealed record CountBy(string Key, int Count);

/// <summary>The overview page: reports by year, template and region, validation status, findings by rule and origin.</summary>
public sealed record DashboardOverview(
    int ReportCount,
    int FindingCount,
    IReadOnlyList<CountBy> ByYear,
    IReadOnlyList<CountBy> ByTemplate,
    IReadOnlyList<CountBy> ByRegion,
    IReadOnlyList<CountBy> ByValidationStatus,
    IReadOnlyList<CountBy> FindingsByRule,
    IReadOnlyList<CountBy> FindingsByOrigin,
    IReadOnlyList<CountBy> FindingsBySeverity,
    IReadOnlyList<AgencySummary> Agencies);

/// <summary>One agency (normalized name, else as printed) and the years the store holds for it.</summary>
public sealed record AgencySummary(string Organization, string? Region, IReadOnlyList<int> Years);

/// <summary>One report of an agency's history.</summary>
public sealed record AgencyReport(string ReportKey, int Year, string TemplateVersion, int Version, int FindingCount);

/// <summary>One value of a key series: null when the cell holds no number (blank, NA, text or missing), never 0.</summary>
public sealed record SeriesPoint(int Year, decimal? Value, string Semantic, bool Inferred);

/// <summary>A key cell across the years of one agency.</summary>
public sealed record KeySeries(string Path, string Label, IReadOnlyList<SeriesPoint> Points);

/// <summary>
/// One cell of year A beside year B. <see cref="Change"/> is set only when both years hold a number; the semantics
/// tell blank, NA, text and missing apart from zero.
/// </summary>
public sealed record YearCell(
    string Path,
    string Table,
    string Row,
    string Column,
    string Label,
    decimal? From,
    decimal? To,
    decimal? Change,
    string FromSemantic,
    string ToSemantic);

/// <summary>
/// A carried-over check between consecutive years: year B's 上年结转 should equal year A's 结转下年度继续办理.
/// <see cref="Status"/> is <c>pass</c>, <c>fail</c> or <c>notAssessable</c> (a side without a number).
/// </summary>
public sealed record CarryOverCheck(string Path, string Label, string PreviousPath, decimal? Expected, decimal? Actual, string Status);

/// <summary>Year A against year B of one agency, in the shape of <c>/compare/years</c> (plus the cells' semantics).</summary>
public sealed record YearComparison(
    string Organization,
    int From,
    int To,
    IReadOnlyList<YearCell> Cells,
    IReadOnlyList<CarryOverCheck> Checks,
    IReadOnlyList<YearCell> LargestChanges);

/// <summary>The agency page: its reports, the key series across years and one year-vs-year comparison.</summary>
public sealed record AgencyHistory(
    string Organization,
    IReadOnlyList<AgencyReport> Reports,
    IReadOnlyList<KeySeries> Series,
    YearComparison? Comparison);

/// <summary>One finding of a current report version, with the report it belongs to.</summary>
public sealed record FindingRow(
    string ReportKey,
    string Organization,
    int Year,
    string RuleId,
    string Severity,
    string Status,
    string? Origin,
    string Message,
    IReadOnlyList<string> Paths);

/// <summary>The values a findings filter can take (over every finding, before filtering).</summary>
public sealed record FindingFacets(IReadOnlyList<string> Rules, IReadOnlyList<string> Severities, IReadOnlyList<string> Origins, IReadOnlyList<int> Years);

/// <summary>The findings page: the filtered findings (at most <c>limit</c>), how many matched, and the filter values.</summary>
public sealed record FindingList(int Total, int Matched, IReadOnlyList<FindingRow> Findings, FindingFacets Facets);

/// <summary>A stage queue and its error queue, from the broker.</summary>
public sealed record StageQueue(string Stage, string Queue, bool Exists, long Messages, long Consumers, string ErrorQueue, long ErrorMessages);

/// <summary>The broker side of the operations page; <see cref="Configured"/> false when the API runs the pipeline in-process.</summary>
public sealed record BrokerState(bool Configured, string? Error, IReadOnlyList<StageQueue> Queues);

/// <summary>Ingestions by current status over a recent window.</summary>
public sealed record Throughput(string Window, DateTimeOffset Since, IReadOnlyDictionary<IngestionStatus, int> ByStatus);

/// <summary>Rejections and failures of one reason code.</summary>
public sealed record ProblemReason(string Status, string? Stage, string ReasonCode, int Count);

/// <summary>The operations page: queue depths, throughput, recent failures and rejections by reason.</summary>
public sealed record OperationsView(
    BrokerState Broker,
    IReadOnlyList<Throughput> Throughput,
    DateTimeOffset ProblemsSince,
    IReadOnlyList<ProblemReason> ProblemsByReason,
    IReadOnlyList<IngestionRecord> RecentProblems);

using System.Globalization;
using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.ServiceDefaults;
using Microsoft.Extensions.Options;
using RabbitMQ.Client.Exceptions;

namespace IngestionPipeline.Api.Dashboard;

/// <summary>
/// What the dashboard pages show, computed from the store (and the broker for queue depths). Reads only: nothing here
/// changes state. The overview and findings summarise the current version of every report: a document is read and
/// parsed once per version (<see cref="ReportSummaryCache"/>), the heads on every request.
/// </summary>
public sealed class DashboardData(IReportStore store, ReportSummaryCache summaries, IOptions<RabbitMqOptions> rabbitMq, IConfiguration configuration, TimeProvider time)
{
    /// <summary>Most findings one findings-page response lists.</summary>
    public const int MaxFindingRows = 1000;

    /// <summary>Most rejected or failed ingestions the operations page lists.</summary>
    public const int RecentProblemLimit = 50;

    /// <summary>The key series of the agency page: applications received, carried over, granted, processed, carried forward; reviews and suits.</summary>
    public static IReadOnlyList<string> KeySeriesPaths { get; } =
    [
        "applications.total.newReceived",
        "applications.total.carriedOver",
        "applications.total.results.granted",
        "applications.total.results.totalProcessed",
        "applications.total.results.carriedForward",
        "reviewLitigation.review.total",
        "reviewLitigation.litigationDirect.total",
        "reviewLitigation.litigationPostReview.total",
    ];

    private const int LargestChangeCount = 10;

    public async Task<DashboardOverview> OverviewAsync(CancellationToken cancellationToken)
    {
        var reports = await CurrentReportsAsync(cancellationToken);
        var findings = reports.SelectMany(r => r.Summary.Findings).ToList();
        return new DashboardOverview(
            reports.Count,
            findings.Count,
            Count(reports, r => r.Head.Year.ToString(CultureInfo.InvariantCulture), byKey: true),
            Count(reports, r => r.Head.TemplateVersion, byKey: true),
            Count(reports, r => r.Summary.Province ?? "(unknown)"),
            Count(reports, r => ValidationStatus(r.Summary.Findings)),
            Count(findings, f => f.RuleId),
            Count(findings, f => OriginName(f.Origin) ?? "unspecified"),
            Count(findings, f => SeverityName(f.Severity)),
            Agencies(reports.Select(r => r.Head)));
    }

    public async Task<AgencyHistory?> AgencyAsync(string organization, int? from, int? to, CancellationToken cancellationToken)
    {
        // The store filters by "contains"; the agency page is about exactly one agency.
        var heads = (await store.QueryHeadsAsync(new ReportQuery { Organization = organization, Limit = ReportQuery.MaxLimit }, cancellationToken))
            .Where(h => AgencyName(h) == organization)
            .OrderBy(h => h.Year)
            .ThenBy(h => h.ReportKey, StringComparer.Ordinal)
            .ToList();
        if (heads.Count == 0)
        {
            return null;
        }

        var byYear = new SortedDictionary<int, (ReportHead Head, CanonicalReport Document)>();
        foreach (var head in heads)
        {
            // One report per agency and year (the report key); should two keys share a year, the later key wins.
            if (await store.GetVersionAsync(head.ReportKey, null, cancellationToken) is { } version)
            {
                byYear[head.Year] = (head, ReportJson.Deserialize(version.DocumentJson));
            }
        }

        var reports = byYear.Values.Select(r => new AgencyReport(r.Head.ReportKey, r.Head.Year, r.Head.TemplateVersion, r.Head.CurrentVersion, r.Head.FindingCount)).ToList();
        var series = KeySeriesPaths.Select(path => new KeySeries(
            path,
            LabelOf(path, byYear.Values.Last().Document.Meta.TemplateVersion).Label,
            [.. byYear.Select(y => Point(y.Key, y.Value.Document[path]))])).ToList();

        YearComparison? comparison = null;
        var years = byYear.Keys.ToList();
        var toYear = to ?? (years.Count > 0 ? years[^1] : (int?)null);
        var fromYear = from ?? years.LastOrDefault(y => y < toYear);
        if (toYear is { } b && byYear.TryGetValue(b, out var newer) && byYear.TryGetValue(fromYear, out var older) && fromYear != b)
        {
            comparison = Compare(organization, fromYear, older.Document, b, newer.Document);
        }

        return new AgencyHistory(organization, reports, series, comparison);
    }

    /// <summary>Year A beside year B: every cell of either template, the carried-over checks when B follows A, the largest changes.</summary>
    public static YearComparison Compare(string organization, int fromYear, CanonicalReport older, int toYear, CanonicalReport newer)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        var newerLabels = PrintedTables.LabelsFor(newer.Meta.TemplateVersion);
        var olderLabels = PrintedTables.LabelsFor(older.Meta.TemplateVersion);
        var paths = TemplateDefinition.For(newer.Meta.TemplateVersion).CellPaths
            .Concat(TemplateDefinition.For(older.Meta.TemplateVersion).CellPaths)
            .Distinct(StringComparer.Ordinal);
        var cells = new List<YearCell>();
        foreach (var path in paths)
        {
            var label = newerLabels.TryGetValue(path, out var l) ? l : olderLabels[path];
            var a = older[path];
            var b = newer[path];
            decimal? change = a.HasValue && b.HasValue ? b.Value - a.Value : null;
            cells.Add(new YearCell(path, label.Table, label.Row, label.Column, label.Label, Number(a), Number(b), change, ReportJson.SemanticToWire(a.Semantic), ReportJson.SemanticToWire(b.Semantic)));
        }

        var checks = new List<CarryOverCheck>();
        if (toYear == fromYear + 1)
        {
            foreach (var applicant in TemplateDefinition.ApplicantColumns)
            {
                var path = TemplateDefinition.ApplicationPath(applicant, "carriedOver");
                var previousPath = TemplateDefinition.ApplicationPath(applicant, "results.carriedForward");
                var expected = older[previousPath];
                var actual = newer[path];
                var status = !expected.HasValue || !actual.HasValue ? "notAssessable" : expected.Value == actual.Value ? "pass" : "fail";
                checks.Add(new CarryOverCheck(path, newerLabels[path].Label, previousPath, Number(expected), Number(actual), status));
            }
        }

        var largest = cells
            .Where(c => c.Change is not null and not 0)
            .OrderByDescending(c => Math.Abs(c.Change!.Value))
            .ThenBy(c => c.Path, StringComparer.Ordinal)
            .Take(LargestChangeCount)
            .ToList();
        return new YearComparison(organization, fromYear, toYear, cells, checks, largest);
    }

    public async Task<FindingList> FindingsAsync(string? rule, string? severity, string? origin, int? year, string? organization, int limit, CancellationToken cancellationToken)
    {
        var reports = await CurrentReportsAsync(cancellationToken);
        var all = reports
            .SelectMany(r => r.Summary.Findings.Select(f => new FindingRow(
                r.Head.ReportKey,
                AgencyName(r.Head),
                r.Head.Year,
                f.RuleId,
                SeverityName(f.Severity),
                StatusName(f.Status),
                OriginName(f.Origin),
                f.Message,
                f.Paths)))
            .ToList();
        var matched = all
            .Where(f => string.IsNullOrEmpty(rule) || f.RuleId == rule)
            .Where(f => string.IsNullOrEmpty(severity) || f.Severity == severity)
            .Where(f => string.IsNullOrEmpty(origin) || (f.Origin ?? "unspecified") == origin)
            .Where(f => year is null || f.Year == year)
            .Where(f => string.IsNullOrEmpty(organization) || f.Organization.Contains(organization, StringComparison.Ordinal) || f.ReportKey.Contains(organization, StringComparison.Ordinal))
            .ToList();
        var facets = new FindingFacets(
            [.. all.Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal)],
            [.. all.Select(f => f.Severity).Distinct().OrderBy(SeverityRank)],
            [.. all.Select(f => f.Origin ?? "unspecified").Distinct().Order(StringComparer.Ordinal)],
            [.. all.Select(f => f.Year).Distinct().Order()]);
        return new FindingList(all.Count, matched.Count, [.. matched.Take(limit)], facets);
    }

    public async Task<OperationsView> OperationsAsync(CancellationToken cancellationToken)
    {
        var broker = await BrokerAsync(cancellationToken);
        var now = time.GetUtcNow();
        var throughput = new List<Throughput>();
        foreach (var (window, span) in new[] { ("lastMinute", TimeSpan.FromMinutes(1)), ("lastHour", TimeSpan.FromHours(1)), ("lastDay", TimeSpan.FromDays(1)) })
        {
            throughput.Add(new Throughput(window, now - span, await store.CountIngestionsByStatusAsync(now - span, cancellationToken)));
        }

        var since = now.AddDays(-7);
        IReadOnlyList<IngestionRecord> problems = store is IIngestionProblemQuery query
            ? await query.ListRecentProblemsAsync(since, RecentProblemLimit, cancellationToken)
            : [];
        var byReason = problems
            .GroupBy(p => (Status: p.Status.ToString(), p.Stage, ReasonCode: p.ReasonCode ?? "(none)"))
            .Select(g => new ProblemReason(g.Key.Status, g.Key.Stage, g.Key.ReasonCode, g.Count()))
            .OrderByDescending(r => r.Count)
            .ThenBy(r => r.ReasonCode, StringComparer.Ordinal)
            .ToList();
        return new OperationsView(broker, throughput, since, byReason, problems);
    }

    private async Task<BrokerState> BrokerAsync(CancellationToken cancellationToken)
    {
        if (rabbitMq.Value.BrokerUri() is not { } uri)
        {
            return new BrokerState(false, null, []);
        }

        // The API only submits to the workers' queues: their prefix is read as the intake reads it, from Pipeline:QueuePrefix.
        var prefix = configuration.GetSection(PipelineOptions.SectionName).Get<PipelineOptions>()?.QueuePrefix;
        prefix = string.IsNullOrWhiteSpace(prefix) ? null : prefix;
        try
        {
            await using var operations = await BrokerOperations.ConnectAsync(uri, cancellationToken);
            var queues = new List<StageQueue>();
            foreach (var stage in PipelineOptions.AllStages)
            {
                var queue = await operations.InspectAsync(PipelineQueues.QueueName(stage, prefix), cancellationToken);
                var error = await operations.InspectAsync(PipelineQueues.ErrorQueueName(stage, prefix), cancellationToken);
                queues.Add(new StageQueue(stage, queue.Queue, queue.Exists, queue.Messages, queue.Consumers, error.Queue, error.Messages));
            }

            return new BrokerState(true, null, queues);
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException or IOException or TimeoutException)
        {
            // Never echo the URI: it carries the broker's password.
            return new BrokerState(true, $"Cannot reach RabbitMQ: {e.GetBaseException().Message}", []);
        }
    }

    private async Task<List<(ReportHead Head, ReportSummary Summary)>> CurrentReportsAsync(CancellationToken cancellationToken)
    {
        var heads = await store.ListHeadsAsync(cancellationToken);
        var reports = new List<(ReportHead, ReportSummary)>(heads.Count);
        foreach (var head in heads.OrderBy(h => h.ReportKey, StringComparer.Ordinal))
        {
            if (!summaries.TryGet(head.ReportKey, head.CurrentVersion, out var summary))
            {
                if (await store.GetVersionAsync(head.ReportKey, head.CurrentVersion, cancellationToken) is not { } version)
                {
                    continue;
                }

                var document = ReportJson.Deserialize(version.DocumentJson);
                summary = new ReportSummary(document.Meta.Region?.Province, document.Findings);
                summaries.Set(head.ReportKey, head.CurrentVersion, summary);
            }

            reports.Add((head, summary));
        }

        summaries.Retain(heads.Select(h => h.ReportKey).ToHashSet(StringComparer.Ordinal));
        return reports;
    }

    /// <summary>The name an agency goes by on the dashboard: its normalized name when known, else as printed.</summary>
    public static string AgencyName(ReportHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        return string.IsNullOrWhiteSpace(head.OrganizationNormalized) ? head.Organization : head.OrganizationNormalized;
    }

    private static IReadOnlyList<AgencySummary> Agencies(IEnumerable<ReportHead> heads) =>
        [.. heads
            .GroupBy(AgencyName, StringComparer.Ordinal)
            .Select(g => new AgencySummary(g.Key, g.Select(h => h.Region).FirstOrDefault(r => r is not null), [.. g.Select(h => h.Year).Distinct().Order()]))
            .OrderByDescending(a => a.Years.Count)
            .ThenBy(a => a.Organization, StringComparer.Ordinal)];

    private static List<CountBy> Count<T>(IEnumerable<T> items, Func<T, string> key, bool byKey = false)
    {
        var groups = items.GroupBy(key, StringComparer.Ordinal).Select(g => new CountBy(g.Key, g.Count()));
        return byKey
            ? [.. groups.OrderBy(g => g.Key, StringComparer.Ordinal)]
            : [.. groups.OrderByDescending(g => g.Count).ThenBy(g => g.Key, StringComparer.Ordinal)];
    }

    private static string ValidationStatus(IReadOnlyList<Finding> findings) =>
        findings.Count == 0 ? "clean"
        : findings.Any(f => f.Severity == FindingSeverity.Error) ? "errors"
        : findings.Any(f => f.Severity == FindingSeverity.Warning) ? "warnings"
        : "info";

    private static SeriesPoint Point(int year, Cell cell) => new(year, Number(cell), ReportJson.SemanticToWire(cell.Semantic), cell.Inferred);

    private static decimal? Number(Cell cell) => cell.HasValue ? cell.Value : null;

    private static CellLabel LabelOf(string path, TemplateVersion version) => PrintedTables.LabelsFor(version)[path];

    private static string SeverityName(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        _ => "info",
    };

    private static int SeverityRank(string severity) => severity switch { "error" => 0, "warning" => 1, _ => 2 };

    private static string StatusName(FindingStatus status) => status switch
    {
        FindingStatus.Fail => "FAIL",
        FindingStatus.Uncertain => "UNCERTAIN",
        _ => "NOT_ASSESSABLE",
    };

    private static string? OriginName(FindingOrigin? origin) => origin switch
    {
        FindingOrigin.SourceInconsistency => "source_inconsistency",
        FindingOrigin.ExtractionSuspect => "extraction_suspect",
        _ => null,
    };
}

using IngestionPipeline.Api.Dashboard;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Dashboard.Tests;

/// <summary>The printed layouts and the year-vs-year comparison, without a browser.</summary>
public sealed class DashboardDataTests
{
    [Theory]
    [InlineData(TemplateVersion.Gb2019)]
    [InlineData(TemplateVersion.Gb2021)]
    public void Printed_tables_place_every_cell_path_once_on_full_rows(TemplateVersion version)
    {
        var tables = PrintedTables.For(version);
        var placed = tables.SelectMany(t => t.Rows).SelectMany(r => r).Where(c => c.Path is not null).Select(c => c.Path!).ToList();
        Assert.Equal(TemplateDefinition.For(version).CellPaths.Order(StringComparer.Ordinal), placed.Order(StringComparer.Ordinal));

        // Every row fills the table's width once the cells spanning down from rows above are counted.
        foreach (var table in tables)
        {
            var carried = new int[table.Rows.Count + 1];
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var width = table.Rows[r].Sum(c => c.ColSpan) + carried[r];
                Assert.True(width == table.Columns, $"{table.Id} row {r + 1} spans {width} of {table.Columns} columns");
                foreach (var cell in table.Rows[r].Where(c => c.RowSpan > 1))
                {
                    for (var below = r + 1; below < r + cell.RowSpan && below < carried.Length; below++)
                    {
                        carried[below] += cell.ColSpan;
                    }
                }
            }
        }

        var labels = PrintedTables.LabelsFor(version);
        Assert.Equal(placed.Count, labels.Count);
        Assert.All(labels.Values, l => Assert.False(string.IsNullOrWhiteSpace(l.Row) || string.IsNullOrWhiteSpace(l.Column)));
        Assert.Equal("一、本年新收政府信息公开申请数量 · 总计", labels["applications.total.newReceived"].Label);
        Assert.Equal("（三）不予公开1.属于国家秘密 · 自然人", labels["applications.naturalPerson.results.denied.stateSecret"].Label);
    }

    [Fact]
    public void Comparison_changes_only_numbers_and_checks_the_carry_over()
    {
        const string received = "applications.total.newReceived";
        const string granted = "applications.total.results.granted";
        const string forward = "applications.total.results.carriedForward";
        const string carried = "applications.total.carriedOver";
        var older = Report(2022, new() { [received] = Number(10), [granted] = new Cell(null, CellSemantic.NA, "/"), [forward] = Number(4) });
        var newer = Report(2023, new() { [received] = Number(25), [granted] = Number(3), [carried] = Number(5) });

        var comparison = DashboardData.Compare("某机关", 2022, older, 2023, newer);

        Assert.Equal(TemplateDefinition.Gb2021.CellPaths.Count, comparison.Cells.Count);
        var receivedCell = comparison.Cells.Single(c => c.Path == received);
        Assert.Equal((10m, 25m, 15m), (receivedCell.From, receivedCell.To, receivedCell.Change));
        var grantedCell = comparison.Cells.Single(c => c.Path == granted);
        Assert.Null(grantedCell.From); // "/" is not 0
        Assert.Null(grantedCell.Change);
        Assert.Equal("NA", grantedCell.FromSemantic);
        Assert.Equal(received, comparison.LargestChanges[0].Path);
        Assert.DoesNotContain(comparison.LargestChanges, c => c.Change is null or 0);

        Assert.Equal(7, comparison.Checks.Count);
        var total = comparison.Checks.Single(c => c.Path == carried);
        Assert.Equal((4m, 5m, "fail"), (total.Expected, total.Actual, total.Status));
        Assert.Equal("notAssessable", comparison.Checks.Single(c => c.Path == "applications.naturalPerson.carriedOver").Status);

        // Not consecutive years: nothing to carry over.
        Assert.Empty(DashboardData.Compare("某机关", 2021, older, 2023, newer).Checks);
    }

    [Fact]
    public void Summary_cache_keeps_one_version_per_report_and_forgets_removed_reports()
    {
        var cache = new ReportSummaryCache();
        var v1 = new ReportSummary("山东省", []);
        var v2 = new ReportSummary("山东省", [new Finding("T3-IDENT-total", FindingSeverity.Error, FindingStatus.Fail, "m", ["applications.total.newReceived"])]);

        cache.Set("2023-某局", 1, v1);
        Assert.True(cache.TryGet("2023-某局", 1, out var hit));
        Assert.Same(v1, hit);
        Assert.False(cache.TryGet("2023-某局", 2, out _));

        cache.Set("2023-某局", 2, v2);
        cache.Set("2023-某局", 1, v1); // a slower request of the older version does not win
        Assert.True(cache.TryGet("2023-某局", 2, out hit));
        Assert.Same(v2, hit);
        Assert.False(cache.TryGet("2023-某局", 1, out _));

        cache.Retain(new HashSet<string>(StringComparer.Ordinal) { "2022-某局" });
        Assert.False(cache.TryGet("2023-某局", 2, out _));
    }

    private static Cell Number(decimal value) => new(value, value == 0 ? CellSemantic.Zero : CellSemantic.Numeric, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static CanonicalReport Report(int year, Dictionary<string, Cell> cells)
    {
        var all = TemplateDefinition.Gb2021.CreateEmptyCells();
        foreach (var (path, cell) in cells)
        {
            all[path] = cell;
        }

        return new CanonicalReport
        {
            Meta = new ReportMeta($"某机关{year}年政府信息公开工作年度报告", "某机关", null, null, year, TemplateVersion.Gb2021),
            Cells = all,
            Sections = new Dictionary<string, Section?>(),
            Provenance = new Provenance("0", "text/plain", "test@1", "test@1", "1"),
        };
    }
}

using IngestionPipeline.Components.Export;
using IngestionPipeline.Core.Comparison;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Testing;
using static IngestionPipeline.Testing.ExportTestData;

namespace IngestionPipeline.Components.Tests;

/// <summary>Comparisons on a real store: one agency over three years, and the agencies of one year ranked.</summary>
public sealed class ComparisonTests
{
    private const string Agency = "测试市司法局";
    private static readonly Region Place = new("测试省", "测试市");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_agency_over_three_years_gives_every_cell_the_changes_and_the_carried_over_checks()
    {
        using var temp = new TempDirectory();
        await using var store = await OpenStoreAsync(temp.Path);
        await AppendAsync(store, Variant(Agency, 2021, Place, new Dictionary<string, Cell>
        {
            ["applications.total.newReceived"] = Number(40),
            ["applications.total.results.carriedForward"] = Number(5),
            ["applications.naturalPerson.results.carriedForward"] = Number(3),
            ["applications.legalPerson.commercial.newReceived"] = Blank,
        }));
        await AppendAsync(store, Variant(Agency, 2022, Place, new Dictionary<string, Cell>
        {
            ["applications.total.newReceived"] = Number(100),
            ["applications.total.carriedOver"] = Number(5),
            ["applications.naturalPerson.carriedOver"] = Number(4),
            ["applications.total.results.carriedForward"] = Number(7),
        }));
        await AppendAsync(store, Variant(Agency, 2023, Place, new Dictionary<string, Cell>
        {
            ["applications.total.newReceived"] = Number(70),
            ["applications.total.carriedOver"] = Blank,
            ["applications.legalPerson.commercial.newReceived"] = Number(9),
        }));
        // Another agency whose name contains this one's must not be mixed in.
        await AppendAsync(store, Variant(Agency + "办公室", 2022, Place, new Dictionary<string, Cell> { ["applications.total.newReceived"] = Number(1) }));

        var comparison = await ReportAnalysis.CompareYearsAsync(store, Agency, 2021, 2023, Ct);

        Assert.Equal([2021, 2022, 2023], comparison.Years.Keys);
        Assert.Equal(TemplateDefinition.Gb2021.CellPaths, comparison.Cells.Select(c => c.Path));
        var newReceived = comparison.Cells.Single(c => c.Path == "applications.total.newReceived");
        Assert.Equal((40m, 70m, 30m), (newReceived.From, newReceived.To, newReceived.Change));
        Assert.Equal("三", newReceived.Table);
        Assert.Equal("总计", newReceived.Column);
        Assert.Contains("本年新收", newReceived.Label, StringComparison.Ordinal);
        // A blank cell is no number: no change is invented for it.
        var commercial = comparison.Cells.Single(c => c.Path == "applications.legalPerson.commercial.newReceived");
        Assert.Equal((null, 9m, null), (commercial.From, commercial.To, commercial.Change));

        Assert.Equal(newReceived, comparison.LargestChanges[0]);
        Assert.All(comparison.LargestChanges.Zip(comparison.LargestChanges.Skip(1)), p => Assert.True(Math.Abs(p.First.Change!.Value) >= Math.Abs(p.Second.Change!.Value)));

        // 2022: 上年结转 (5) = 2021 结转下年度 (5) passes for the total, 4 ≠ 3 fails for natural persons;
        // 2023: a blank 上年结转 cannot be assessed.
        CarryCheck Check(int year, string path) => comparison.Checks.Single(c => c.Year == year && c.Path == path);
        Assert.Equal(ReportComparisons.Pass, Check(2022, "applications.total.carriedOver").Status);
        Assert.Equal(ReportComparisons.Fail, Check(2022, "applications.naturalPerson.carriedOver").Status);
        Assert.Contains("expected", Check(2022, "applications.naturalPerson.carriedOver").Message, StringComparison.Ordinal);
        Assert.Equal(ReportComparisons.NotAssessable, Check(2023, "applications.total.carriedOver").Status);
        Assert.Equal(2022, Check(2023, "applications.total.carriedOver").PreviousYear);
        Assert.DoesNotContain(comparison.Checks, c => c.Year == 2021);

        // Two years only: the checks of the year between are not part of a comparison of 2022 with 2023.
        var later = await ReportAnalysis.CompareYearsAsync(store, Agency, 2022, 2023, Ct);
        Assert.All(later.Checks, c => Assert.Equal(2023, c.Year));
        Assert.Empty((await ReportAnalysis.CompareYearsAsync(store, "没有的机关", 2021, 2023, Ct)).Years);
    }

    [Fact]
    public async Task Agencies_of_one_year_are_ranked_within_a_region_and_cells_without_a_number_come_last_unranked()
    {
        using var temp = new TempDirectory();
        await using var store = await OpenStoreAsync(temp.Path);
        const string cell = "applications.total.newReceived";
        await AppendAsync(store, Variant("甲局", 2022, Place, new Dictionary<string, Cell> { [cell] = Number(10) }));
        await AppendAsync(store, Variant("乙局", 2022, Place, new Dictionary<string, Cell> { [cell] = Number(30) }));
        await AppendAsync(store, Variant("丙局", 2022, Place, new Dictionary<string, Cell> { [cell] = Blank }));
        await AppendAsync(store, Variant("丁局", 2022, Place, new Dictionary<string, Cell> { [cell] = Number(30) }));
        await AppendAsync(store, Variant("戊局", 2022, new Region("别的省"), new Dictionary<string, Cell> { [cell] = Number(99) }));
        await AppendAsync(store, Variant("甲局", 2021, Place, new Dictionary<string, Cell> { [cell] = Number(500) }));

        var ranking = await ReportAnalysis.RankAgenciesAsync(store, 2022, cell, "测试市", Ct);

        Assert.Equal(["丁局", "乙局"], ranking.Ranking.Take(2).Select(r => r.Organization).Order(StringComparer.Ordinal));
        Assert.Equal(ranking.Ranking.Take(2).Select(r => r.ReportKey).Order(StringComparer.Ordinal), ranking.Ranking.Take(2).Select(r => r.ReportKey));
        Assert.Equal([1, 1, 3, null], ranking.Ranking.Select(r => r.Rank));
        Assert.Equal([30m, 30m, 10m, null], ranking.Ranking.Select(r => r.Value));
        Assert.Equal("EMPTY", ranking.Ranking[3].Semantic);
        Assert.Equal("丙局", ranking.Ranking[3].Organization);
        Assert.Equal("甲局", ranking.Ranking[2].Organization);
        Assert.Contains("本年新收", ranking.Label, StringComparison.Ordinal);
    }
}

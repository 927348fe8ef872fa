using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Normalization;

namespace IngestionPipeline.Core.Tests;

/// <summary>The per-seed facts of spec §9, checked one by one.</summary>
public class SeedFactsTests
{
    private const string Seed000 = "000_0ce65c396658d36e.txt";
    private const string Seed001 = "001_aa2b01d2dfa1efd2.txt";
    private const string Seed002 = "002_d7e31f0dfdff8fad.txt";
    private const string Seed003 = "003_13863c369ac78f75.txt";
    private const string Seed004 = "004_c49188e090674de6.txt";

    [Fact]
    public void Parse_seed000_reads_meta_joined_title_and_region()
    {
        var meta = TestFiles.Parse(Seed000).Meta;

        Assert.Equal("龙口市卫生健康局2020年度政府信息公开工作年度报告", meta.Title);
        Assert.Equal("龙口市卫生健康局", meta.Organization);
        Assert.Equal(2020, meta.Year);
        Assert.Equal(new Region(null, "龙口市", null), meta.Region);
    }

    [Fact]
    public void Parse_seed000_reads_units_and_change_expressions()
    {
        var r = TestFiles.Parse(Seed000);

        Assert.Equal(new Cell(1, CellSemantic.Numeric, "1 项", "项"), r["activeDisclosure.centralizedProcurement.projectCount"] with { Source = null });
        Assert.Equal(83.42m, r["activeDisclosure.centralizedProcurement.totalAmount"].Value);
        Assert.Equal("万元", r["activeDisclosure.centralizedProcurement.totalAmount"].Unit);
        Assert.Equal(3, r["activeDisclosure.fees.prevYearItems"].Value);
        var change = r["activeDisclosure.fees.itemChange"];
        Assert.Equal(-2, change.Value);
        Assert.Equal("增 1 减 3", change.Raw);
        Assert.Equal(new ItemChange(1, 3, -2), change.Change);
        Assert.Equal(-18, r["activeDisclosure.licensing.itemChange"].Value);
        Assert.Equal(26, r["activeDisclosure.punishment.itemChange"].Value);
    }

    [Fact]
    public void Parse_seed000_short_rows_and_truncated_table3_are_missing_with_findings()
    {
        var r = TestFiles.Parse(Seed000);

        // （一）予以公开 prints 6 values for 7 columns: not guessed.
        Assert.All(TemplateDefinition.ApplicantColumns, c => Assert.Equal(CellSemantic.Missing, r[$"applications.{c}.results.granted"].Semantic));
        var shortRow = Assert.Single(r.Findings, f => f.RuleId == ExtractionRuleIds.RowValueCount && f.Paths.Contains("applications.total.results.granted"));
        Assert.Equal(FindingOrigin.ExtractionSuspect, shortRow.Origin);
        Assert.Contains("0 | 0 | 0 | 0 | 0 | 0", shortRow.Message, StringComparison.Ordinal);

        // Truncated after 3. 要求提: that row is read, the rows after it are absent.
        Assert.Equal(CellSemantic.Zero, r["applications.total.results.notProcessed.publication"].Semantic);
        foreach (var row in new[] { "results.notProcessed.massiveRequests", "results.notProcessed.confirmInfo", "results.other.total", "results.totalProcessed", "results.carriedForward" })
        {
            Assert.All(TemplateDefinition.ApplicantColumns, c => Assert.Equal(CellSemantic.Missing, r[$"applications.{c}.{row}"].Semantic));
        }
    }

    [Fact]
    public void Parse_seed000_flattened_table4_is_fifteen_zeros_placed_by_position()
    {
        var r = TestFiles.Parse(Seed000);

        Assert.All(TemplateDefinition.ReviewGroups.SelectMany(g => TemplateDefinition.ReviewColumns.Select(c => TemplateDefinition.ReviewPath(g, c))), p =>
        {
            Assert.Equal(CellSemantic.Zero, r[p].Semantic);
            Assert.Equal(97, r[p].Source?.Line);
        });
        Assert.Contains(r.Findings, f => f.RuleId == ExtractionRuleIds.ReviewPositional);
    }

    [Fact]
    public void Parse_seed000_section_five_keeps_printed_title()
    {
        var r = TestFiles.Parse(Seed000);

        Assert.Equal("五、存在的主要问题及下一步工作打算", r.Sections[SectionKeys.ProblemsAndImprovements]?.Title);
        Assert.Equal("2020年，本机关未有其他需要报告的事项。", r.Sections[SectionKeys.OtherMatters]?.Text);
    }

    [Fact]
    public void Parse_seed001_reads_one_cell_per_line_layout()
    {
        var r = TestFiles.Parse(Seed001);

        Assert.Equal(103, r["activeDisclosure.punishment.prevYearItems"].Value);
        Assert.Equal(-55, r["activeDisclosure.punishment.itemChange"].Value);
        Assert.Equal(48, r["activeDisclosure.punishment.processed"].Value);
        Assert.Equal(12, r["activeDisclosure.centralizedProcurement.projectCount"].Value);
        Assert.Equal(1082.33m, r["activeDisclosure.centralizedProcurement.totalAmount"].Value);
        Assert.Equal("万元", r["activeDisclosure.centralizedProcurement.totalAmount"].Unit);
        var applications = r.Cells.Where(kv => kv.Key.StartsWith("applications.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(applications);
        Assert.All(applications, kv => Assert.Equal(CellSemantic.Zero, kv.Value.Semantic));
        Assert.Equal(CellSemantic.Zero, r["applications.total.results.other.total"].Semantic);
        var bookmark = r["reviewLitigation.review.maintain"];
        Assert.Equal(0, bookmark.Value);
        Assert.Equal("[bookmark: _GoBack]0", bookmark.Raw);
    }

    [Fact]
    public void Parse_seed001_duplicated_heading_stays_in_overall_situation()
    {
        var r = TestFiles.Parse(Seed001);

        var overall = r.Sections[SectionKeys.OverallSituation]!;
        Assert.Equal("一、总体情况", overall.Title);
        Assert.Contains("3.及时报送信息动态。", overall.Text, StringComparison.Ordinal);
        Assert.Equal("绿园区卫生健康局", r.Meta.OrganizationNormalized);
    }

    [Fact]
    public void Parse_seed002_reads_ocr_table_without_guessing_short_rows()
    {
        var r = TestFiles.Parse(Seed002);

        Assert.Equal("度假区卫生健康局", r.Meta.OrganizationNormalized);
        Assert.Equal("万元", r["activeDisclosure.fees.amount"].Unit);
        Assert.Equal(CellSemantic.Zero, r["applications.total.newReceived"].Semantic);
        Assert.Equal(CellSemantic.Missing, r["applications.total.carriedOver"].Semantic);
        Assert.Equal(CellSemantic.Zero, r["applications.naturalPerson.results.denied.enforcementCase"].Semantic);
        Assert.Equal(CellSemantic.Zero, r["applications.total.results.other.overdueFee"].Semantic);
        Assert.Equal(CellSemantic.Zero, r["applications.total.results.other.otherReasons"].Semantic);
        // (七)总计 prints 5 of 7 values (OCR); the validator offers 0 from T3-RESULTS-total (all 21 result rows read 0), marked inferred.
        Assert.False(r["applications.total.results.totalProcessed"] is { Inferred: false, HasValue: true });
        Assert.True(r["reviewLitigation.review.total"].HasValue);
        Assert.Contains("信息处理费", r.Sections[SectionKeys.OtherMatters]!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_seed003_reads_region_from_body_and_sixteen_value_table4()
    {
        var r = TestFiles.Parse(Seed003);

        Assert.Equal("卫生健康委员会", r.Meta.Organization);
        Assert.Equal("济源市卫生健康委员会", r.Meta.OrganizationNormalized);
        Assert.Equal(894, r["activeDisclosure.licensing.processed"].Value);
        Assert.Equal(57, r["activeDisclosure.punishment.processed"].Value);
        var amount = r["activeDisclosure.centralizedProcurement.totalAmount"];
        Assert.Equal(71.8526m, amount.Value);
        Assert.Null(amount.Unit);
        Assert.Equal(2, r["applications.total.newReceived"].Value);
        Assert.Equal(1, r["applications.naturalPerson.newReceived"].Value);
        Assert.Equal(1, r["applications.legalPerson.social.newReceived"].Value);
        Assert.Equal(2, r["applications.total.results.granted"].Value);
        Assert.Equal(2, r["applications.total.results.totalProcessed"].Value);
        Assert.DoesNotContain(r.Findings, f => f.RuleId.StartsWith("T3-IDENT", StringComparison.Ordinal));
        var reviewLitigation = r.Cells.Where(kv => kv.Key.StartsWith("reviewLitigation.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(reviewLitigation);
        Assert.All(reviewLitigation, kv => Assert.Equal(CellSemantic.Zero, kv.Value.Semantic));
        Assert.Contains(r.Findings, f => f.RuleId == ExtractionRuleIds.ReviewExtraValue);
    }

    [Fact]
    public void Parse_seed004_reads_shandong_report()
    {
        var r = TestFiles.Parse(Seed004);

        Assert.Equal(new Region("山东省", "临沂市", "兰陵县"), r.Meta.Region);
        Assert.Equal("兰陵县卫生健康局", r.Meta.OrganizationNormalized);
        Assert.Equal(105, r["activeDisclosure.punishment.processed"].Value);
        Assert.Equal(9, r["activeDisclosure.normativeDocuments.valid"].Value);
        Assert.Equal(CellSemantic.Zero, r["applications.total.results.other.overdueFee"].Semantic);
        Assert.Equal(CellSemantic.Zero, r["reviewLitigation.litigationPostReview.total"].Semantic);
        Assert.DoesNotContain(r.Findings, f => f.Severity == FindingSeverity.Error);
    }
}

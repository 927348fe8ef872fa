using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Normalization;

namespace IngestionPipeline.Core.Tests;

/// <summary>Layouts the seeds do not cover but the generated corpus will: reordered columns, wrapped labels, ambiguous table 四 rows.</summary>
public class TableLayoutTests
{
    private const string Table3Header =
        "\t\t总计\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n";

    [Fact]
    public void Parse_table3_with_total_column_first_follows_the_printed_header()
    {
        var t3 = Table3Header + "一、本年新收政府信息公开申请数量\t\t9\t1\t2\t3\t0\t0\t3\n";

        var r = TestFiles.ParseText(Reports.Minimal(2021, "规章\t0\t0\t0\n", t3)).Value!;

        Assert.Equal(9, r["applications.total.newReceived"].Value);
        Assert.Equal(1, r["applications.naturalPerson.newReceived"].Value);
        Assert.Equal(3, r["applications.legalPerson.other.newReceived"].Value);
    }

    [Fact]
    public void Parse_wrapped_label_prefix_with_numbering_matches_the_row()
    {
        var t3 = "(三)不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0\n\t7.属于行\t1\t0\t0\t0\t0\t0\t1\n\t政执法案卷\n\t8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t0\n";

        var r = TestFiles.ParseText(Reports.Minimal(2021, string.Empty, t3)).Value!;

        Assert.Equal(1, r["applications.total.results.denied.enforcementCase"].Value);
        Assert.Equal(0, r["applications.total.results.denied.adminQuery"].Value);
    }

    [Fact]
    public void Parse_blank_cell_inside_a_row_is_empty_not_zero()
    {
        var r = TestFiles.ParseText(Reports.Minimal(2021, "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t\t3\n")).Value!;

        var blank = r["activeDisclosure.regulations.repealed"];
        Assert.Equal(CellSemantic.Empty, blank.Semantic);
        Assert.Null(blank.Value);
        Assert.Equal(3, r["activeDisclosure.regulations.valid"].Value);
    }

    [Fact]
    public void Parse_table4_with_sixteen_values_and_no_unique_reading_is_not_guessed()
    {
        // Dropping the first value (维持 0, 审结 1) or the sixth (维持 1, 审结 0) both satisfy the sums.
        var t4 = "行政复议\t\t\t\t\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n1\t0\t0\t0\t1\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n";

        var r = TestFiles.ParseText(Reports.Minimal(2021, string.Empty, string.Empty, t4)).Value!;

        Assert.Equal(CellSemantic.Missing, r["reviewLitigation.review.total"].Semantic);
        Assert.Contains(r.Findings, f => f.RuleId == ExtractionRuleIds.ReviewUnreadable);
    }

    [Fact]
    public void Parse_na_markers_in_table4_stay_na_and_make_sums_not_assessable()
    {
        var t4 = "行政复议\t\t\t\t\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n/\t/\t/\t/\t/\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n";

        var r = TestFiles.ParseText(Reports.Minimal(2021, string.Empty, string.Empty, t4)).Value!;

        Assert.Equal(CellSemantic.NA, r["reviewLitigation.review.maintain"].Semantic);
        Assert.Equal(FindingStatus.NotAssessable, Assert.Single(r.Findings, f => f.RuleId == "T4-SUM-review").Status);
        Assert.DoesNotContain(r.Findings, f => f.RuleId == "T4-SUM-litigation_direct");
    }
}

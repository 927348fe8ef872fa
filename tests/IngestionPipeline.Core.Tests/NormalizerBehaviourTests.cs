using System.Text;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Normalization;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Tests;

/// <summary>Focused checks of normalizer behaviours otherwise covered only by corpus accuracy.</summary>
public class NormalizerBehaviourTests
{
    private const string NewReceived = "一、本年新收政府信息公开申请数量";
    private const string CarriedOver = "二、上年结转政府信息公开申请数量";

    [Fact]
    public void Normalize_structured_table3_blank_edge_cells_are_empty_not_missing()
    {
        var table = new TableBlock(
        [
            .. StructuredHeader(),
            .. Row(3, NewReceived, "", "1", "0", "0", "0", "0", "1"),
            .. Row(4, CarriedOver, "2", "0", "0", "0", "0", "0", ""),
        ], new SourceLocation(Line: 10));

        var r = Normalize(Document([table]));

        Assert.Equal(CellSemantic.Empty, r["applications.naturalPerson.newReceived"].Semantic);
        Assert.Null(r["applications.naturalPerson.newReceived"].Value);
        Assert.Equal(1m, r["applications.total.newReceived"].Value);
        Assert.Equal(1m, r["applications.legalPerson.commercial.newReceived"].Value);
        Assert.Equal(CellSemantic.Empty, r["applications.total.carriedOver"].Semantic);
        Assert.Equal(2m, r["applications.naturalPerson.carriedOver"].Value);
        Assert.Equal(CellSemantic.Zero, r["applications.legalPerson.other.carriedOver"].Semantic);
        Assert.DoesNotContain(r.Findings, f => f.RuleId == ExtractionRuleIds.RowValueCount);
    }

    [Fact]
    public void Parse_title_behind_breadcrumb_and_site_chrome_gives_agency_organization()
    {
        var text = """
            当前位置：首页 > 政务公开 > 政府信息公开年报
            某县卫生健康局2022年政府信息公开工作年度报告
            发布时间：2023-01-20 09:30 来源：某县卫生健康局 【字体：大 中 小】 打印
            一、总体情况
            本年度报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。
            二、主动公开政府信息情况
            三、收到和处理政府信息公开申请情况
            四、政府信息公开行政复议、行政诉讼情况
            五、存在的主要问题及改进情况
            无。
            六、其他需要报告的事项
            无。
            """;

        var outcome = ReportParser.CreateDefault().Parse(new RawFile(Encoding.UTF8.GetBytes(text), "chrome.txt"), TestContext.Current.CancellationToken);

        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        Assert.Equal("某县卫生健康局2022年政府信息公开工作年度报告", outcome.Value.Meta.Title);
        Assert.Equal("某县卫生健康局", outcome.Value.Meta.Organization);
        Assert.Equal(2022, outcome.Value.Meta.Year);
    }

    [Fact]
    public void Normalize_spaced_digits_cell_reads_one_number_with_raw_and_note_but_leading_zero_stays_text()
    {
        var table = new TableBlock(
        [
            .. StructuredHeader(),
            .. Row(3, NewReceived, "10 82", "0", "0", "0", "0", "0", "1082"),
            .. Row(4, CarriedOver, "0 5", "0", "0", "0", "0", "0", "0"),
        ], new SourceLocation(Line: 10));

        var r = Normalize(Document([table]));

        var joined = r["applications.naturalPerson.newReceived"];
        Assert.Equal(1082m, joined.Value);
        Assert.Equal(CellSemantic.Numeric, joined.Semantic);
        Assert.Equal("10 82", joined.Raw);
        Assert.False(string.IsNullOrEmpty(joined.Note));
        Assert.Null(r["applications.total.newReceived"].Note);

        var ambiguous = r["applications.naturalPerson.carriedOver"];
        Assert.Equal(CellSemantic.Text, ambiguous.Semantic);
        Assert.Null(ambiguous.Value);
        Assert.Equal("0 5", ambiguous.Raw);
    }

    [Fact]
    public void Normalize_ocr_label_with_one_wrong_character_and_agreeing_numbering_is_matched()
    {
        // 上牟结转 for 上年结转: no strong alias matches, the numbering 二、 agrees and most of the label is there.
        var header = new TextBlock("申请人情况 自然人 法人或其他组织 总计", new SourceLocation(Line: 9));
        var table = PlainTable(10, ["二、上牟结转政府信息公开申请数量", "3", "1", "0", "0", "0", "0", "4"]);

        var r = Normalize(Document([header, table]));

        Assert.Equal(3m, r["applications.naturalPerson.carriedOver"].Value);
        Assert.Equal(4m, r["applications.total.carriedOver"].Value);
        Assert.Equal(CellSemantic.Missing, r["applications.total.newReceived"].Semantic);
        Assert.DoesNotContain(r.Findings, f => f.RuleId == ExtractionRuleIds.RowAssembled);

        // The same damaged label under a numbering that disagrees (三、) is not matched.
        var wrongNumbering = PlainTable(10, ["三、上牟结转政府信息公开申请数量", "3", "1", "0", "0", "0", "0", "4"]);
        var unmatched = Normalize(Document([header, wrongNumbering]));
        Assert.Equal(CellSemantic.Missing, unmatched["applications.total.carriedOver"].Semantic);
    }

    [Fact]
    public void Normalize_table3_row_with_printed_subtotal_drops_it_and_reads_seven_columns()
    {
        var header = new DocumentBlock[]
        {
            new TextBlock("申请人情况", new SourceLocation(Line: 7)),
            new TextBlock("自然人 法人或其他组织 总计", new SourceLocation(Line: 8)),
            new TextBlock("商业企业 科研机构 社会公益组织 法律服务机构 其他 法人或其他组织小计", new SourceLocation(Line: 9)),
        };
        var table = PlainTable(
            10,
            [NewReceived, "5", "1", "0", "0", "0", "2", "3", "8"],
            [CarriedOver, "0", "0", "0", "0", "0", "0", "0", "0"]);

        var r = Normalize(Document([.. header, table]));

        Assert.Equal(5m, r["applications.naturalPerson.newReceived"].Value);
        Assert.Equal(1m, r["applications.legalPerson.commercial.newReceived"].Value);
        Assert.Equal(2m, r["applications.legalPerson.other.newReceived"].Value);
        Assert.Equal(8m, r["applications.total.newReceived"].Value);
        Assert.Equal("8", r["applications.total.newReceived"].Raw);
        Assert.Equal(CellSemantic.Zero, r["applications.total.carriedOver"].Semantic);
        Assert.DoesNotContain(r.Findings, f => f.RuleId == ExtractionRuleIds.RowValueCount);
    }

    [Fact]
    public void Normalize_table4_sixteen_cells_drops_the_value_the_sum_rule_rejects()
    {
        var header = new TextBlock("行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计", new SourceLocation(Line: 20));
        var table = PlainTable(21, ["1", "0", "0", "0", "1", "7", "0", "0", "0", "0", "0", "2", "0", "0", "0", "2"]);

        var r = Normalize(Document([], [header, table]));

        decimal[] expected = [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2];
        var paths = TemplateDefinition.ReviewGroups.SelectMany(g => TemplateDefinition.ReviewColumns.Select(c => TemplateDefinition.ReviewPath(g, c))).ToList();
        Assert.Equal(expected, paths.Select(p => r[p].Value ?? -1m));
        var finding = Assert.Single(r.Findings, f => f.RuleId == ExtractionRuleIds.ReviewExtraValue);
        Assert.Contains("#6", finding.Message, StringComparison.Ordinal);
    }

    private static CanonicalReport Normalize(ExtractedDocument document)
    {
        var outcome = ReportParser.CreateDefault().Normalize(document, "0000");
        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        return outcome.Value;
    }

    private static ExtractedDocument Document(IReadOnlyList<DocumentBlock> table3, IReadOnlyList<DocumentBlock>? table4 = null)
    {
        var blocks = new List<DocumentBlock>
        {
            new TextBlock("某县卫生健康局2022年政府信息公开工作年度报告", new SourceLocation(Line: 1)),
            new TextBlock("一、总体情况", new SourceLocation(Line: 2)),
            new TextBlock("本年度报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。", new SourceLocation(Line: 3)),
            new TextBlock("二、主动公开政府信息情况", new SourceLocation(Line: 4)),
            new TextBlock("三、收到和处理政府信息公开申请情况", new SourceLocation(Line: 5)),
        };
        blocks.AddRange(table3);
        blocks.Add(new TextBlock("四、政府信息公开行政复议、行政诉讼情况", new SourceLocation(Line: 19)));
        blocks.AddRange(table4 ?? []);
        blocks.Add(new TextBlock("五、存在的主要问题及改进情况", new SourceLocation(Line: 30)));
        blocks.Add(new TextBlock("无。", new SourceLocation(Line: 31)));
        blocks.Add(new TextBlock("六、其他需要报告的事项", new SourceLocation(Line: 32)));
        blocks.Add(new TextBlock("无。", new SourceLocation(Line: 33)));
        return new ExtractedDocument("text/html", "test@1", blocks);
    }

    /// <summary>A real HTML/DOCX-style header grid (spans make it structured): 自然人 | 法人或其他组织 ×5 | 总计.</summary>
    private static IEnumerable<TableCell> StructuredHeader()
    {
        var at = new SourceLocation(Line: 10);
        yield return new TableCell(0, 0, "申请人情况", at, ColumnSpan: 8);
        yield return new TableCell(1, 0, string.Empty, at, RowSpan: 2);
        yield return new TableCell(1, 1, "自然人", at, RowSpan: 2);
        yield return new TableCell(1, 2, "法人或其他组织", at, ColumnSpan: 5);
        yield return new TableCell(1, 7, "总计", at, RowSpan: 2);
        string[] leaves = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"];
        for (var i = 0; i < leaves.Length; i++)
        {
            yield return new TableCell(2, 2 + i, leaves[i], at);
        }
    }

    private static IEnumerable<TableCell> Row(int row, params string[] texts) =>
        texts.Select((t, i) => new TableCell(row, i, t, new SourceLocation(Line: 10 + row)));

    /// <summary>A tab-text style table (no spans): columns are positions, not a grid.</summary>
    private static TableBlock PlainTable(int firstLine, params string[][] rows) =>
        new(rows.SelectMany((cells, r) => cells.Select((t, c) => new TableCell(r, c, t, new SourceLocation(Line: firstLine + r)))).ToList(), new SourceLocation(Line: firstLine));
}

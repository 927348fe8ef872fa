using System.Text;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Normalization;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Tests;

/// <summary>
/// The classes of real-world shapes (issue 12) on small hand-written documents: titles and years however they
/// are printed (or not), detached and garbled table rows, Markdown with HTML tables, OCR look-alike digits.
/// </summary>
public class RealWorldShapeTests
{
    private const string Parts = """
        一、总体情况
        2025年，区科委扎实推进信息公开。
        二、主动公开政府信息情况
        三、收到和处理政府信息公开申请情况
        四、政府信息公开行政复议、行政诉讼情况
        五、存在的主要问题及改进情况
        无。
        六、其他需要报告的事项
        无。
        """;

    [Theory]
    [InlineData("正文\n2024 年上海市科委政府信息公开工作\n年度报告", "上海市科委", 2024)]
    [InlineData("# 沐阳县人民政府 2025 年 政府信息公开工作年度报告", "沐阳县人民政府", 2025)]
    [InlineData("标题：沭阳县发展和改革局2023年政府信息公开年度报告", "沭阳县发展和改革局", 2023)]
    [InlineData("2020年莘县新兴镇人民政府\n政府信息公开工作年度报告", "莘县新兴镇人民政府", 2020)]
    [InlineData("莘县新兴镇人民政府\n2020\n年政府信息公开工作年度报告", "莘县新兴镇人民政府", 2020)]
    [InlineData("## 某市科学技术局 2022 年度\n## 政府信息公开工作年度报告", "某市科学技术局", 2022)]
    [InlineData("关于某县财政局二〇二三年度政府信息公开工作年度报告", "某县财政局", 2023)]
    [InlineData("某镇人民政府政府信息公开工作年度报告（2022年度）", "某镇人民政府", 2022)]
    [InlineData("某 县 司 法 局 2 0 2 1 年 政 府 信 息 公 开 工 作 年 度 报 告", "某县司法局", 2021)]
    [InlineData("某市生态环境局关于2021年政府信息公开工作年度报告", "某市生态环境局", 2021)]
    [InlineData("**某区应急管理局２０２１年政务公开工作年度报告**", "某区应急管理局", 2021)]
    public void Title_in_any_layout_gives_organization_and_year_from_the_title(string title, string organization, int year)
    {
        var report = Parse(title + "\n" + Parts.Replace("2025年，区科委扎实推进信息公开。", "本机关扎实推进信息公开。", StringComparison.Ordinal));

        Assert.Equal(organization, report.Meta.Organization);
        Assert.Equal(year, report.Meta.Year);
        Assert.Equal(YearSourceNames.Title, report.Meta.YearSource);
    }

    [Fact]
    public void Title_without_a_year_still_names_the_organization()
    {
        var text = "济源市民政局政府信息公开工作年度报告\n" + Parts.Replace("2025年，区科委扎实推进信息公开。", "本机关扎实推进信息公开。", StringComparison.Ordinal);

        var outcome = ReportParser.CreateDefault().Parse(new RawFile(Encoding.UTF8.GetBytes(text), "2022-minzheng.md"), null, TestContext.Current.CancellationToken);

        Assert.True(outcome.IsSuccess);
        Assert.Equal("济源市民政局", outcome.Value!.Meta.Organization);
        Assert.Equal((2022, YearSourceNames.FileName), (outcome.Value.Meta.Year, outcome.Value.Meta.YearSource));
    }

    [Fact]
    public void Table2_row_whose_annotated_cell_was_pulled_out_keeps_its_first_and_last_columns()
    {
        var text = Title + """
            二、主动公开政府信息情况
            第二十条第（一）项
            22
            （其中修订 16 件）
            | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
            |---|---|---|---|
            | 规章 | 22 | 235 |
            """ + "\n" + Rest;

        var report = Parse(text);

        Assert.Equal(22m, report.Cells["activeDisclosure.regulations.made"].Value);
        Assert.Equal(235m, report.Cells["activeDisclosure.regulations.valid"].Value);
        Assert.Equal(CellSemantic.Missing, report.Cells["activeDisclosure.regulations.repealed"].Semantic);
        Assert.Contains(report.Findings, f => f.RuleId == ExtractionRuleIds.RowValueCount && f.Severity == FindingSeverity.Warning);
    }

    [Fact]
    public void Table2_row_short_of_a_value_without_detached_annotations_is_not_guessed()
    {
        var text = Title + """
            二、主动公开政府信息情况
            | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
            | 规章 | 22 | 235 |
            """ + "\n" + Rest;

        var report = Parse(text);

        Assert.Equal(CellSemantic.Missing, report.Cells["activeDisclosure.regulations.made"].Semantic);
        Assert.Equal(CellSemantic.Missing, report.Cells["activeDisclosure.regulations.valid"].Semantic);
    }

    [Fact]
    public void Prose_before_the_title_is_never_the_organization()
    {
        var text = "根据《上海市政府\n信息公开规定》的要求，市科委编制了 2024 年度政务公开工作\n报告，报告全文包括总体情况。\n" + Parts.Replace("2025年，区科委扎实推进信息公开。", "本机关扎实推进信息公开。", StringComparison.Ordinal);

        var report = Parse(text);

        Assert.Equal("市科委", report.Meta.Organization);
        Assert.DoesNotContain("》", report.Meta.Organization, StringComparison.Ordinal);
    }

    [Fact]
    public void Body_fragment_without_title_takes_year_and_organization_from_its_opening_sentence()
    {
        var report = Parse(Parts);

        Assert.Equal(2025, report.Meta.Year);
        Assert.Equal(YearSourceNames.Body, report.Meta.YearSource);
        Assert.Equal("区科委", report.Meta.Organization);
    }

    [Fact]
    public void Wrapped_statistics_period_names_the_year()
    {
        var text = "本年度报告中所列数据统计期限为 2025\n年 1 月 1 日至 12 月 31 日。\n" + Parts.Replace("2025年，区科委扎实推进信息公开。", "本机关扎实推进信息公开。", StringComparison.Ordinal);

        var report = Parse(text);

        Assert.Equal(2025, report.Meta.Year);
        Assert.Equal(YearSourceNames.StatisticsPeriod, report.Meta.YearSource);
    }

    [Fact]
    public void With_no_year_in_the_text_the_crawler_hint_then_the_file_name_decide_and_nothing_is_rejected()
    {
        var text = Parts.Replace("2025年，区科委扎实推进信息公开。", "本机关扎实推进信息公开。", StringComparison.Ordinal);
        var parser = ReportParser.CreateDefault();
        var ct = TestContext.Current.CancellationToken;

        var byHint = parser.Parse(new RawFile(Encoding.UTF8.GetBytes(text), "report.txt"), 2023, ct);
        var byName = parser.Parse(new RawFile(Encoding.UTF8.GetBytes(text), "2022年报.txt"), null, ct);
        var none = parser.Parse(new RawFile(Encoding.UTF8.GetBytes(text), "report.txt"), null, ct);

        Assert.Equal((2023, YearSourceNames.Hint), (byHint.Value!.Meta.Year, byHint.Value.Meta.YearSource));
        Assert.Equal((2022, YearSourceNames.FileName), (byName.Value!.Meta.Year, byName.Value.Meta.YearSource));
        Assert.False(none.IsSuccess);
        Assert.Equal(ReasonCodes.UnknownYear, none.Rejection!.ReasonCode);
        Assert.Contains(byHint.Value!.Findings, f => f.RuleId == ExtractionRuleIds.OrganizationNotFound);
    }

    [Fact]
    public void Disagreeing_year_sources_are_a_finding_and_the_most_trusted_wins()
    {
        var text = "某区民政局2021年政府信息公开工作年度报告\n本报告统计期限为2020年1月1日至12月31日。\n" + Parts;

        var report = Parse(text);

        Assert.Equal(2021, report.Meta.Year);
        var finding = Assert.Single(report.Findings, f => f.RuleId == ExtractionRuleIds.YearMismatch);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
    }

    [Fact]
    public void Detached_value_rows_are_placed_by_their_neighbours_and_say_so()
    {
        // PDF-to-Markdown: the （二）部分公开 label floats after its value row, whose own label cell was lost.
        var text = Title + """
            三、收到和处理政府信息公开申请情况
            | 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 | 34 |  |
            | 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |  |
            | 三、 | （一）予以公开 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |
            | 5 | 0 | 0 | 0 | 0 | 0 | 5 |
            |---|---|---|---|---|---|---|

            （二）部分公开（区分处理的，只
            计这一情形，不计其他情形）
            | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
            """ + "\n" + Rest;

        var report = Parse(text);

        var partial = report.Cells["applications.naturalPerson.results.partialGrant"];
        Assert.Equal(5m, partial.Value);
        Assert.Equal(CellSource.ByPosition, partial.Source!.PlacedBy);
        Assert.Null(report.Cells["applications.naturalPerson.results.granted"].Source!.PlacedBy);
        Assert.Equal(9m, report.Cells["applications.total.results.granted"].Value);
        Assert.Contains(report.Findings, f => f.RuleId == ExtractionRuleIds.RowPlacedByPosition && f.Paths.Contains("applications.total.results.partialGrant"));
    }

    [Fact]
    public void Unlabeled_value_rows_whose_position_is_not_fixed_are_not_placed()
    {
        // Two unlabeled rows where only one template row (部分公开) lies between 予以公开 and 国家秘密: a guess, so neither is placed.
        var text = Title + """
            三、收到和处理政府信息公开申请情况
            | 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 | 34 |
            | 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
            | （一）予以公开 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |
            | 5 | 0 | 0 | 0 | 0 | 0 | 5 |
            | 7 | 0 | 0 | 0 | 0 | 0 | 7 |
            | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
            """ + "\n" + Rest;

        var report = Parse(text);

        Assert.Equal(CellSemantic.Missing, report.Cells["applications.naturalPerson.results.partialGrant"].Semantic);
        Assert.Equal(CellSemantic.Missing, report.Cells["applications.total.results.partialGrant"].Semantic);
        Assert.Contains(report.Findings, f => f.RuleId is ExtractionRuleIds.RowPlacedByPosition or ExtractionRuleIds.OrphanValues && f.Severity == FindingSeverity.Warning);
    }

    [Fact]
    public void Ocr_text_with_garbled_labels_look_alike_digits_and_labels_on_their_own_lines_reads()
    {
        var text = Title + """
            三、收到和处理政府信息公开申请情况
            本年新收政府信
            思公开申请数量 7o5 3 O 0 5 0 713
            二、上年结转政府信息公开申请数量
            36 0 0 0 0 0 36
            (一) 予以公开 29l 1 0 0 3 0 295
            """ + "\n" + Rest;

        var report = Parse(text);

        Assert.Equal(705m, report.Cells["applications.naturalPerson.newReceived"].Value);
        Assert.Equal(0m, report.Cells["applications.legalPerson.research.newReceived"].Value);
        Assert.Equal(36m, report.Cells["applications.naturalPerson.carriedOver"].Value);
        Assert.Equal(291m, report.Cells["applications.naturalPerson.results.granted"].Value);
        Assert.Equal("29l", report.Cells["applications.naturalPerson.results.granted"].Raw);
        Assert.Contains(report.Findings, f => f.RuleId == ExtractionRuleIds.OcrDigits && f.Paths.Contains("applications.naturalPerson.results.granted"));
    }

    [Fact]
    public void Pipe_row_split_by_a_page_break_is_one_row()
    {
        var text = Title + """
            三、收到和处理政府信息公开申请情况
            | 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 | 34 |
            | 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 |
            — 5 —
            | 0 | 0 | 0 | 2 |
            | （一）予以公开 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |
            """ + "\n" + Rest;

        var report = Parse(text);

        Assert.Equal(2m, report.Cells["applications.naturalPerson.carriedOver"].Value);
        Assert.Equal(2m, report.Cells["applications.total.carriedOver"].Value);
        Assert.Equal(9m, report.Cells["applications.total.results.granted"].Value);
    }

    [Fact]
    public void Markdown_with_an_embedded_html_table_reads_the_grid()
    {
        var text = Title + """
            三、收到和处理政府信息公开申请情况
            <table>
            <tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
            <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
            <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
            <tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>12</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>13</td></tr>
            <tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td>3</td><td></td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>
            </table>
            """ + "\n" + Rest;

        var report = Parse(text);

        Assert.Equal(12m, report.Cells["applications.naturalPerson.newReceived"].Value);
        Assert.Equal(13m, report.Cells["applications.total.newReceived"].Value);
        Assert.Equal(CellSemantic.Empty, report.Cells["applications.legalPerson.commercial.carriedOver"].Semantic);
    }

    [Fact]
    public void An_unclosed_html_table_leaves_the_text_as_text_and_a_later_closed_one_is_still_read()
    {
        var text = Title + "<table><tr><td>never closed\n" + """
            三、收到和处理政府信息公开申请情况
            <table>
            <tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>12</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>13</td></tr>
            </table>
            """ + "\n" + Rest;

        var report = Parse(text);

        Assert.Equal(13m, report.Cells["applications.total.newReceived"].Value);
    }

    [Fact]
    public void With_no_organization_in_the_text_the_crawler_hint_stands_in()
    {
        var text = Parts.Replace("2025年，区科委扎实推进信息公开。", "2025年，扎实推进信息公开。", StringComparison.Ordinal);
        var parser = ReportParser.CreateDefault();
        var bytes = Encoding.UTF8.GetBytes(text);
        var extracted = parser.Extract(new RawFile(bytes, "r.md"), TestContext.Current.CancellationToken);

        var hinted = parser.Normalize(extracted.Value!, "sha", new NormalizationHints("r.md", null, "某区科学技术委员会"));
        var bare = parser.Normalize(extracted.Value!, "sha", new NormalizationHints("r.md"));

        Assert.Equal("某区科学技术委员会", hinted.Value!.Meta.Organization);
        Assert.Contains(hinted.Value.Findings, f => f.RuleId == ExtractionRuleIds.OrganizationNotFound && f.Severity == FindingSeverity.Info);
        Assert.Equal(string.Empty, bare.Value!.Meta.Organization);
        Assert.Contains(bare.Value.Findings, f => f.RuleId == ExtractionRuleIds.OrganizationNotFound && f.Severity == FindingSeverity.Warning);
    }

    [Fact]
    public void Table2_rows_printed_as_text_lines_are_read()
    {
        var text = Title + """
            二、主动公开政府信息情况
            第二十条第（五）项
            信息内容本年处理决定数量
            行政许可 97
            第二十条第（六）项
            行政处罚 0
            行政强制 /
            """ + "\n" + Rest;

        var report = Parse(text);

        Assert.Equal(97m, report.Cells["activeDisclosure.licensing.processed"].Value);
        Assert.Equal(CellSemantic.Zero, report.Cells["activeDisclosure.punishment.processed"].Semantic);
        Assert.Equal(CellSemantic.NA, report.Cells["activeDisclosure.coercion.processed"].Semantic);
    }

    private const string Title = "某市科学技术局2024年政府信息公开工作年度报告\n一、总体情况\n无。\n";

    private const string Rest = """
        四、政府信息公开行政复议、行政诉讼情况
        五、存在的主要问题及改进情况
        无。
        六、其他需要报告的事项
        无。
        """;

    private static CanonicalReport Parse(string text)
    {
        var outcome = ReportParser.CreateDefault().Parse(new RawFile(Encoding.UTF8.GetBytes(text), "report.md"), TestContext.Current.CancellationToken);
        Assert.True(outcome.IsSuccess, outcome.IsSuccess ? null : outcome.Rejection.ToString());
        return outcome.Value;
    }
}

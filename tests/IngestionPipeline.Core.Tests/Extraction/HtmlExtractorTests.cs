using System.Text;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Extraction.Html;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Tests.Extraction;

public class HtmlExtractorTests
{
    static HtmlExtractorTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Encoding Gb18030 => Encoding.GetEncoding("GB18030");

    [Fact]
    public void Extract_colspan_and_rowspan_build_the_occupancy_grid()
    {
        const string html = """
            <html><body><table>
              <tr><td rowspan="3" colspan="2">A</td><td colspan="3">B</td></tr>
              <tr><td rowspan="2">C</td><td>D</td><td rowspan="2">E</td></tr>
              <tr><td>F</td></tr>
              <tr><td>G</td><td colspan="2">H</td><td>I</td><td>J</td></tr>
              <tr><th colspan="0">K</th><td rowspan="9">L</td></tr>
            </table></body></html>
            """;

        var table = Assert.Single(Extract(html).Blocks.OfType<TableBlock>());

        AssertCell(table, 0, 0, "A", 3, 2);
        AssertCell(table, 0, 2, "B", 1, 3);
        AssertCell(table, 1, 2, "C", 2, 1);
        AssertCell(table, 1, 3, "D", 1, 1);
        AssertCell(table, 1, 4, "E", 2, 1);
        AssertCell(table, 2, 3, "F", 1, 1);
        AssertCell(table, 3, 0, "G", 1, 1);
        AssertCell(table, 3, 1, "H", 1, 2);
        AssertCell(table, 3, 3, "I", 1, 1);
        AssertCell(table, 3, 4, "J", 1, 1);
        AssertCell(table, 4, 0, "K", 1, 1);
        AssertCell(table, 4, 1, "L", 1, 1);
        Assert.Equal(5, table.RowCount);
        Assert.Equal(5, table.ColumnCount);
        Assert.Equal(3, table.Cells.Single(c => c.Text == "D").Location.Line);
    }

    [Fact]
    public void Extract_cell_text_is_whitespace_collapsed_with_nbsp_as_space_and_breaks_kept()
    {
        const string html = "<html><body><table><tr><td>  7.属于行<br>政执法&nbsp;&nbsp;案卷 </td><td>\n 1,234\n</td></tr><tr><td><p>商业</p><p>企业</p></td><td>&nbsp;</td></tr></table></body></html>";

        var table = Assert.Single(Extract(html).Blocks.OfType<TableBlock>());

        Assert.Equal(["7.属于行\n政执法 案卷", "1,234", "商业\n企业", string.Empty], table.Cells.Select(c => c.Text));
    }

    [Fact]
    public void Extract_block_elements_and_br_lines_become_text_blocks_in_document_order()
    {
        const string html = "<html><body><h1>标题 <span>一</span></h1><div>第一行<br/>第二行<p>段落</p>尾巴</div><ul><li>甲</li><li>乙</li></ul><pre>a  b\nc</pre></body></html>";

        var texts = Extract(html).Blocks.OfType<TextBlock>().Select(b => b.Text).ToList();

        Assert.Equal(["标题 一", "第一行", "第二行", "段落", "尾巴", "甲", "乙", "a b", "c"], texts);
    }

    [Fact]
    public void Extract_gbk_page_without_declaration_decodes_as_gb18030()
    {
        var bytes = Gb18030.GetBytes("<html><body><p>某某县卫生健康局2023年政府信息公开工作年度报告</p><table><tr><td>规章</td><td>５</td></tr></table></body></html>");

        var document = Extract(bytes);

        Assert.Equal("某某县卫生健康局2023年政府信息公开工作年度报告", Assert.IsType<TextBlock>(document.Blocks[0]).Text);
        Assert.Equal("规章", Assert.IsType<TableBlock>(document.Blocks[1]).Cells[0].Text);
    }

    [Theory]
    [InlineData("<meta charset=\"gbk\">")]
    [InlineData("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">")]
    public void Extract_declared_gbk_charset_is_honoured(string meta)
    {
        // Short text that charset detection alone could misread; the declaration decides.
        var bytes = Gb18030.GetBytes($"<html><head>{meta}<title>t</title></head><body><p>主动公开</p></body></html>");

        Assert.Equal("主动公开", Assert.IsType<TextBlock>(Assert.Single(Extract(bytes).Blocks)).Text);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("iso-8859-1")]
    public void Extract_declaration_contradicted_by_the_bytes_falls_back_to_detection(string declared)
    {
        var bytes = Gb18030.GetBytes($"<html><head><meta charset=\"{declared}\"></head><body><p>政府信息公开工作年度报告</p></body></html>");

        Assert.Equal("政府信息公开工作年度报告", Assert.IsType<TextBlock>(Assert.Single(Extract(bytes).Blocks)).Text);
    }

    [Fact]
    public void Extract_meta_charset_utf8_page_decodes()
    {
        var bytes = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><p>行政复议</p></body></html>");

        Assert.Equal("行政复议", Assert.IsType<TextBlock>(Assert.Single(Extract(bytes).Blocks)).Text);
    }

    [Fact]
    public void Extract_site_chrome_is_dropped_and_content_kept()
    {
        const string html = """
            <html><head><title>网站标题</title><style>.x{}</style><script>var a = "脚本";</script></head>
            <body>
              <div class="top-header">网站头部</div>
              <nav><a href="/">首页</a><a href="/x">导航</a></nav>
              <div id="menu"><ul><li>菜单项</li></ul></div>
              <div class="breadcrumb">当前位置：首页 &gt; 年报</div>
              <div role="navigation">角色导航</div>
              <div style="display: none">隐藏内容</div>
              <article>
                <header><h1>某某县卫生健康局2023年政府信息公开工作年度报告</h1></header>
                <p>正文第一段</p>
                <div class="footer-note"><table><tr><td>表格</td><td>1</td></tr></table></div>
                <script>document.write("脚本二")</script>
              </article>
              <footer>版权所有 网站底部</footer>
              <div class="copyright">ICP备案</div>
              <select><option>友情链接</option></select>
            </body></html>
            """;

        var document = Extract(html);

        var texts = document.Blocks.OfType<TextBlock>().Select(b => b.Text).ToList();
        Assert.Equal(["某某县卫生健康局2023年政府信息公开工作年度报告", "正文第一段"], texts);
        Assert.Single(document.Blocks.OfType<TableBlock>());
    }

    [Fact]
    public void Extract_layout_table_wrapping_the_report_emits_the_inner_data_tables()
    {
        const string html = """
            <html><body>
            <table width="100%"><tr><td class="left"><a href="#">栏目</a></td><td>
              <p>二、主动公开政府信息情况</p>
              <table border="1"><tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr></table>
              <p>三、收到和处理政府信息公开申请情况</p>
              <table border="1"><tr><td>自然人</td><td>总计</td></tr><tr><td>4</td><td>5</td></tr></table>
            </td></tr></table>
            <table><tr><td>唯一单元格的框</td></tr></table>
            </body></html>
            """;

        var blocks = Extract(html).Blocks;

        Assert.Equal(["TextBlock:栏目", "TextBlock:二、主动公开政府信息情况", "TableBlock:4", "TextBlock:三、收到和处理政府信息公开申请情况", "TableBlock:4", "TextBlock:唯一单元格的框"],
            blocks.Select(b => b switch
            {
                TextBlock t => "TextBlock:" + t.Text,
                TableBlock t => "TableBlock:" + t.Cells.Count,
                _ => "?",
            }));
    }

    [Fact]
    public void Extract_100000_nested_divs_does_not_crash()
    {
        var sb = new StringBuilder("<html><body>");
        sb.Insert(sb.Length, "<div>", 100_000);
        sb.Append("最深处的文字");
        sb.Insert(sb.Length, "</div>", 100_000);
        sb.Append("<p>之后</p></body></html>");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var texts = Extract(sb.ToString()).Blocks.OfType<TextBlock>().Select(b => b.Text).ToList();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Contains(texts, t => t.Contains("最深处的文字", StringComparison.Ordinal));
        Assert.Equal("之后", texts[^1]);
    }

    [Fact]
    public void Limit_drops_only_tags_nested_beyond_the_cap_and_keeps_their_text()
    {
        var deep = string.Concat(Enumerable.Repeat("<div>", 300)) + "<script>var s = '<div><div>';</script>文字" + string.Concat(Enumerable.Repeat("</div>", 300)) + "<p>后</p>";
        var shallow = "<html><body>" + string.Concat(Enumerable.Repeat("<p>段落", 1000)) + "</body></html>";

        var limited = HtmlDepthLimiter.Limit(deep);

        Assert.Equal(HtmlDepthLimiter.MaxDepth, limited.Split("<div>").Length - 1 - 2);
        Assert.Equal(HtmlDepthLimiter.MaxDepth, limited.Split("</div>").Length - 1);
        Assert.Contains("<script>var s = '<div><div>';</script>文字", limited, StringComparison.Ordinal);
        Assert.EndsWith("<p>后</p>", limited, StringComparison.Ordinal);
        Assert.Same(shallow, HtmlDepthLimiter.Limit(shallow));
    }

    [Fact]
    public void Extract_deeply_nested_tables_do_not_crash()
    {
        var sb = new StringBuilder("<html><body>");
        sb.Insert(sb.Length, "<table><tr><td>", 3000);
        sb.Append("里面");
        sb.Insert(sb.Length, "</td></tr></table>", 3000);
        sb.Append("</body></html>");

        var outcome = new HtmlExtractor().Extract(new RawFile(Encoding.UTF8.GetBytes(sb.ToString()), "deep.html"), Ct);

        Assert.True(outcome.IsSuccess);
    }

    [Fact]
    public void Parse_html_that_is_not_a_report_is_rejected_as_not_a_report()
    {
        var bytes = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>新闻</title></head><body><nav>首页</nav><h1>县卫健局召开安全生产工作会议</h1><p>会议强调……</p><table><tr><td>时间</td><td>地点</td></tr></table></body></html>");

        var outcome = ReportParser.CreateDefault().Parse(new RawFile(bytes, "news.html"), Ct);

        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.NotAReport, outcome.Rejection.ReasonCode);
    }

    [Fact]
    public void Parse_office_html_export_of_the_filled_official_template_reads_every_one_of_the_200_cells()
    {
        // Fixtures/html/template-2021-filled.soffice.html: the DOCX of DocxTemplateFiller.FilledGb2021(Gb2021Values())
        // converted by `soffice --headless --convert-to html` (LibreOffice), committed so tests need no LibreOffice.
        var bytes = File.ReadAllBytes(DocxTemplateFiller.FixturePath("html", "template-2021-filled.soffice.html"));

        var report = ParseOk(bytes, "template-2021-filled.html");

        Assert.Equal(DocxTemplateFiller.Title, report.Meta.Title);
        Assert.Equal(TemplateVersion.Gb2021, report.Meta.TemplateVersion);
        Assert.Equal("html@1", report.Provenance.Extractor);
        CellAssert.AllPlaced(report, DocxTemplateFiller.Gb2021Values());
    }

    [Fact]
    public void Parse_gb2019_layout_page_reads_every_one_of_the_198_cells()
    {
        var report = ParseOk(File.ReadAllBytes(DocxTemplateFiller.FixturePath("html", "gb2019-layout.html")), "gb2019.html");

        Assert.Equal(TemplateVersion.Gb2019, report.Meta.TemplateVersion);
        Assert.Equal(2020, report.Meta.Year);
        Assert.Equal("某某市卫生健康委员会2020年政府信息公开工作年度报告", report.Meta.Title);
        CellAssert.AllPlaced(report, Gb2019Values());
        Assert.Equal(-3m, report.Cells["activeDisclosure.licensing.itemChange"].Value);
        Assert.Equal(CellSemantic.Numeric, report.Cells["activeDisclosure.centralizedProcurement.totalAmount"].Semantic);
        Assert.Equal("万元", report.Cells["activeDisclosure.centralizedProcurement.totalAmount"].Unit);
    }

    [Fact]
    public void Parse_gb2019_layout_page_saved_as_gbk_without_declaration_reads_the_same()
    {
        var utf8 = File.ReadAllText(DocxTemplateFiller.FixturePath("html", "gb2019-layout.html"), Encoding.UTF8)
            .Replace("<meta charset=\"utf-8\">", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("charset", utf8, StringComparison.OrdinalIgnoreCase);

        var report = ParseOk(Gb18030.GetBytes(utf8), "gb2019-gbk.html");

        CellAssert.AllPlaced(report, Gb2019Values());
    }

    /// <summary>The values printed in Fixtures/html/gb2019-layout.html (198 gb2019 cells).</summary>
    internal static Dictionary<string, string> Gb2019Values()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["activeDisclosure.regulations.newlyMade"] = "1",
            ["activeDisclosure.regulations.newlyPublished"] = "2",
            ["activeDisclosure.regulations.totalPublished"] = "3",
            ["activeDisclosure.normativeDocuments.newlyMade"] = "4",
            ["activeDisclosure.normativeDocuments.newlyPublished"] = "5",
            ["activeDisclosure.normativeDocuments.totalPublished"] = "66",
            ["activeDisclosure.licensing.prevYearItems"] = "19",
            ["activeDisclosure.licensing.itemChange"] = "-3",
            ["activeDisclosure.licensing.processed"] = "894",
            ["activeDisclosure.otherManagementServices.prevYearItems"] = "7",
            ["activeDisclosure.otherManagementServices.itemChange"] = "2",
            ["activeDisclosure.otherManagementServices.processed"] = "8",
            ["activeDisclosure.punishment.prevYearItems"] = "103",
            ["activeDisclosure.punishment.itemChange"] = "-55",
            ["activeDisclosure.punishment.processed"] = "48",
            ["activeDisclosure.coercion.prevYearItems"] = "16",
            ["activeDisclosure.coercion.itemChange"] = "0",
            ["activeDisclosure.coercion.processed"] = "9",
            ["activeDisclosure.fees.prevYearItems"] = "3",
            ["activeDisclosure.fees.itemChange"] = "1",
            ["activeDisclosure.centralizedProcurement.projectCount"] = "12",
            ["activeDisclosure.centralizedProcurement.totalAmount"] = "83.42",
        };
        var rows = TemplateDefinition.Gb2019.ApplicationRows;
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < TemplateDefinition.ApplicantColumns.Count; c++)
            {
                values[TemplateDefinition.ApplicationPath(TemplateDefinition.ApplicantColumns[c], rows[r])] = (200 + (r * 10) + c).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var k = 0;
        foreach (var group in TemplateDefinition.ReviewGroups)
        {
            foreach (var column in TemplateDefinition.ReviewColumns)
            {
                values[TemplateDefinition.ReviewPath(group, column)] = (k++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return values;
    }

    private static CanonicalReport ParseOk(byte[] bytes, string name)
    {
        var outcome = ReportParser.CreateDefault().Parse(new RawFile(bytes, name), Ct);
        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        return outcome.Value;
    }

    private static ExtractedDocument Extract(string html) => Extract(Encoding.UTF8.GetBytes(html));

    private static ExtractedDocument Extract(byte[] bytes)
    {
        Assert.Equal(FormatDetector.Html, FormatDetector.Detect(bytes));
        var outcome = new HtmlExtractor().Extract(new RawFile(bytes, "t.html"), Ct);
        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        Assert.Equal("html@1", outcome.Value.Extractor);
        return outcome.Value;
    }

    private static void AssertCell(TableBlock table, int row, int column, string text, int rowSpan, int colSpan)
    {
        var cell = Assert.Single(table.Cells, c => c.Row == row && c.Column == column);
        Assert.Equal(text, cell.Text);
        Assert.Equal(rowSpan, cell.RowSpan);
        Assert.Equal(colSpan, cell.ColumnSpan);
    }
}

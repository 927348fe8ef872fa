using System.Text;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Tests.Extraction;
using IngestionPipeline.Core.Versioning;
using UglyToad.PdfPig;

namespace IngestionPipeline.Core.Tests;

/// <summary>
/// Tables, spans and table ids kept from the extractor into each cell's <c>source</c>: every table gets an id in
/// document order, a cell read from a table names it (and its box where the format has one), the 1-based
/// <c>source.row/column</c> are the extracted cell's 0-based row/column + 1, and table 三's applicant columns come
/// from the header's spans where the source gave them.
/// </summary>
public class CellProvenanceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Sources =>
    [
        .. TestFiles.SampleNames.Select(s => "samples/" + s),
        "html/gb2019-layout.html",
        "html/template-2021-filled.soffice.html",
        "pdf/gb2021-filled.pdf",
        "pdf/gb2019-filled.pdf",
    ];

    [Theory]
    [MemberData(nameof(Sources))]
    public void Parse_every_table_read_cell_names_an_extracted_table_and_the_cell_it_was_read_from(string source)
    {
        var bytes = source.StartsWith("samples/", StringComparison.Ordinal)
            ? File.ReadAllBytes(TestFiles.SamplePath(source["samples/".Length..]))
            : FilledFixtures.Read(source);
        AssertTableReadCellsPointAtTheirOrigin(bytes, Path.GetFileName(source));
    }

    [Fact]
    public void Parse_every_table_read_cell_of_a_filled_docx_names_an_extracted_table_and_its_cell()
    {
        AssertTableReadCellsPointAtTheirOrigin(DocxTemplateFiller.FilledGb2021(DocxTemplateFiller.Gb2021Values()), "filled.docx");
    }

    [Fact]
    public void Assign_numbers_tables_in_document_order_and_keeps_a_numbered_document()
    {
        var at = new SourceLocation(Line: 1);
        var document = new ExtractedDocument("text/plain", "test@1",
        [
            new TableBlock([new TableCell(0, 0, "a", at)], at) { Id = "t9" },
            new TextBlock("text", at),
            new TableBlock([], at),
            new TableBlock([new TableCell(0, 0, "b", at)], at),
        ]) { DocumentTitle = "title" };

        var numbered = TableIds.Assign(document);

        Assert.Equal(["t1", "t2", "t3"], numbered.Blocks.OfType<TableBlock>().Select(t => t.Id));
        Assert.Equal("title", numbered.DocumentTitle);
        Assert.Same(numbered, TableIds.Assign(numbered));
        Assert.Null(document.Blocks.OfType<TableBlock>().ElementAt(1).Id); // the input is not changed
    }

    private static void AssertTableReadCellsPointAtTheirOrigin(byte[] bytes, string name)
    {
        var parser = ReportParser.CreateDefault();
        var extracted = parser.Extract(new RawFile(bytes, name), Ct);
        Assert.True(extracted.IsSuccess, extracted.Rejection?.ToString());
        var tables = extracted.Value.Blocks.OfType<TableBlock>().ToList();
        Assert.Equal(Enumerable.Range(1, tables.Count).Select(n => $"t{n}"), tables.Select(t => t.Id));

        var report = parser.Normalize(extracted.Value, "0000").Value!;
        var byId = tables.ToDictionary(t => t.Id!, StringComparer.Ordinal);
        var read = report.Cells.Where(kv => kv.Value.Source is { Row: not null }).ToList();
        Assert.True(read.Count >= 100, $"only {read.Count} cells were read from tables");
        var wrong = new List<string>();
        foreach (var (path, cell) in read)
        {
            var s = cell.Source!;
            if (s.Table is null || !byId.TryGetValue(s.Table, out var table))
            {
                wrong.Add($"{path}: table '{s.Table}' is not in the extracted document");
                continue;
            }

            var origin = table.Cells.FirstOrDefault(c => c.Row + 1 == s.Row && c.Column + 1 == s.Column);
            if (cell.Semantic != CellSemantic.Empty && origin?.Text.Trim() != cell.Raw)
            {
                wrong.Add($"{path}: {s.Table} row {s.Row} column {s.Column} holds '{origin?.Text}', the cell reads '{cell.Raw}'");
            }

            if (s.Box != origin?.Box)
            {
                wrong.Add($"{path}: box {s.Box} is not the extracted cell's {origin?.Box}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.All(report.Cells.Values.Where(c => c.Source is { Row: null }), c => Assert.Null(c.Source!.Table));
    }

    [Theory]
    [InlineData("pdf/gb2021-filled.pdf")]
    [InlineData("pdf/gb2019-filled.pdf")]
    public void Parse_pdf_cell_box_surrounds_exactly_the_glyphs_of_its_text(string fixture)
    {
        var bytes = FilledFixtures.Read(fixture);
        var report = FilledFixtures.Parse(fixture);
        using var pdf = PdfDocument.Open(bytes);

        var printed = report.Cells.Where(kv => kv.Value.Source?.Table is not null && kv.Value.Semantic != CellSemantic.Empty).ToList();
        Assert.NotEmpty(printed);
        foreach (var (path, cell) in printed)
        {
            var s = cell.Source!;
            Assert.True(s.Box is not null, $"{path} has no box");
            var box = s.Box!;
            var page = pdf.GetPage(s.Page!.Value);
            var top = page.CropBox.Bounds.Top;
            Assert.True(box.Left >= 0 && box.Left < box.Right && box.Right <= page.Width, $"{path}: {box}");
            Assert.True(box.Top >= 0 && box.Top < box.Bottom && box.Bottom <= page.Height, $"{path}: {box}");
            Assert.All(new[] { box.Left, box.Top, box.Right, box.Bottom }, v => Assert.Equal(Math.Round(v, 2), v));

            // Back to PDF space (origin bottom-left): the letters whose centre lies in the box spell the cell's text.
            var inside = page.Letters
                .Where(l => !string.IsNullOrWhiteSpace(l.Value))
                .Where(l => Within((l.BoundingBox.Left + l.BoundingBox.Right) / 2, box.Left, box.Right)
                    && Within(top - ((l.BoundingBox.Bottom + l.BoundingBox.Top) / 2), box.Top, box.Bottom))
                .OrderByDescending(l => l.StartBaseLine.Y).ThenBy(l => l.StartBaseLine.X)
                .Select(l => l.Value);
            Assert.Equal(Compact(cell.Raw!), Compact(string.Concat(inside)));
        }
    }

    [Fact]
    public void Extract_aligned_pdf_table_cells_get_word_boxes_from_the_top_left_corner()
    {
        // Helvetica 10 pt: digits are 5.56 pt wide and sit on the baseline, capitals rise about 7.2 pt above it.
        var bytes = MiniPdf.Build([[(100.0, 700.0, "Alpha"), (300.0, 700.0, "123"), (100.0, 680.0, "Beta"), (300.0, 680.0, "45")]]);

        var document = ReportParser.CreateDefault().Extract(new RawFile(bytes, "aligned.pdf"), Ct).Value!;

        var table = Assert.Single(document.Blocks.OfType<TableBlock>());
        Assert.Equal("t1", table.Id);
        var cell = table.Cells.Single(c => c.Text == "123");
        var box = cell.Box!;
        Assert.Equal(300, box.Left);
        Assert.Equal(316.68, box.Right, 0.05);
        Assert.InRange(box.Bottom, 141.5, 142.5); // 842 − 700: the baseline, counted from the top of the page
        Assert.InRange(box.Top, 133.5, 135.5);    // the digits' height above it
        Assert.True(table.Cells.Single(c => c.Text == "45").Box!.Top > box.Bottom);
    }

    [Fact]
    public void Parse_html_table_with_merged_header_cells_reads_applicant_columns_from_the_spans()
    {
        // The parent cell names its five sub-columns, and 自然人 is printed after them: only the spans tell which
        // header cells are the leaves (so the parent is not taken for 商业企业) and where each value column is.
        // A by-position guess finds 商业企业, 科研机构 and 社会公益组织 all in the parent's column, gives up on the
        // header and reads the rows by count in template order (自然人 first): every value one column off, and
        // the row with a blank edge cell short of a value.
        var html = Html(
            """
            <tr><td rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
            <tr><td colspan="5">法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）</td><td rowspan="2">自然人</td><td rowspan="2">总计</td></tr>
            <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
            <tr><td>一、本年新收政府信息公开申请数量</td><td>3</td><td>0</td><td>1</td><td>0</td><td>2</td><td>40</td><td>46</td></tr>
            <tr><td>二、上年结转政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>5</td><td></td></tr>
            """);

        var outcome = ReportParser.CreateDefault().Parse(new RawFile(Encoding.UTF8.GetBytes(html), "spans.html"), Ct);

        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        var r = outcome.Value;
        Assert.Equal(40m, r["applications.naturalPerson.newReceived"].Value);
        Assert.Equal(3m, r["applications.legalPerson.commercial.newReceived"].Value);
        Assert.Equal(1m, r["applications.legalPerson.social.newReceived"].Value);
        Assert.Equal(2m, r["applications.legalPerson.other.newReceived"].Value);
        Assert.Equal(46m, r["applications.total.newReceived"].Value);
        Assert.Equal(5m, r["applications.naturalPerson.carriedOver"].Value);
        Assert.Equal(CellSemantic.Empty, r["applications.total.carriedOver"].Semantic);
        var source = r["applications.naturalPerson.newReceived"].Source!;
        Assert.Equal((4, 7), (source.Row!.Value, source.Column!.Value));
        Assert.NotNull(source.Table);
        Assert.Null(source.Box);
    }

    [Fact]
    public void Parse_html_table_whose_rows_divide_the_grid_unlike_the_header_finds_each_value_under_its_leaf()
    {
        // As Word tables often do: 自然人's header spans two grid columns, and the body rows divide them into an empty
        // filler cell and the value. Only the spans tell that both stand under 自然人 and the value is its number; read
        // by count instead, the filler and the blank 总计 at the edges look like padding and the row falls short.
        var html = Html(
            """
            <tr><td rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="8">申请人情况</td></tr>
            <tr><td colspan="2" rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
            <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
            <tr><td>一、本年新收政府信息公开申请数量</td><td></td><td>40</td><td>3</td><td>0</td><td>1</td><td>0</td><td>2</td><td></td></tr>
            <tr><td>二、上年结转政府信息公开申请数量</td><td></td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
            """);

        var outcome = ReportParser.CreateDefault().Parse(new RawFile(Encoding.UTF8.GetBytes(html), "word-grid.html"), Ct);

        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        var r = outcome.Value;
        Assert.Equal(40m, r["applications.naturalPerson.newReceived"].Value);
        Assert.Equal(3m, r["applications.legalPerson.commercial.newReceived"].Value);
        Assert.Equal(2m, r["applications.legalPerson.other.newReceived"].Value);
        Assert.Equal(CellSemantic.Empty, r["applications.total.newReceived"].Semantic);
        Assert.Equal(6m, r["applications.total.carriedOver"].Value);
        Assert.Equal(3, r["applications.naturalPerson.newReceived"].Source!.Column); // the value's own cell, grid column 2
        Assert.Equal(9, r["applications.total.newReceived"].Source!.Column);
    }

    [Fact]
    public void Parse_tab_text_table_keeps_the_by_position_reading_of_its_header()
    {
        // No spans in tab text: the header's leaves are found where they stand, as before.
        var text = string.Join('\n',
            "某县卫生健康局2022年政府信息公开工作年度报告",
            "一、总体情况",
            "本年度报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计",
            "一、本年新收政府信息公开申请数量\t\t3\t0\t1\t0\t2\t6",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "无。",
            "六、其他需要报告的事项",
            "无。");

        var outcome = TestFiles.ParseText(text);

        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        Assert.Equal(CellSemantic.Empty, outcome.Value["applications.naturalPerson.newReceived"].Semantic);
        Assert.Equal(3m, outcome.Value["applications.legalPerson.commercial.newReceived"].Value);
        Assert.Equal("t1", outcome.Value["applications.total.newReceived"].Source!.Table);
    }

    [Fact]
    public void Canonical_json_writes_table_then_box_at_the_end_of_source_and_reads_them_back()
    {
        var report = TestFiles.Parse(TestFiles.SampleNames[0]);
        var path = report.Cells.First(kv => kv.Value.Source?.Table is not null).Key;
        var located = report with
        {
            Cells = new Dictionary<string, Cell>(report.Cells, StringComparer.Ordinal)
            {
                [path] = report.Cells[path] with { Source = report.Cells[path].Source! with { PlacedBy = CellSource.ByPosition, Box = new SourceBox(56.7, 100.25, 80, 112.5) } },
            },
        };

        var json = ReportJson.Serialize(located);
        var back = ReportJson.Deserialize(json);

        Assert.Equal(located.Cells[path].Source, back.Cells[path].Source);
        var source = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        foreach (var segment in path.Split('.'))
        {
            source = source[segment]!;
        }

        Assert.Equal(
            ["line", "row", "column", "placedBy", "table", "box"],
            source["source"]!.AsObject().Select(p => p.Key));
        Assert.Equal("""{"left":56.7,"top":100.25,"right":80,"bottom":112.5}""", source["source"]!["box"]!.ToJsonString());
    }

    [Fact]
    public void Content_hash_does_not_depend_on_table_ids_or_boxes()
    {
        var report = FilledFixtures.Parse("pdf/gb2021-filled.pdf");
        Assert.Contains(report.Cells.Values, c => c.Source?.Box is not null);
        var bare = report with
        {
            Cells = report.Cells.ToDictionary(kv => kv.Key, kv => kv.Value with { Source = kv.Value.Source is { } s ? s with { Table = null, Box = null } : null }, StringComparer.Ordinal),
        };

        // A re-crawl whose extractor numbers tables differently, or measures boxes anew, is not a changed report.
        Assert.Equal(ReportContent.ContentHash(bare), ReportContent.ContentHash(report));
    }

    private static bool Within(double value, double from, double to) => value >= from && value <= to;

    private static string Compact(string text) => new([.. text.Where(c => !char.IsWhiteSpace(c))]);

    private static string Html(string table3Rows) =>
        $"""
        <html><body>
        <p>某县卫生健康局2022年政府信息公开工作年度报告</p>
        <p>一、总体情况</p>
        <p>本年度报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。</p>
        <p>二、主动公开政府信息情况</p>
        <p>三、收到和处理政府信息公开申请情况</p>
        <table>{table3Rows}</table>
        <p>四、政府信息公开行政复议、行政诉讼情况</p>
        <p>五、存在的主要问题及改进情况</p>
        <p>无。</p>
        <p>六、其他需要报告的事项</p>
        <p>无。</p>
        </body></html>
        """;
}

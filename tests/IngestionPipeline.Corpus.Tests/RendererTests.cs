using System.Text;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Corpus.Rendering;

namespace IngestionPipeline.Corpus.Tests;

public sealed class RendererTests
{
    private static readonly ReportParser Parser = ReportParser.CreateDefault();

    public static TheoryData<string, int> Documents()
    {
        var data = new TheoryData<string, int>();
        foreach (var format in new[] { "txt", "html", "docx" })
        {
            for (var i = 0; i < 10; i++)
            {
                data.Add(format, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Rendered_files_parse_into_a_report_of_the_right_year_and_template(string format, int index)
    {
        var document = CorpusWriter.Generate(format, index + 1, 314).Last();
        var outcome = Parser.Parse(new RawFile(document.Content, document.FileName), TestContext.Current.CancellationToken);
        Assert.True(outcome.IsSuccess, $"{document.FileName}: {outcome.Rejection}");
        Assert.Equal(document.Spec.Year, outcome.Value.Meta.Year);
        Assert.Equal(document.Spec.Version, outcome.Value.Meta.TemplateVersion);
    }

    [Fact]
    public void Every_txt_layout_and_encoding_is_produced()
    {
        var docs = CorpusWriter.Generate("txt", 40, 20250101).ToList();
        foreach (var layout in Enum.GetValues<TxtLayout>())
        {
            Assert.Contains(docs, d => d.Layout.StartsWith(TxtRenderer.LayoutTag(layout), StringComparison.Ordinal));
        }

        Assert.Contains(docs, d => d.Layout.Contains("gbk", StringComparison.Ordinal));
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var gbk = docs.First(d => d.Layout.Contains("gbk", StringComparison.Ordinal));
        Assert.ThrowsAny<DecoderFallbackException>(() => utf8.GetString(gbk.Content));
        Assert.Contains(gbk.Spec.Agency.PrintedName, HtmlRenderer.Gbk.GetString(gbk.Content), StringComparison.Ordinal);
    }

    [Fact]
    public void Html_uses_the_official_merged_layout_and_both_encodings()
    {
        var docs = CorpusWriter.Generate("html", 12, 99).ToList();
        Assert.Contains(docs, d => d.Layout.StartsWith("gbk", StringComparison.Ordinal));
        Assert.Contains(docs, d => d.Layout.StartsWith("utf8", StringComparison.Ordinal));
        Assert.Contains(docs, d => d.Layout.Contains("nometa", StringComparison.Ordinal));
        var html = HtmlRenderer.RenderText(docs[0].Spec, new HtmlStyle());
        Assert.Contains("<td colspan=\"3\" rowspan=\"3\">（本列数据的勾稽关系为", html, StringComparison.Ordinal);
        Assert.Contains("<td rowspan=\"2\">自然人</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td colspan=\"10\">行政诉讼</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Docx_tables_use_grid_span_and_vertical_merge()
    {
        var spec = ReportSpecGenerator.Generate(5, options: new GeneratorOptions { Version = TemplateVersion.Gb2021 });
        var xml = DocxText.DocumentXml(DocxRenderer.Render(spec));
        Assert.Contains("<w:gridSpan w:val=\"7\" />", xml, StringComparison.Ordinal);
        Assert.Contains("<w:vMerge w:val=\"restart\" />", xml, StringComparison.Ordinal);
        Assert.Contains("<w:vMerge />", xml, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(xml, "<w:tbl>"));
    }

    [Theory]
    [InlineData(TemplateVersion.Gb2019, 23, 18)]
    [InlineData(TemplateVersion.Gb2021, 25, 14)]
    public void Table_grids_have_the_template_shape(TemplateVersion version, int t3DataRows, int t2Rows)
    {
        var spec = ReportSpecGenerator.Generate(11, options: new GeneratorOptions { Version = version }) is var s && s.Variants.JilinExtraRow
            ? s with { Variants = s.Variants with { JilinExtraRow = false } }
            : ReportSpecGenerator.Generate(11, options: new GeneratorOptions { Version = version });
        var t3 = ReportTables.Applications(spec);
        Assert.Equal(3 + t3DataRows, t3.Rows.Count);
        Assert.All(t3.Dense(), row => Assert.Equal(10, row.Length));
        Assert.Equal(t2Rows, ReportTables.ActiveDisclosure(spec).Rows.Count);
        var t4 = ReportTables.ReviewLitigation(spec);
        Assert.Equal(15, t4.Rows[^1].Count);
        Assert.All(t4.Placed(), row => Assert.Equal(15, row.Sum(p => p.Cell.ColSpan)));
    }

    private static int CountOf(string haystack, string needle)
    {
        var count = 0;
        for (var i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

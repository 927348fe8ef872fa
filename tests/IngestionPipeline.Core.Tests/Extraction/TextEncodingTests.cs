using System.Text;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Tests.Extraction;

/// <summary>Text files as people export them: UTF-16 without BOM (both byte orders, Windows tools), GB18030/GBK, UTF-8.</summary>
public sealed class TextEncodingTests
{
    private static readonly Encoding Utf16LeNoBom = new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
    private static readonly Encoding Utf16BeNoBom = new UnicodeEncoding(bigEndian: true, byteOrderMark: false);

    static TextEncodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static TheoryData<string, string> EverySampleInEveryEncoding()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in TestFiles.SampleNames)
        {
            foreach (var encoding in new[] { "utf-16le", "utf-16be", "gb18030", "gbk", "utf-8" })
            {
                data.Add(name, encoding);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EverySampleInEveryEncoding))]
    public void Parse_sample_without_bom_gives_the_same_report_as_utf8(string sample, string encoding)
    {
        var text = File.ReadAllText(TestFiles.SamplePath(sample));
        var bytes = Bytes(text, encoding);
        var parser = ReportParser.CreateDefault();
        var expected = parser.Parse(new RawFile(Encoding.UTF8.GetBytes(text), sample), TestContext.Current.CancellationToken);

        var outcome = parser.Parse(new RawFile(bytes, sample), TestContext.Current.CancellationToken);

        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        Assert.Equal(FormatDetector.Text, FormatDetector.Detect(bytes));
        var want = expected.Value!;
        var got = outcome.Value!;
        Assert.Equal(want.Cells.Count, got.Cells.Count);
        Assert.Equal(want.Meta.Organization, got.Meta.Organization);
        Assert.All(want.Cells, cell => Assert.Equal(cell.Value.Value, got.Cells[cell.Key].Value));
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public void Decode_short_chinese_utf16_without_bom_or_ascii(string encoding)
    {
        const string text = "政府信息公开工作年度报告一、总体情况";

        var decoded = TextDecoder.Decode(Bytes(text, encoding));

        Assert.Equal((text, encoding), decoded);
    }

    [Fact]
    public void Decode_gb18030_is_never_taken_for_utf16()
    {
        // Even length, CJK-looking byte pairs, but no zero byte: a legacy encoding, not UTF-16.
        var bytes = Bytes("某某县卫生健康局关于二〇二三年度政府信息公开工作的报告全文如下所示", "gb18030");
        Assert.Equal(0, bytes.Length % 2);

        var decoded = TextDecoder.Decode(bytes);

        Assert.NotNull(decoded);
        Assert.Equal("某某县卫生健康局关于二〇二三年度政府信息公开工作的报告全文如下所示", decoded.Value.Text);
    }

    [Fact]
    public void Detect_random_bytes_with_zeros_are_not_text()
    {
        var random = new Random(13);
        var bytes = new byte[4096];
        random.NextBytes(bytes);

        Assert.Null(FormatDetector.Detect(bytes));
    }

    private static byte[] Bytes(string text, string encoding) => encoding switch
    {
        "utf-16le" => Utf16LeNoBom.GetBytes(text),
        "utf-16be" => Utf16BeNoBom.GetBytes(text),
        "utf-8" => new UTF8Encoding(false).GetBytes(text),
        _ => Encoding.GetEncoding(encoding).GetBytes(text),
    };
}

using System.Text;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Normalization;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Tests;

public class RejectionTests
{
    [Fact]
    public void Parse_prose_that_is_no_report_is_rejected_as_not_a_report()
    {
        var outcome = TestFiles.ParseText("今天天气很好。\n我们去公园散步，然后吃了午饭。\n");

        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.NotAReport, outcome.Rejection.ReasonCode);
    }

    [Fact]
    public void Parse_binary_junk_is_rejected_as_unsupported()
    {
        var junk = new byte[4096];
        new Random(42).NextBytes(junk);

        var outcome = ReportParser.CreateDefault().Parse(new RawFile(junk, "junk.bin"), TestContext.Current.CancellationToken);

        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.UnsupportedFormat, outcome.Rejection.ReasonCode);
    }

    [Fact]
    public void Parse_empty_file_is_rejected_as_empty()
    {
        var outcome = ReportParser.CreateDefault().Parse(new RawFile(Array.Empty<byte>(), "empty.txt"), TestContext.Current.CancellationToken);

        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.EmptyFile, outcome.Rejection.ReasonCode);
    }

    [Fact]
    public void Extract_binary_bytes_given_to_text_extractor_are_undecodable()
    {
        var bytes = new byte[] { 0x00, 0x01, 0x02, 0xFF, 0x00, 0x10, 0x11, 0x00, 0x05 };

        var outcome = new TextExtractor().Extract(new RawFile(bytes, "x.txt"), TestContext.Current.CancellationToken);

        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.UndecodableText, outcome.Rejection.ReasonCode);
    }

    [Fact]
    public void Normalize_report_without_any_year_is_rejected_as_unknown_year()
    {
        var text = "一、总体情况\n本局积极推进政务公开。\n二、主动公开政府信息情况\n规章\t0\t0\t0\n五、存在的主要问题及改进情况\n无。\n";
        var document = new ExtractedDocument("text/plain", "text@1", TextExtractor.Split(text, TestContext.Current.CancellationToken));

        var outcome = new ReportNormalizer().Normalize(document, "sha");

        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.UnknownYear, outcome.Rejection.ReasonCode);
    }

    [Fact]
    public void Normalize_report_without_title_takes_year_from_statistics_period()
    {
        var text = "一、总体情况\n报告所列数据统计期限为 2020 年 1 月 1 日至 12 月 31 日。\n五、存在的主要问题及改进情况\n无。\n";
        var document = new ExtractedDocument("text/plain", "text@1", TextExtractor.Split(text, TestContext.Current.CancellationToken));

        var outcome = new ReportNormalizer().Normalize(document, "sha");

        Assert.True(outcome.IsSuccess);
        Assert.Equal(2020, outcome.Value.Meta.Year);
    }

    [Fact]
    public void Parse_gb18030_encoded_report_is_decoded()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes(File.ReadAllText(TestFiles.SamplePath(TestFiles.SampleNames[4])));

        var outcome = ReportParser.CreateDefault().Parse(new RawFile(bytes, "gb.txt"), TestContext.Current.CancellationToken);

        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        Assert.Equal(105, outcome.Value["activeDisclosure.punishment.processed"].Value);
    }

    [Fact]
    public void Parse_utf16_encoded_report_is_decoded()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(File.ReadAllText(TestFiles.SamplePath(TestFiles.SampleNames[1])))).ToArray();

        var outcome = ReportParser.CreateDefault().Parse(new RawFile(bytes, "u16.txt"), TestContext.Current.CancellationToken);

        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        Assert.Equal(-55, outcome.Value["activeDisclosure.punishment.itemChange"].Value);
    }
}

using System.Text;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Extraction.Doc;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Tests.Extraction;

/// <summary>
/// The DOC fixtures are LibreOffice conversions of the same filled templates as the PDF ones. Through
/// LibreOffice (the preferred path) every cell is read. antiword 0.37 (the fallback) loses the data rows of
/// table 三 (10 columns with vertical merges) in these files, so there table 三 must come out MISSING (never
/// guessed), while tables 二 and 四 and the metadata are read exactly.
/// </summary>
public class DocExtractorTests
{
    private static readonly LibreOfficeConverter NoLibreOffice = new(Path.Combine(Path.GetTempPath(), "no-such-dir", "soffice"));

    [Trait("Tier", "Slow")]
    [Theory]
    [InlineData("doc/gb2021-filled.doc", TemplateVersion.Gb2021, 2023)]
    [InlineData("doc/gb2019-filled.doc", TemplateVersion.Gb2019, 2020)]
    public void Parse_filled_doc_via_libreoffice_reads_every_cell(string fixture, TemplateVersion version, int year)
    {
        if (!new LibreOfficeConverter().IsAvailable)
        {
            Assert.Skip($"LibreOffice is not installed ({LibreOfficeConverter.DefaultSofficePath}); the antiword fallback is tested separately.");
        }

        var report = FilledFixtures.Parse(fixture);

        Assert.Equal(year, report.Meta.Year);
        Assert.Equal(version, report.Meta.TemplateVersion);
        Assert.Equal("doc@2+libreoffice", report.Provenance.Extractor);
        FilledFixtures.AssertEveryCell(report, version == TemplateVersion.Gb2021 ? FilledFixtures.ExpectedGb2021() : FilledFixtures.ExpectedGb2019());
    }

    [Theory]
    [InlineData("doc/gb2021-filled.doc", TemplateVersion.Gb2021, 2023)]
    [InlineData("doc/gb2019-filled.doc", TemplateVersion.Gb2019, 2020)]
    public void Parse_filled_doc_via_antiword_reads_tables_two_and_four_and_leaves_lost_rows_missing(string fixture, TemplateVersion version, int year)
    {
        var extractors = ExtractorRegistry.CreateDefault().Extractors.Select(e => e is DocExtractor ? new DocExtractor(libreOffice: NoLibreOffice) : e);
        var parser = new ReportParser(new ExtractorRegistry(extractors), new Core.Normalization.ReportNormalizer(), new Core.Validation.ReportValidator(), new ParserOptions());
        var outcome = parser.Parse(new RawFile(FilledFixtures.Read(fixture), Path.GetFileName(fixture)), TestContext.Current.CancellationToken);
        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        var report = outcome.Value;

        Assert.Equal(year, report.Meta.Year);
        Assert.Equal(version, report.Meta.TemplateVersion);
        Assert.Equal("doc@2+antiword", report.Provenance.Extractor);
        var expected = version == TemplateVersion.Gb2021 ? FilledFixtures.ExpectedGb2021() : FilledFixtures.ExpectedGb2019();
        FilledFixtures.AssertEveryCell(report, expected, path => !path.StartsWith("applications.", StringComparison.Ordinal));
        Assert.All(
            expected.Keys.Where(p => p.StartsWith("applications.", StringComparison.Ordinal)),
            path => Assert.True(
                report[path].Semantic == CellSemantic.Missing || report[path].Raw == expected[path],
                $"{path}: {report[path].Raw} ({report[path].Semantic})"));
    }

    [Fact]
    public void Extract_with_missing_antiword_and_no_libreoffice_is_rejected_as_extractor_unavailable()
    {
        var outcome = new DocExtractor("/nonexistent/antiword", libreOffice: NoLibreOffice)
            .Extract(new RawFile(FilledFixtures.Read("doc/gb2021-filled.doc"), "a.doc"), TestContext.Current.CancellationToken);

        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.ExtractorUnavailable, outcome.Rejection.ReasonCode);
        Assert.Contains("antiword", outcome.Rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_non_word_ole_file_is_rejected_as_unsupported()
    {
        // An OLE compound file whose directory has no WordDocument stream (as in .xls/.ppt): rename the stream.
        var bytes = FilledFixtures.Read("doc/gb2021-filled.doc");
        var name = Encoding.Unicode.GetBytes("WordDocument");
        var at = bytes.AsSpan().IndexOf(name);
        Assert.True(at >= 0);
        Encoding.Unicode.GetBytes("Workbook\0\0\0\0").CopyTo(bytes, at);

        var outcome = ReportParser.CreateDefault().Parse(new RawFile(bytes, "book.xls"), TestContext.Current.CancellationToken);

        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.UnsupportedFormat, outcome.Rejection.ReasonCode);
    }

    [Theory]
    [InlineData("x.doc is not a Word Document.", true, ReasonCodes.CorruptFile)]
    [InlineData("x.doc is not a Word Document.", false, ReasonCodes.UnsupportedFormat)]
    [InlineData("Encrypted files are not supported", true, ReasonCodes.Encrypted)]
    [InlineData("I'm afraid the text stream of this file is too small to handle.", true, ReasonCodes.CorruptFile)]
    public void Classify_antiword_failure_maps_to_reason_code(string stderr, bool hasWordStream, string expected)
    {
        Assert.Equal(expected, DocExtractor.Classify(1, stderr, hasWordStream).ReasonCode);
    }

    [Fact]
    public void RebuildFlattenedTables_wide_table_stream_becomes_pipe_rows()
    {
        var text = "before\n结果维持 |结果\n纠正 |总计 | |501 |502 |503 | |after\n";

        var rebuilt = DocExtractor.RebuildFlattenedTables(text);

        Assert.Equal("before\n|结果维持|结果纠正|总计|\n|501|502|503|\nafter\n\n", rebuilt);
        var tables = TextExtractor.Split(rebuilt, TestContext.Current.CancellationToken).OfType<TableBlock>().ToList();
        Assert.Equal(["501", "502", "503"], tables.Single().Cells.Where(c => c.Row == 1).Select(c => c.Text));
    }
}

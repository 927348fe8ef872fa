using System.Diagnostics;
using System.Text;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Extraction.Pdf;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Testing;

namespace IngestionPipeline.Core.Tests.Extraction;

/// <summary>
/// The bounds inside the extractors (issue 13, part 2), in process, without the sandbox: the hostile files
/// that crashed, hung or ballooned a process end here as rejections within seconds. (A file that still
/// overflowed the stack would end this test run: that is the failure this test exists to show.)
/// </summary>
public sealed class ExtractorBoundsTests
{
    private static readonly ReportParser Parser = ReportParser.CreateDefault();

    [Trait("Tier", "Slow")]
    [Theory]
    [InlineData("pdf-contents-reference-cycle.pdf", ReasonCodes.CorruptFile)]
    [InlineData("pdf-xobject-deep.pdf", ReasonCodes.CorruptFile)]
    [InlineData("pdf-flate-bomb.pdf", ReasonCodes.TooLarge)]
    [InlineData("docx-huge-document-xml.docx", ReasonCodes.TooLarge)]
    [InlineData("docx-zip-bomb.docx", ReasonCodes.TooLarge)]
    [InlineData("text-60mb.txt", ReasonCodes.TooLarge)]
    [InlineData("pdf-page-tree-huge.pdf", ReasonCodes.TooLarge)]
    public void Extract_hostile_file_in_process_is_rejected_within_seconds(string name, string expected)
    {
        var bytes = HostileFiles.All.Single(f => f.Name == name).Create();
        var clock = Stopwatch.StartNew();
        var outcome = Parser.Extract(new RawFile(bytes, name), TestContext.Current.CancellationToken);
        Assert.False(outcome.IsSuccess);
        Assert.Equal(expected, outcome.Rejection.ReasonCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"{name}: {clock.Elapsed}");
    }

    [Fact]
    public void Extract_dense_ruling_grid_skips_table_rebuilding_and_ends_quickly()
    {
        var bytes = HostileFiles.All.Single(f => f.Name == "pdf-dense-ruling-grid.pdf").Create();
        var clock = Stopwatch.StartNew();
        var outcome = Parser.Extract(new RawFile(bytes, "grid.pdf"), TestContext.Current.CancellationToken);

        // 20,000 segments are above PdfPageLayout.MaxRulesPerPage: no ruled tables, the text line is kept.
        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        Assert.DoesNotContain(outcome.Value.Blocks, b => b is TableBlock);
        Assert.Contains(outcome.Value.Blocks.OfType<TextBlock>(), b => b.Text.Contains("Annual report", StringComparison.Ordinal));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
    }

    /// <summary>Found by tools/fuzz (seed 2): a mutated corpus DOCX whose w:gridSpan holds " "; the OpenXML SDK threw FormatException.</summary>
    [Fact]
    public void Extract_docx_with_a_non_numeric_grid_span_is_corrupt_not_a_parser_error()
    {
        var outcome = Parser.Extract(new RawFile(FilledFixtures.Read("fuzz/docx-grid-span-space.docx"), "fuzz.docx"), TestContext.Current.CancellationToken);
        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.CorruptFile, outcome.Rejection.ReasonCode);
    }

    [Fact]
    public void FindReferenceCycle_reports_the_cycle_and_ignores_chains()
    {
        var cycle = Encoding.ASCII.GetBytes("5 0 obj\n6 0 R\nendobj\n6 0 obj\n7 0 R\nendobj\n7 0 obj 5 0 R endobj\n");
        var chain = Encoding.ASCII.GetBytes("5 0 obj\n6 0 R\nendobj\n6 0 obj\n7 0 R\nendobj\n7 0 obj << >> endobj\n");
        Assert.Equal("5 → 6 → 7 → 5", PdfPreScan.FindReferenceCycle(cycle));
        Assert.Null(PdfPreScan.FindReferenceCycle(chain));
    }

    [Fact]
    public void FormNestingDepth_counts_the_longest_chain_and_ignores_back_references()
    {
        var chain = new Dictionary<int, List<int>> { [1] = [2], [2] = [3], [3] = [] };
        var selfAndMutual = new Dictionary<int, List<int>> { [1] = [1, 2], [2] = [1] };
        var deep = Enumerable.Range(1, 100_000).ToDictionary(i => i, i => i < 100_000 ? new List<int> { i + 1 } : []);
        Assert.Equal(3, PdfPreScan.FormNestingDepth(chain));
        Assert.Equal(2, PdfPreScan.FormNestingDepth(selfAndMutual));
        Assert.Equal(100_000, PdfPreScan.FormNestingDepth(deep));
    }

    [Fact]
    public void Extract_document_above_the_character_limit_is_too_large()
    {
        var line = "某某县人民政府办公室2023年政府信息公开工作年度报告\n";
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, 30_000)));
        var outcome = Parser.Extract(new RawFile(text, "long.txt"), TestContext.Current.CancellationToken);
        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.TooLarge, outcome.Rejection.ReasonCode);
        Assert.Contains("characters", outcome.Rejection.Reason, StringComparison.Ordinal);
    }
}

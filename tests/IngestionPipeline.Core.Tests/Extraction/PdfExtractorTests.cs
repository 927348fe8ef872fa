using System.Text;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Extraction.Pdf;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Tests.Extraction;

public class PdfExtractorTests
{
    [Fact]
    public void Parse_filled_gb2021_template_pdf_reads_all_200_cells()
    {
        var report = FilledFixtures.Parse("pdf/gb2021-filled.pdf");

        Assert.Equal("某某县卫生健康局2023年政府信息公开工作年度报告", report.Meta.Title);
        Assert.Equal(2023, report.Meta.Year);
        Assert.Equal(TemplateVersion.Gb2021, report.Meta.TemplateVersion);
        Assert.Equal("pdf@1", report.Provenance.Extractor);
        FilledFixtures.AssertEveryCell(report, FilledFixtures.ExpectedGb2021());
        Assert.Contains("本年度未收取信息处理费", report.Sections[SectionKeys.OtherMatters]!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_filled_gb2019_pdf_reads_all_198_cells()
    {
        var report = FilledFixtures.Parse("pdf/gb2019-filled.pdf");

        Assert.Equal(2020, report.Meta.Year);
        Assert.Equal(TemplateVersion.Gb2019, report.Meta.TemplateVersion);
        FilledFixtures.AssertEveryCell(report, FilledFixtures.ExpectedGb2019());
        Assert.Equal(-2m, report["activeDisclosure.otherManagementServices.itemChange"].Value);
    }

    [Fact]
    public void Extract_table_across_page_break_gives_one_table_block_per_page_with_spans()
    {
        var document = Extract(FilledFixtures.Read("pdf/gb2021-filled.pdf"));

        var tables = document.Blocks.OfType<TableBlock>().ToList();
        var header = tables.Single(t => t.Cells.Any(c => c.Text.StartsWith("（本列数据的勾稽关系", StringComparison.Ordinal)));
        var continuation = tables[tables.IndexOf(header) + 1];
        Assert.Equal(header.Location.Page + 1, continuation.Location.Page);
        Assert.Equal(3, header.Cells.Single(c => c.Text.StartsWith("（本列", StringComparison.Ordinal)).RowSpan);
        Assert.Equal(7, header.Cells.Single(c => c.Text == "申请人情况").ColumnSpan);
        var results = continuation.Cells.Single(c => c.Text == "三、本年度办理结果");
        Assert.Equal(22, results.RowSpan);
        Assert.Equal(
            ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "130", "131", "132", "133", "134", "135", "136"],
            continuation.Cells.Where(c => c.Row == 1).OrderBy(c => c.Column).Select(c => c.Text));
    }

    [Fact]
    public void Extract_running_page_numbers_and_repeated_headers_are_removed()
    {
        var pages = Enumerable.Range(1, 3).Select(p => new[]
        {
            (72.0, 800.0, "Annual Report Header"),
            (72.0, 600.0, $"Body text of page {p}"),
            (280.0, 40.0, p == 2 ? "- 2 -" : p.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        }).ToList();

        var document = Extract(MiniPdf.Build(pages));

        Assert.Equal(["Body text of page 1", "Body text of page 2", "Body text of page 3"], document.Blocks.OfType<TextBlock>().Select(b => b.Text));
        Assert.Equal([1, 2, 3], document.Blocks.Select(b => b.Location.Page!.Value));
    }

    [Fact]
    public void Extract_encrypted_pdf_is_rejected_as_encrypted()
    {
        var outcome = new PdfExtractor().Extract(new RawFile(FilledFixtures.Read("pdf/encrypted-password-x.pdf"), "e.pdf"), TestContext.Current.CancellationToken);

        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.Encrypted, outcome.Rejection.ReasonCode);
    }

    [Fact]
    public void Extract_truncated_pdf_is_rejected_as_corrupt()
    {
        var bytes = FilledFixtures.Read("pdf/gb2021-filled.pdf");

        var outcome = ReportParser.CreateDefault().Parse(new RawFile(bytes.AsMemory(0, bytes.Length / 3), "t.pdf"), TestContext.Current.CancellationToken);

        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.CorruptFile, outcome.Rejection.ReasonCode);
    }

    [Fact]
    public void Extract_pdf_without_text_layer_is_rejected_as_needing_ocr()
    {
        var outcome = new PdfExtractor().Extract(new RawFile(MiniPdf.Build([[]]), "scan.pdf"), TestContext.Current.CancellationToken);

        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.NoTextLayer, outcome.Rejection.ReasonCode);
        Assert.Contains("OCR", outcome.Rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_more_pages_than_the_cap_is_rejected_as_too_large()
    {
        var outcome = new PdfExtractor(maxPages: 2).Extract(new RawFile(FilledFixtures.Read("pdf/gb2021-filled.pdf"), "big.pdf"), TestContext.Current.CancellationToken);

        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.TooLarge, outcome.Rejection.ReasonCode);
    }

    [Fact]
    public void Extract_lines_without_rules_fall_back_to_column_alignment()
    {
        var document = Extract(MiniPdf.Build([[(72, 700, "Rules"), (72, 680, "alpha"), (200, 680, "10"), (300, 680, "20"), (72, 665, "beta"), (200, 665, "30"), (300, 665, "40")]]));

        var table = Assert.Single(document.Blocks.OfType<TableBlock>());
        Assert.Equal(["alpha", "10", "20", "beta", "30", "40"], table.Cells.OrderBy(c => c.Row).ThenBy(c => c.Column).Select(c => c.Text));
        Assert.Equal(3, table.ColumnCount);
    }

    private static ExtractedDocument Extract(byte[] bytes)
    {
        var outcome = new PdfExtractor().Extract(new RawFile(bytes, "x.pdf"), TestContext.Current.CancellationToken);
        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        return outcome.Value;
    }
}

/// <summary>The filled-template fixtures (see Fixtures/README.md) and the value written into every cell.</summary>
internal static class FilledFixtures
{
    private static readonly string[] Entities =
        ["naturalPerson", "legalPerson.commercial", "legalPerson.research", "legalPerson.social", "legalPerson.legal", "legalPerson.other", "total"];

    public static byte[] Read(string relative)
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);
        return File.ReadAllBytes(File.Exists(copied) ? copied : Path.Combine(TestFiles.RepositoryRoot, "tests", "IngestionPipeline.Core.Tests", "Fixtures", relative));
    }

    public static CanonicalReport Parse(string relative)
    {
        var outcome = ReportParser.CreateDefault().Parse(new RawFile(Read(relative), Path.GetFileName(relative)), TestContext.Current.CancellationToken);
        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        return outcome.Value;
    }

    /// <summary>Path → raw text written by make_fixtures.py: table 二 as listed, table 三 100 + 10·row + column, table 四 501…515.</summary>
    public static Dictionary<string, string> ExpectedGb2021() =>
        Expected(TemplateVersion.Gb2021, ["11", "12", "13", "14", "15", "16", "17", "18", "19", "3.25"]);

    public static Dictionary<string, string> ExpectedGb2019() =>
        Expected(TemplateVersion.Gb2019, ["21", "22", "23", "24", "25", "26", "27", "增加3", "28", "29", "减少2", "30", "31", "-4", "32", "33", "+5", "34", "35", "0", "36", "83.42"]);

    public static void AssertEveryCell(CanonicalReport report, IReadOnlyDictionary<string, string> expected, Func<string, bool>? only = null)
    {
        var wrong = expected
            .Where(kv => only?.Invoke(kv.Key) ?? true)
            .Where(kv => Compact(report[kv.Key].Raw) != kv.Value || report[kv.Key].Semantic is not (CellSemantic.Numeric or CellSemantic.Zero))
            .Select(kv => $"{kv.Key}: expected {kv.Value}, got {report[kv.Key].Raw ?? "null"} ({report[kv.Key].Semantic})")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static Dictionary<string, string> Expected(TemplateVersion version, string[] table2)
    {
        var paths = TestFiles.ContractPaths(version);
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        var t2 = paths.Where(p => p.StartsWith("activeDisclosure.", StringComparison.Ordinal)).ToList();
        Assert.Equal(t2.Count, table2.Length);
        for (var i = 0; i < t2.Count; i++)
        {
            expected[t2[i]] = table2[i];
        }

        var rows = paths.Where(p => p.StartsWith("applications.naturalPerson.", StringComparison.Ordinal)).Select(p => p["applications.naturalPerson.".Length..]).ToList();
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < Entities.Length; c++)
            {
                expected[$"applications.{Entities[c]}.{rows[r]}"] = (100 + (10 * r) + c).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var t4 = paths.Where(p => p.StartsWith("reviewLitigation.", StringComparison.Ordinal)).ToList();
        for (var i = 0; i < t4.Count; i++)
        {
            expected[t4[i]] = (501 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal(paths.Length, expected.Count);
        return expected;
    }

    private static string? Compact(string? raw) => raw is null ? null : string.Concat(raw.Where(c => !char.IsWhiteSpace(c)));
}

/// <summary>Writes tiny PDFs (Helvetica text at given positions, or no text at all) with a correct xref table.</summary>
internal static class MiniPdf
{
    public static byte[] Build(IReadOnlyList<IReadOnlyList<(double X, double Y, string Text)>> pages)
    {
        var objects = new List<string> { "<< /Type /Catalog /Pages 2 0 R >>", string.Empty, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>" };
        var kids = new List<int>();
        foreach (var page in pages)
        {
            var content = new StringBuilder("0.5 w 50 50 m 100 100 l S\n");
            foreach (var (x, y, text) in page)
            {
                content.Append(System.Globalization.CultureInfo.InvariantCulture, $"BT /F1 10 Tf {x} {y} Td ({text}) Tj ET\n");
            }

            objects.Add($"<< /Length {content.Length} >>\nstream\n{content}endstream");
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {objects.Count} 0 R >>");
            kids.Add(objects.Count);
        }

        objects[1] = $"<< /Type /Pages /Kids [{string.Join(" ", kids.Select(k => $"{k} 0 R"))}] /Count {kids.Count} >>";
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}

using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Extraction.Docx;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;
using TableCell = DocumentFormat.OpenXml.Wordprocessing.TableCell;
using XCell = IngestionPipeline.Core.Extraction.TableCell;

namespace IngestionPipeline.Core.Tests.Extraction;

public class DocxExtractorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Extract_official_template_tables_get_gridSpan_and_vMerge_spans()
    {
        var document = Extract(DocxTemplateFiller.BlankTemplate());

        Assert.Equal("docx@1", document.Extractor);
        var tables = document.Blocks.OfType<TableBlock>().ToList();
        Assert.Equal(3, tables.Count);

        var t2 = tables[0];
        Assert.Equal(4, t2.ColumnCount);
        AssertCell(t2, 0, 0, "第二十条第（一）项", rowSpan: 1, colSpan: 4);
        AssertCell(t2, 5, 1, "本年处理决定数量", rowSpan: 1, colSpan: 3);
        AssertCell(t2, 6, 1, string.Empty, rowSpan: 1, colSpan: 3);

        var t3 = tables[1];
        Assert.Equal(28, t3.RowCount);
        Assert.Equal(10, t3.ColumnCount);
        Assert.StartsWith("（本列数据的勾稽关系为", Cell(t3, 0, 0).Text, StringComparison.Ordinal);
        AssertCell(t3, 0, 0, Cell(t3, 0, 0).Text, rowSpan: 3, colSpan: 3);
        AssertCell(t3, 0, 3, "申请人情况", rowSpan: 1, colSpan: 7);
        AssertCell(t3, 1, 3, "自然人", rowSpan: 2, colSpan: 1);
        AssertCell(t3, 1, 4, "法人或其他组织", rowSpan: 1, colSpan: 5);
        AssertCell(t3, 1, 9, "总计", rowSpan: 2, colSpan: 1);
        AssertCell(t3, 2, 4, "商业\n企业", rowSpan: 1, colSpan: 1);
        AssertCell(t3, 2, 8, "其他", rowSpan: 1, colSpan: 1);
        AssertCell(t3, 5, 0, "三、本年度办理结果", rowSpan: 22, colSpan: 1);
        AssertCell(t3, 7, 1, "（三）不予公开", rowSpan: 8, colSpan: 1);
        AssertCell(t3, 7, 2, "1.属于国家秘密", rowSpan: 1, colSpan: 1);
        AssertCell(t3, 15, 1, "（四）无法提供", rowSpan: 3, colSpan: 1);
        AssertCell(t3, 23, 1, "（六）其他处理", rowSpan: 3, colSpan: 1);
        AssertCell(t3, 26, 1, "（七）总计", rowSpan: 1, colSpan: 2);
        AssertCell(t3, 27, 0, "四、结转下年度继续办理", rowSpan: 1, colSpan: 3);
        Assert.Equal(Enumerable.Range(3, 7), t3.Cells.Where(c => c.Row == 3 && c.Column >= 3).Select(c => c.Column));

        // Continuation cells are covered by their restart cell, never emitted.
        Assert.DoesNotContain(t3.Cells, c => c.Row == 8 && c.Column <= 1);
        var t4 = tables[2];
        Assert.Equal(15, t4.ColumnCount);
        AssertCell(t4, 1, 0, "结果维持", rowSpan: 2, colSpan: 1);
        AssertCell(t4, 1, 5, "未经复议直接起诉", rowSpan: 1, colSpan: 5);
        AssertCell(t4, 2, 5, "结果\n维持", rowSpan: 1, colSpan: 1);
        Assert.Equal(15, t4.Cells.Count(c => c.Row == 3));

        var texts = document.Blocks.OfType<TextBlock>().Select(b => b.Text).ToList();
        Assert.Contains("二、主动公开政府信息情况", texts);
        Assert.True(texts.IndexOf("二、主动公开政府信息情况") < texts.IndexOf("三、收到和处理政府信息公开申请情况"));
    }

    [Fact]
    public void Parse_filled_official_template_reads_every_one_of_the_200_cells()
    {
        var values = DocxTemplateFiller.Gb2021Values();
        var bytes = DocxTemplateFiller.FilledGb2021(values);

        var outcome = ReportParser.CreateDefault().Parse(new RawFile(bytes, "filled.docx"), Ct);

        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        var report = outcome.Value;
        Assert.Equal(DocxTemplateFiller.Title, report.Meta.Title);
        Assert.Equal(2023, report.Meta.Year);
        Assert.Equal(TemplateVersion.Gb2021, report.Meta.TemplateVersion);
        Assert.Equal("docx@1", report.Provenance.Extractor);
        Assert.Equal(200, values.Count);
        CellAssert.AllPlaced(report, values);
        Assert.Equal("万元", report.Cells["activeDisclosure.fees.amount"].Unit);
    }

    [Fact]
    public void Extract_gridBefore_and_gridSpan_place_cells_on_the_grid()
    {
        var bytes = BuildDocx(body =>
        {
            var table = new Table(new TableGrid(new GridColumn(), new GridColumn(), new GridColumn(), new GridColumn()));
            table.Append(new TableRow(Tc("a", span: 2), Tc("b"), Tc("c")));
            var shifted = new TableRow(new TableRowProperties(new GridBefore { Val = 1 }), Tc("d"), Tc("e", span: 2));
            table.Append(shifted);
            table.Append(new TableRow(Tc("f", vMerge: MergedCellValues.Restart), Tc("g"), Tc("h"), Tc("i")));
            table.Append(new TableRow(Tc(string.Empty, vMerge: MergedCellValues.Continue), Tc("j"), Tc("k"), Tc("l")));
            table.Append(new TableRow(Tc(string.Empty, vMerge: null, vMergeContinueWithoutVal: true), Tc("m", span: 3)));
            body.Append(table);
        });

        var table = Assert.Single(Extract(bytes).Blocks.OfType<TableBlock>());

        AssertCell(table, 0, 0, "a", 1, 2);
        AssertCell(table, 0, 2, "b", 1, 1);
        AssertCell(table, 0, 3, "c", 1, 1);
        AssertCell(table, 1, 1, "d", 1, 1);
        AssertCell(table, 1, 2, "e", 1, 2);
        AssertCell(table, 2, 0, "f", 3, 1);
        AssertCell(table, 3, 1, "j", 1, 1);
        AssertCell(table, 4, 1, "m", 1, 3);
        Assert.DoesNotContain(table.Cells, c => c.Row is 3 or 4 && c.Column == 0);
    }

    [Fact]
    public void Extract_visible_text_of_controls_links_fields_and_insertions_kept_deletions_and_bookmarks_dropped()
    {
        var bytes = BuildDocx(body =>
        {
            body.Append(new Paragraph(
                new BookmarkStart { Name = "_GoBack", Id = "0" },
                new BookmarkEnd { Id = "0" },
                new Run(new Text("某某县")),
                new DeletedRun(new Run(new DeletedText("删除的"))) { Author = "x", Id = "1" },
                new InsertedRun(new Run(new Text("卫生健康局"))) { Author = "x", Id = "2" },
                new Hyperlink(new Run(new Text("2023年"))) { Id = "rIdLink" },
                new SimpleField(new Run(new Text("政府信息公开"))) { Instruction = "DOCPROPERTY Title" },
                new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }),
                new Run(new FieldCode(" PAGE ")),
                new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }),
                new Run(new Text("工作年度报告")),
                new Run(new FieldChar { FieldCharType = FieldCharValues.End })));
            body.Append(new SdtBlock(new SdtProperties(new SdtAlias { Val = "控件" }), new SdtContentBlock(new Paragraph(new Run(new Text("控件里的段落"))))));
            body.Append(new Paragraph(new SdtRun(new SdtContentRun(new Run(new Text("行内控件"))))));
            body.Append(new Paragraph(new Run(new Text("第一行"), new Break(), new Text("第二行"))));
        });

        var texts = Extract(bytes).Blocks.OfType<TextBlock>().Select(b => b.Text).ToList();

        Assert.Equal(["某某县卫生健康局2023年政府信息公开工作年度报告", "控件里的段落", "行内控件", "第一行", "第二行"], texts);
        Assert.DoesNotContain(texts, t => t.Contains("bookmark", StringComparison.OrdinalIgnoreCase) || t.Contains("PAGE", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_layout_table_around_the_report_emits_the_inner_tables()
    {
        var bytes = BuildDocx(body =>
        {
            var inner = new Table(new TableRow(Tc("规章"), Tc("1"), Tc("2"), Tc("3")), new TableRow(Tc("行政规范性文件"), Tc("4"), Tc("5"), Tc("6")));
            var cell = new TableCell(new Paragraph(new Run(new Text("二、主动公开政府信息情况"))), inner, new Paragraph());
            body.Append(new Table(new TableRow(cell)));
        });

        var blocks = Extract(bytes).Blocks;

        Assert.Equal("二、主动公开政府信息情况", Assert.IsType<TextBlock>(blocks[0]).Text);
        var table = Assert.IsType<TableBlock>(blocks[1]);
        Assert.Equal(2, table.RowCount);
        AssertCell(table, 1, 3, "6", 1, 1);
    }

    [Fact]
    public void Extract_tab_separated_paragraphs_become_table_rows()
    {
        var bytes = BuildDocx(body =>
        {
            body.Append(new Paragraph(new Run(new Text("规章"), new TabChar(), new Text("0"), new TabChar(), new Text("7"))));
            body.Append(new Paragraph(new Run(new TabChar(), new Text("一、总体情况"))));
        });

        var blocks = Extract(bytes).Blocks;

        var table = Assert.IsType<TableBlock>(blocks[0]);
        Assert.Equal(["规章", "0", "7"], table.Cells.Select(c => c.Text));
        Assert.Equal("一、总体情况", Assert.IsType<TextBlock>(blocks[1]).Text);
    }

    [Fact]
    public void Parse_truncated_docx_is_rejected_as_corrupt()
    {
        var bytes = DocxTemplateFiller.BlankTemplate();
        var truncated = bytes[..(bytes.Length / 2)];

        AssertRejected(truncated, ReasonCodes.CorruptFile);
    }

    [Fact]
    public void Parse_docx_with_garbage_entry_data_is_rejected_as_corrupt()
    {
        var bytes = DocxTemplateFiller.BlankTemplate();
        var damaged = (byte[])bytes.Clone();
        var random = new Random(7);
        for (var i = 200; i < damaged.Length - 2000; i += 97)
        {
            damaged[i] = (byte)random.Next(256);
        }

        AssertRejected(damaged, ReasonCodes.CorruptFile);
    }

    [Fact]
    public void Parse_word_zip_without_document_part_is_rejected_as_corrupt()
    {
        var bytes = Zip(("[Content_Types].xml", Encoding.UTF8.GetBytes("<Types/>")), ("word/styles.xml", Encoding.UTF8.GetBytes("<x/>")));

        AssertRejected(bytes, ReasonCodes.CorruptFile);
    }

    [Fact]
    public void Parse_zip_bomb_part_is_rejected_as_too_large()
    {
        // A valid document plus one part of 24 MB of zeros (≈ 1000× compression).
        var bytes = AddEntry(DocxTemplateFiller.BlankTemplate(), "word/media/bomb.xml", 24 * 1024 * 1024);

        AssertRejected(bytes, ReasonCodes.TooLarge);
    }

    [Fact]
    public void Extract_package_inflating_beyond_the_total_limit_is_rejected_as_too_large()
    {
        // Incompressible parts under the ratio check; together they pass the (here lowered) total limit.
        var bytes = DocxTemplateFiller.BlankTemplate();
        for (var i = 0; i < 3; i++)
        {
            bytes = AddEntry(bytes, $"word/media/image{i}.png", 2 * 1024 * 1024, random: i);
        }

        Assert.True(new DocxExtractor(8L * 1024 * 1024).Extract(new RawFile(bytes, "ok.docx"), Ct).IsSuccess);
        var outcome = new DocxExtractor(5L * 1024 * 1024).Extract(new RawFile(bytes, "big.docx"), Ct);

        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.TooLarge, outcome.Rejection.ReasonCode);
    }

    [Fact]
    public void Parse_password_protected_docx_is_rejected_as_encrypted()
    {
        var bytes = EncryptedOoxmlContainer();

        Assert.Equal(FormatDetector.Docx, FormatDetector.Detect(bytes));
        AssertRejected(bytes, ReasonCodes.Encrypted);
    }

    [Fact]
    public void Detect_plain_ole_document_is_still_doc()
    {
        var bytes = EncryptedOoxmlContainer();
        var utf16 = Encoding.Unicode.GetBytes("EncryptedPackage");
        var at = bytes.AsSpan().IndexOf(utf16);
        Encoding.Unicode.GetBytes("WordDocument\0\0\0\0").CopyTo(bytes, at);

        Assert.Equal(FormatDetector.Doc, FormatDetector.Detect(bytes));
    }

    internal static ExtractedDocument Extract(byte[] bytes)
    {
        var outcome = new DocxExtractor().Extract(new RawFile(bytes, "t.docx"), Ct);
        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        return outcome.Value;
    }

    private static void AssertRejected(byte[] bytes, string reasonCode)
    {
        var outcome = ReportParser.CreateDefault().Parse(new RawFile(bytes, "x.docx"), Ct);
        Assert.False(outcome.IsSuccess);
        Assert.Equal(reasonCode, outcome.Rejection.ReasonCode);
    }

    private static XCell Cell(TableBlock table, int row, int column) => Assert.Single(table.Cells, c => c.Row == row && c.Column == column);

    private static void AssertCell(TableBlock table, int row, int column, string text, int rowSpan, int colSpan)
    {
        var cell = Cell(table, row, column);
        Assert.Equal(text, cell.Text);
        Assert.Equal(rowSpan, cell.RowSpan);
        Assert.Equal(colSpan, cell.ColumnSpan);
    }

    private static TableCell Tc(string text, int span = 1, MergedCellValues? vMerge = null, bool vMergeContinueWithoutVal = false)
    {
        var properties = new TableCellProperties();
        if (span > 1)
        {
            properties.Append(new GridSpan { Val = span });
        }

        if (vMerge is { } merge)
        {
            properties.Append(new VerticalMerge { Val = merge });
        }
        else if (vMergeContinueWithoutVal)
        {
            properties.Append(new VerticalMerge());
        }

        return new TableCell(properties, new Paragraph(new Run(new Text(text))));
    }

    internal static byte[] BuildDocx(Action<Body> fill)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            fill(body);
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static byte[] Zip(params (string Name, byte[] Data)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(data);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Adds an entry of <paramref name="size"/> bytes (zeros, or random bytes with a seed) to an existing zip.</summary>
    private static byte[] AddEntry(byte[] zipBytes, string name, int size, int? random = null)
    {
        using var stream = new MemoryStream();
        stream.Write(zipBytes);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(name, random is null ? CompressionLevel.Optimal : CompressionLevel.NoCompression).Open();
            var chunk = new byte[1024 * 1024];
            if (random is { } seed)
            {
                new Random(seed).NextBytes(chunk);
            }

            for (var written = 0; written < size; written += chunk.Length)
            {
                entry.Write(chunk, 0, Math.Min(chunk.Length, size - written));
            }
        }

        return stream.ToArray();
    }

    /// <summary>
    /// A minimal OLE compound file laid out like an encrypted OOXML package (MS-OFFCRYPTO): a root entry,
    /// EncryptionInfo and EncryptedPackage streams. Enough for format detection; the payload is dummy.
    /// </summary>
    internal static byte[] EncryptedOoxmlContainer()
    {
        const int sector = 512;
        var bytes = new byte[sector * 4];
        byte[] magic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        magic.CopyTo(bytes, 0);
        void U16(int at, int v) => BitConverter.GetBytes((ushort)v).CopyTo(bytes, at);
        void U32(int at, uint v) => BitConverter.GetBytes(v).CopyTo(bytes, at);
        U16(0x18, 0x3E);
        U16(0x1A, 3);
        U16(0x1C, 0xFFFE);
        U16(0x1E, 9);
        U16(0x20, 6);
        U32(0x2C, 1); // FAT sectors
        U32(0x30, 1); // first directory sector
        U32(0x38, 4096);
        U32(0x3C, 0xFFFFFFFE);
        U32(0x44, 0xFFFFFFFE);
        U32(0x4C, 0); // DIFAT[0] = sector 0
        for (var i = 1; i < 109; i++)
        {
            U32(0x4C + (i * 4), 0xFFFFFFFF);
        }

        // Sector 0 (file offset 512): FAT.
        var fat = sector;
        U32(fat, 0xFFFFFFFD);
        U32(fat + 4, 0xFFFFFFFE);
        U32(fat + 8, 0xFFFFFFFE);
        for (var i = 3; i < 128; i++)
        {
            U32(fat + (i * 4), 0xFFFFFFFF);
        }

        // Sector 1: directory entries.
        var dir = sector * 2;
        void Entry(int index, string name, byte type, uint child, uint left, uint right, uint start, uint size)
        {
            var at = dir + (index * 128);
            var n = Encoding.Unicode.GetBytes(name + "\0");
            n.CopyTo(bytes, at);
            U16(at + 0x40, n.Length);
            bytes[at + 0x42] = type;
            bytes[at + 0x43] = 1;
            U32(at + 0x44, left);
            U32(at + 0x48, right);
            U32(at + 0x4C, child);
            U32(at + 0x74, start);
            U32(at + 0x78, size);
        }

        Entry(0, "Root Entry", 5, 1, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFE, 0);
        Entry(1, "EncryptionInfo", 2, 0xFFFFFFFF, 0xFFFFFFFF, 2, 0xFFFFFFFE, 0);
        Entry(2, "EncryptedPackage", 2, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 2, 512);
        return bytes;
    }
}

/// <summary>Asserts that a parsed report holds exactly the values written into the source.</summary>
internal static class CellAssert
{
    public static void AllPlaced(CanonicalReport report, IReadOnlyDictionary<string, string> expected)
    {
        var wrong = new List<string>();
        foreach (var (path, raw) in expected)
        {
            var want = decimal.Parse(raw.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            if (!report.Cells.TryGetValue(path, out var cell) || cell.Value != want || cell.Semantic is not (CellSemantic.Numeric or CellSemantic.Zero))
            {
                wrong.Add($"{path}: expected {raw}, got {cell?.Semantic} {cell?.Value} raw='{cell?.Raw}'");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {expected.Count} cells wrong:\n" + string.Join('\n', wrong));
    }
}

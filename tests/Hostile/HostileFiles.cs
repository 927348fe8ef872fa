using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace IngestionPipeline.Testing;

/// <summary>One hostile file and the outcomes it may end in (any of them: what matters is a clean, stated end).</summary>
internal sealed record HostileFile(string Name, string[] AllowedOutcomes, Func<byte[]> Create)
{
    /// <summary>The file was parsed into a report.</summary>
    public const string Report = "REPORT";
}

/// <summary>
/// The hostile-input set of issue 13, generated (nothing large is committed): files made small or pathological on
/// purpose to crash, hang or balloon a parser. Written to disk by <c>tools/hostile/generate.sh</c>; the tests of
/// the CLI (<c>ingest parse</c>, one process per file) and of the RabbitMQ workers build it in memory.
/// </summary>
internal static class HostileFiles
{
    private const string TooLarge = "TOO_LARGE";
    private const string Crashed = "EXTRACTOR_CRASHED";
    private const string Timeout = "EXTRACTION_TIMEOUT";
    private const string Corrupt = "CORRUPT_FILE";
    private const string NoText = "NO_TEXT_LAYER";
    private const string NotAReport = "NOT_A_REPORT";
    private const string Encrypted = "ENCRYPTED";
    private const string Unsupported = "UNSUPPORTED_FORMAT";

    public static IReadOnlyList<HostileFile> All { get; } =
    [
        // PDF object graphs that make a naive reader recurse forever.
        new("pdf-contents-reference-cycle.pdf", [Corrupt, Crashed], ContentsReferenceCycle),
        new("pdf-page-tree-cycle.pdf", [Corrupt, Crashed, NoText], PageTreeCycle),
        new("pdf-page-tree-deep.pdf", [Corrupt, Crashed, NoText, TooLarge], () => PageTreeDeep(20_000)),
        new("pdf-page-tree-huge.pdf", [TooLarge, Corrupt, Timeout], () => PageTreeWide(100_000)),
        new("pdf-xobject-deep.pdf", [Corrupt, Crashed, NoText, NotAReport, Timeout], () => XObjectChain(5_000)),
        new("pdf-xobject-deep-indirect-resources.pdf", [Corrupt, Crashed, NoText, NotAReport, Timeout], () => XObjectChainIndirect(5_000)),
        new("pdf-xobject-self.pdf", [Corrupt, Crashed, NoText, NotAReport, Timeout], XObjectSelf),

        // Decompression amplification.
        new("pdf-flate-bomb.pdf", [TooLarge, NoText, Corrupt, Timeout], () => FlateBombPdf(1L << 30)),
        new("docx-huge-document-xml.docx", [TooLarge, Timeout, NotAReport], () => DocxManyCells(190L * 1024 * 1024)),
        new("docx-zip-bomb.docx", [TooLarge], () => DocxZipBomb(1L << 30)),
        new("text-60mb.txt", [TooLarge, NotAReport], () => Text(60 * 1024 * 1024)),

        // Unbounded work.
        new("pdf-dense-ruling-grid.pdf", [NotAReport, NoText, TooLarge, Timeout, Corrupt], () => DenseRulingGrid(20_000)),
        new("html-deep-nesting.html", [HostileFile.Report, NotAReport, Corrupt, TooLarge], () => DeepHtml(200_000)),

        // Damaged and locked files.
        new("pdf-truncated-xref.pdf", [Corrupt, NoText, NotAReport], TruncatedPdf),
        new("pdf-encrypted-unknown-password.pdf", [Encrypted, Corrupt], EncryptedPdf),
        new("docx-truncated.docx", [Corrupt, Unsupported], TruncatedDocx),
        new("pdf-header-then-junk.pdf", [Corrupt, NoText], () => [.. "%PDF-1.7\n"u8, .. Junk(200_000)]),
    ];

    /// <summary>Writes every file of the set into <paramref name="directory"/> (tools/hostile/generate.sh).</summary>
    public static void WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in All)
        {
            File.WriteAllBytes(Path.Combine(directory, file.Name), file.Create());
        }
    }

    /// <summary>The 453-byte class of issue 13: a page's /Contents is 5 0 R, which is 6 0 R, which is 5 0 R.</summary>
    private static byte[] ContentsReferenceCycle() => Pdf(
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R >>",
        "<< >>",
        "6 0 R",
        "5 0 R");

    /// <summary>A /Pages node whose kid is its own parent.</summary>
    private static byte[] PageTreeCycle() => Pdf(
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>");

    /// <summary>A page tree <paramref name="depth"/> levels deep with one page at the bottom.</summary>
    private static byte[] PageTreeDeep(int depth)
    {
        var objects = new List<string> { "<< /Type /Catalog /Pages 2 0 R >>" };
        for (var level = 0; level < depth; level++)
        {
            var self = objects.Count + 1;
            objects.Add(Invariant($"<< /Type /Pages /Kids [{self + 1} 0 R] /Count 1 >>"));
        }

        objects.Add("<< /Type /Page /MediaBox [0 0 612 792] >>");
        return Pdf([.. objects]);
    }

    /// <summary>One /Pages node with <paramref name="pages"/> kids.</summary>
    private static byte[] PageTreeWide(int pages)
    {
        var kids = new StringBuilder();
        for (var i = 0; i < pages; i++)
        {
            kids.Append(CultureInfo.InvariantCulture, $"{i + 3} 0 R ");
        }

        var objects = new List<string> { "<< /Type /Catalog /Pages 2 0 R >>", Invariant($"<< /Type /Pages /Kids [{kids}] /Count {pages} >>") };
        for (var i = 0; i < pages; i++)
        {
            objects.Add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>");
        }

        return Pdf([.. objects]);
    }

    /// <summary>Form XObjects each drawing the next, <paramref name="depth"/> deep.</summary>
    private static byte[] XObjectChain(int depth)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /X 5 0 R >> >> >>",
            Stream("/X Do"),
        };
        for (var i = 0; i < depth; i++)
        {
            var next = objects.Count + 2;
            var resources = i == depth - 1 ? "<< >>" : Invariant($"<< /XObject << /X {next} 0 R >> >>");
            objects.Add(Stream("/X Do", Invariant($"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources {resources}")));
        }

        return Pdf([.. objects]);
    }

    /// <summary>
    /// As <see cref="XObjectChain"/>, but each form's resources are an indirect object: the shape the PDF pre-scan
    /// does not follow, so in process it still overflows PdfPig's stack (the sandbox's case, and the redelivery
    /// guard's when extraction runs in process).
    /// </summary>
    public static byte[] XObjectChainIndirect(int depth)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /X 5 0 R >> >> >>",
            Stream("/X Do"),
        };

        // Objects 5, 7, 9, …: the forms; 6, 8, 10, …: their resource dictionaries.
        for (var i = 0; i < depth; i++)
        {
            var form = objects.Count + 1;
            objects.Add(Stream("/X Do", Invariant($"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources {form + 1} 0 R")));
            objects.Add(i == depth - 1 ? "<< >>" : Invariant($"<< /XObject << /X {form + 2} 0 R >> >>"));
        }

        return Pdf([.. objects]);
    }

    /// <summary>A form XObject that draws itself.</summary>
    private static byte[] XObjectSelf() => Pdf(
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /X 5 0 R >> >> >>",
        Stream("/X Do"),
        Stream("/X Do", "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X 5 0 R >> >>"));

    /// <summary>A page whose content stream inflates to <paramref name="inflated"/> bytes of spaces (~1000:1).</summary>
    private static byte[] FlateBombPdf(long inflated)
    {
        var compressed = Deflate(inflated, zlib: true);
        var head = Encoding.ASCII.GetBytes("%PDF-1.4\n");
        var parts = new List<byte[]> { head };
        var offsets = new List<long>();
        long position = head.Length;
        void Add(byte[] bytes)
        {
            parts.Add(bytes);
            position += bytes.Length;
        }

        foreach (var body in new[] { "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>" })
        {
            offsets.Add(position);
            Add(Encoding.ASCII.GetBytes(Invariant($"{offsets.Count} 0 obj\n{body}\nendobj\n")));
        }

        offsets.Add(position);
        Add(Encoding.ASCII.GetBytes(Invariant($"4 0 obj\n<< /Length {compressed.Length} /Filter /FlateDecode >>\nstream\n")));
        Add(compressed);
        Add("\nendstream\nendobj\n"u8.ToArray());
        Add(Xref(offsets, position));
        return [.. parts.SelectMany(p => p)];
    }

    /// <summary>A DOCX whose document.xml is <paramref name="xmlBytes"/> of one-character table cells.</summary>
    public static byte[] DocxManyCells(long xmlBytes)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            AddDocxBoilerplate(zip);
            var entry = zip.CreateEntry("word/document.xml", CompressionLevel.Fastest);
            using var stream = entry.Open();
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:tbl>");
            const string row = "<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr>";
            for (long written = 0; written < xmlBytes; written += row.Length)
            {
                writer.Write(row);
            }

            writer.Write("</w:tbl></w:body></w:document>");
        }

        return memory.ToArray();
    }

    /// <summary>A DOCX whose document.xml inflates to <paramref name="inflated"/> bytes (an extreme ratio).</summary>
    private static byte[] DocxZipBomb(long inflated)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            AddDocxBoilerplate(zip);
            using var stream = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            stream.Write("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>"u8);
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'a');
            for (long written = 0; written < inflated; written += chunk.Length)
            {
                stream.Write(chunk);
            }

            stream.Write("</w:t></w:r></w:p></w:body></w:document>"u8);
        }

        return memory.ToArray();
    }

    private static void AddDocxBoilerplate(ZipArchive zip)
    {
        void Entry(string name, string content)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(content);
        }

        Entry("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
        Entry("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
    }

    /// <summary>A report-like text line repeated to <paramref name="bytes"/> bytes.</summary>
    private static byte[] Text(int bytes)
    {
        var line = Encoding.UTF8.GetBytes("某某县人民政府办公室2023年政府信息公开工作年度报告 主动公开政府信息 1 2 3 4 5\n");
        var content = new byte[bytes / line.Length * line.Length];
        for (var offset = 0; offset < content.Length; offset += line.Length)
        {
            line.CopyTo(content.AsSpan(offset));
        }

        return content;
    }

    /// <summary>One page with <paramref name="segments"/> short ruling lines (a dense grid) and a line of text.</summary>
    private static byte[] DenseRulingGrid(int segments)
    {
        var content = new StringBuilder("BT /F1 10 Tf 50 760 Td (Annual report 2023) Tj ET\n0.1 w\n");
        var perRow = (int)Math.Sqrt(segments / 2.0);
        var step = 500.0 / perRow;
        var drawn = 0;
        for (var i = 0; i < perRow && drawn < segments; i++)
        {
            for (var j = 0; j < perRow && drawn < segments; j++, drawn += 2)
            {
                var x = 50 + (j * step);
                var y = 100 + (i * step);
                content.Append(CultureInfo.InvariantCulture, $"{x:0.###} {y:0.###} m {x + step:0.###} {y:0.###} l S {x:0.###} {y:0.###} m {x:0.###} {y + step:0.###} l S\n");
            }
        }

        return Pdf(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            Stream(content.ToString()),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    }

    private static byte[] DeepHtml(int depth)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>2023年政府信息公开工作年度报告</title></head><body>");
        html.Insert(html.Length, "<div>", depth);
        html.Append("2023年政府信息公开工作年度报告");
        html.Insert(html.Length, "</div>", depth);
        html.Append("</body></html>");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    private static byte[] TruncatedPdf()
    {
        var whole = DenseRulingGrid(200);
        return whole[..(whole.Length - 120)];
    }

    /// <summary>Standard security handler, revision 3, with an owner/user key that no empty password opens.</summary>
    private static byte[] EncryptedPdf()
    {
        var o = new string('A', 64);
        var u = new string('B', 64);
        var body = Pdf(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            Stream("BT /F1 10 Tf 50 760 Td (secret) Tj ET"),
            Invariant($"<< /Filter /Standard /V 2 /R 3 /Length 128 /O <{o}> /U <{u}> /P -3904 >>"));
        var text = Encoding.Latin1.GetString(body).Replace("/Root 1 0 R", "/Root 1 0 R /Encrypt 5 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]", StringComparison.Ordinal);
        return Encoding.Latin1.GetBytes(text);
    }

    private static byte[] TruncatedDocx()
    {
        var whole = DocxManyCells(64 * 1024);
        return whole[..(whole.Length / 2)];
    }

    private static byte[] Junk(int length)
    {
        var bytes = new byte[length];
        new Random(13).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Deflate(long inflated, bool zlib)
    {
        using var memory = new MemoryStream();
        using (Stream compressor = zlib ? new ZLibStream(memory, CompressionLevel.SmallestSize, leaveOpen: true) : new DeflateStream(memory, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)' ');
            for (long written = 0; written < inflated; written += chunk.Length)
            {
                compressor.Write(chunk);
            }
        }

        return memory.ToArray();
    }

    private static string Stream(string content, string? dictionary = null) =>
        Invariant($"<< {dictionary} /Length {Encoding.Latin1.GetByteCount(content)} >>\nstream\n{content}\nendstream");

    /// <summary>A PDF of the given object bodies, numbered from 1, with a correct xref table.</summary>
    private static byte[] Pdf(params string[] objects)
    {
        var output = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(output.Length);
            output.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var bytes = Encoding.Latin1.GetBytes(output.ToString());
        return [.. bytes, .. Xref(offsets, bytes.Length)];
    }

    private static byte[] Xref(List<long> offsets, long position)
    {
        var xref = new StringBuilder(Invariant($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n"));
        foreach (var offset in offsets)
        {
            xref.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        xref.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{position}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(xref.ToString());
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}

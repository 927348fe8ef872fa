using System.IO.Compression;
using System.Text;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Testing;

namespace IngestionPipeline.IntegrationTests.Malformed;

/// <summary>One hostile input and how the pipeline must end it: a rejection with <see cref="ExpectedCode"/>, or stored (null).</summary>
public sealed record MalformedCase(string FileName, byte[] Content, string? ExpectedCode)
{
    public const string Stored = "STORED";

    public string Expected => ExpectedCode ?? Stored;
}

/// <summary>
/// The malformed-input corpus, generated in code (nothing but the generator is committed): broken and hostile
/// variants of the seed samples and of the extractor fixtures of IngestionPipeline.Core.Tests, plus junk.
/// The over-limit file (64 MB + 1) is made at test time by <see cref="OverLimit"/>.
/// </summary>
public static class MalformedCorpus
{
    static MalformedCorpus()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    private static string Fixture(string relative) => Path.Combine(RepositoryPaths.Root, "tests", "IngestionPipeline.Core.Tests", "Fixtures", relative);

    public static IReadOnlyList<MalformedCase> Build()
    {
        var sample = File.ReadAllText(RepositoryPaths.SampleFiles[0], Encoding.UTF8);
        var sampleLines = sample.Split('\n');
        var pdf = File.ReadAllBytes(Fixture("pdf/gb2021-filled.pdf"));
        var doc = File.ReadAllBytes(Fixture("doc/gb2021-filled.doc"));
        var docx = File.ReadAllBytes(Fixture("docx/template-2021-blank.docx"));
        var random = new Random(20250101);
        byte[] Junk(int n)
        {
            var b = new byte[n];
            random.NextBytes(b);
            return b;
        }

        var gbk = Encoding.GetEncoding("GBK");
        var title = "某某县人民政府办公室2023年政府信息公开工作年度报告";
        var png = Png();
        var cases = new List<MalformedCase>
        {
            // Empty and near-empty.
            new("empty.pdf", [], ReasonCodes.EmptyFile),
            new("empty.docx", [], ReasonCodes.EmptyFile),
            new("empty.txt", [], ReasonCodes.EmptyFile),
            new("empty.html", [], ReasonCodes.EmptyFile),
            new("whitespace.txt", Encoding.UTF8.GetBytes("  \r\n\t\n   \n"), ReasonCodes.NotAReport),
            new("bom-only.txt", [0xEF, 0xBB, 0xBF], ReasonCodes.NotAReport),

            // PDFs: truncated, header only, junk after the magic, encrypted (password "x").
            new("truncated-10pct.pdf", pdf[..(pdf.Length / 10)], ReasonCodes.CorruptFile),
            new("truncated-60pct.pdf", pdf[..(pdf.Length * 6 / 10)], ReasonCodes.CorruptFile),
            new("header-only.pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n"), ReasonCodes.CorruptFile),
            new("magic-then-junk.pdf", [.. Encoding.ASCII.GetBytes("%PDF-1.4\n"), .. Junk(8192)], ReasonCodes.CorruptFile),
            new("encrypted-password.pdf", File.ReadAllBytes(Fixture("pdf/encrypted-password-x.pdf")), ReasonCodes.Encrypted),

            // DOCX and zips: zip bomb, not a docx, broken package, truncated, encrypted OOXML.
            new("zip-bomb.docx", AddZipEntry(docx, "word/media/bomb.xml", 24 * 1024 * 1024), ReasonCodes.TooLarge),
            new("many-entries.docx", ManyEntries(docx, 12_000), ReasonCodes.TooLarge),
            new("zip-not-docx.docx", Zip(("readme.txt", Encoding.UTF8.GetBytes("not a word document"))), ReasonCodes.UnsupportedFormat),
            new("archive.zip", Zip(("a/b.csv", Encoding.UTF8.GetBytes("1,2,3"))), ReasonCodes.UnsupportedFormat),
            new("no-document-part.docx", Zip(("[Content_Types].xml", Encoding.UTF8.GetBytes("<Types/>")), ("word/styles.xml", Encoding.UTF8.GetBytes("<x/>"))), ReasonCodes.CorruptFile),
            new("truncated.docx", docx[..(docx.Length / 2)], ReasonCodes.CorruptFile),
            new("password.docx", Ole("EncryptionInfo", "EncryptedPackage"), ReasonCodes.Encrypted),
            new("blank-template.docx", docx, ReasonCodes.UnknownYear),

            // Wrong extensions: the content decides.
            new("pdf-named.docx", pdf, null),
            new("docx-named.txt", docx, ReasonCodes.UnknownYear),
            new("image.pdf", png, ReasonCodes.NotAReport), // a page image is read by OCR; 1×1 px is no page
            new("image.png", png, ReasonCodes.NotAReport),
            // JPEG content is read as a page image (OCR) whatever the name; this one is a JPEG header and junk.
            new("jpeg-named.docx", [0xFF, 0xD8, 0xFF, 0xE0, .. Junk(2048)], ReasonCodes.CorruptFile),
            new("gzip-named.docx", [0x1F, 0x8B, 0x08, 0x00, .. Junk(1024)], ReasonCodes.UnsupportedFormat),
            new("spreadsheet-named.doc", Ole("Workbook", "SummaryInformation"), ReasonCodes.UnsupportedFormat),
            new("truncated.doc", doc[..4096], ReasonCodes.UnsupportedFormat),
            new("ole-junk.doc", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. Junk(4096)], ReasonCodes.UnsupportedFormat),
            new("sample-named.pdf", Encoding.UTF8.GetBytes(sample), null),

            // Binary junk.
            new("junk.bin", Junk(4096), ReasonCodes.UnsupportedFormat),
            new("junk.txt", Junk(65536), ReasonCodes.UnsupportedFormat),
            new("nul-riddled.txt", Encoding.UTF8.GetBytes(sample).SelectMany((b, i) => i % 3 == 0 ? new[] { b, (byte)0 } : new[] { b }).ToArray(), ReasonCodes.UndecodableText),

            // Encodings without declaration.
            new("gbk-no-declaration.txt", gbk.GetBytes(sample), null),
            new("gbk-no-declaration.html", gbk.GetBytes(Html(sampleLines)), null),
            new("utf16le-bom.txt", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(sample)], null),
            new("utf16be-bom.txt", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(sample)], null),

            // Text and HTML that are not (whole) reports. A report title alone (also deep inside 50 000 nested
            // divs) or a report without its tables is stored, with every missing cell as a finding.
            new("news-page.html", Encoding.UTF8.GetBytes("<!doctype html><html><head><meta charset=utf-8><title>新闻</title></head><body><nav>首页 &gt; 新闻</nav><h1>我县召开春季植树动员会</h1><p>3月12日上午，全县干部群众参加义务植树活动。</p><table><tr><td>地点</td><td>人数</td></tr><tr><td>东山</td><td>300</td></tr></table></body></html>"), ReasonCodes.NotAReport),
            new("script-only.html", Encoding.UTF8.GetBytes("<html><head><script>var a = 1;</script><style>p{}</style></head><body></body></html>"), ReasonCodes.NotAReport),
            new("deeply-nested.html", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<div>", 50_000)) + title + string.Concat(Enumerable.Repeat("</div>", 50_000))), null),
            new("title-only.txt", Encoding.UTF8.GetBytes(title + "\n"), null),
            new("report-no-tables.txt", Encoding.UTF8.GetBytes(string.Join('\n', sampleLines.Where(l => !l.Contains('\t')))), null),
            new("report-only-table3.txt", Encoding.UTF8.GetBytes(OnlyTableThree(sampleLines)), null),
            new("report-no-year.txt", Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(sample, "(19|20)[0-9]{2}", "XXXX")), ReasonCodes.UnknownYear),
            new("rtf-named.doc", Encoding.ASCII.GetBytes(@"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times;}} Hello\par }"), ReasonCodes.NotAReport),
            // Above ParserOptions.MaxTextFileBytes (4 MB, issue 13): refused before decoding, not normalized.
            new("one-line-10mb.txt", Encoding.ASCII.GetBytes(new string('a', 10 * 1024 * 1024)), ReasonCodes.TooLarge),
            new("one-line-400kb.txt", Encoding.ASCII.GetBytes(new string('a', 400 * 1024)), ReasonCodes.NotAReport),
        };

        return cases;
    }

    /// <summary>One byte over the parser's 64 MB limit (made at test time, never committed).</summary>
    public static MalformedCase OverLimit()
    {
        var content = new byte[(64 * 1024 * 1024) + 1];
        Array.Fill(content, (byte)'a');
        return new MalformedCase("huge-over-limit.txt", content, ReasonCodes.TooLarge);
    }

    private static string Html(string[] lines) =>
        "<html><head><title>年度报告</title></head><body>" +
        string.Concat(lines.Select(l => l.Contains('\t')
            ? "<table><tr>" + string.Concat(l.Split('\t').Select(c => $"<td>{System.Net.WebUtility.HtmlEncode(c)}</td>")) + "</tr></table>"
            : $"<p>{System.Net.WebUtility.HtmlEncode(l)}</p>")) +
        "</body></html>";

    /// <summary>The sample's title and its table 三 section only (from the 三 heading to the 四 heading).</summary>
    private static string OnlyTableThree(string[] lines)
    {
        var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith("三、", StringComparison.Ordinal));
        var end = Array.FindIndex(lines, Math.Max(0, start), l => l.TrimStart().StartsWith("四、", StringComparison.Ordinal));
        var head = lines.TakeWhile(l => !l.TrimStart().StartsWith("一、", StringComparison.Ordinal));
        var section = start < 0 ? [] : lines[start..(end < 0 ? lines.Length : end)];
        return string.Join('\n', head.Concat(section));
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(content);
            }
        }

        return stream.ToArray();
    }

    private static byte[] AddZipEntry(byte[] zipBytes, string name, int size)
    {
        using var stream = new MemoryStream();
        stream.Write(zipBytes);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
            var chunk = new byte[1024 * 1024];
            for (var written = 0; written < size; written += chunk.Length)
            {
                entry.Write(chunk, 0, Math.Min(chunk.Length, size - written));
            }
        }

        return stream.ToArray();
    }

    private static byte[] ManyEntries(byte[] zipBytes, int count)
    {
        using var stream = new MemoryStream();
        stream.Write(zipBytes);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            for (var i = 0; i < count; i++)
            {
                zip.CreateEntry($"customXml/item{i}.xml", CompressionLevel.NoCompression);
            }
        }

        return stream.ToArray();
    }

    /// <summary>A 1×1 PNG.</summary>
    private static byte[] Png() => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>
    /// A minimal OLE compound file with two streams: named like an encrypted OOXML package it is a
    /// password-protected .docx; named Workbook it is an Excel file, not a Word one.
    /// </summary>
    private static byte[] Ole(string first, string second)
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
        U32(0x2C, 1);
        U32(0x30, 1);
        U32(0x38, 4096);
        U32(0x3C, 0xFFFFFFFE);
        U32(0x44, 0xFFFFFFFE);
        U32(0x4C, 0);
        for (var i = 1; i < 109; i++)
        {
            U32(0x4C + (i * 4), 0xFFFFFFFF);
        }

        var fat = sector;
        U32(fat, 0xFFFFFFFD);
        U32(fat + 4, 0xFFFFFFFE);
        U32(fat + 8, 0xFFFFFFFE);
        for (var i = 3; i < 128; i++)
        {
            U32(fat + (i * 4), 0xFFFFFFFF);
        }

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
        Entry(1, first, 2, 0xFFFFFFFF, 0xFFFFFFFF, 2, 0xFFFFFFFE, 0);
        Entry(2, second, 2, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 2, 512);
        return bytes;
    }
}

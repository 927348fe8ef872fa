using System.IO.Compression;
using System.Xml;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction.Docx;

/// <summary>
/// Checks a DOCX zip before the OpenXML SDK touches it: entry count, declared uncompressed sizes and
/// compression ratios (zip bombs), the real inflated size of every XML part (a header may lie), and the
/// element nesting depth of the main document part (deep XML must not overflow the SDK's stack).
/// </summary>
internal static class DocxPackageGuard
{
    public const long MaxUncompressedBytes = 200L * 1024 * 1024;
    public const int MaxEntries = 10_000;

    /// <summary>Entries larger than <see cref="RatioCheckFromBytes"/> may not inflate more than this many times.</summary>
    public const int MaxCompressionRatio = 200;
    public const long RatioCheckFromBytes = 16L * 1024 * 1024;
    public const int MaxXmlDepth = 512;

    /// <summary>
    /// One XML part (document.xml above all) may not inflate beyond this, whatever its ratio: the SDK builds a DOM
    /// of it, and 190 MB of small table cells (ratio ~40:1, under the package limit) took over a minute and
    /// gigabytes. The document.xml of a real report is well under 10 MB.
    /// </summary>
    public const long MaxPartBytes = 48L * 1024 * 1024;

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
        IgnoreComments = true,
    };

    /// <summary>Null when the package may be opened; otherwise the rejection.</summary>
    public static Rejection? Check(Stream stream, CancellationToken cancellationToken) => Check(stream, MaxUncompressedBytes, cancellationToken);

    /// <summary>As <see cref="Check(Stream, CancellationToken)"/> with another total inflated-size limit (tests).</summary>
    public static Rejection? Check(Stream stream, long maxUncompressedBytes, CancellationToken cancellationToken)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        if (zip.Entries.Count > MaxEntries)
        {
            return new Rejection(ReasonCodes.TooLarge, $"The package has {zip.Entries.Count} entries; the limit is {MaxEntries}.");
        }

        long declared = 0;
        foreach (var entry in zip.Entries)
        {
            declared += entry.Length;
            if (entry.Length > MaxPartBytes && IsXmlPart(entry))
            {
                return new Rejection(ReasonCodes.TooLarge, $"Part {entry.FullName} inflates to {entry.Length / (1024 * 1024)} MB; the limit per part is {MaxPartBytes / (1024 * 1024)} MB.");
            }

            if (declared > maxUncompressedBytes || entry.Length < 0)
            {
                return new Rejection(ReasonCodes.TooLarge, $"The package inflates to more than {maxUncompressedBytes / (1024 * 1024)} MB (zip bomb?).");
            }

            if (entry.Length > RatioCheckFromBytes && entry.Length / Math.Max(1, entry.CompressedLength) > MaxCompressionRatio)
            {
                return new Rejection(ReasonCodes.TooLarge, $"Part {entry.FullName} inflates {entry.Length / Math.Max(1, entry.CompressedLength)}× ({entry.Length} bytes; zip bomb?).");
            }
        }

        var documentEntry = zip.GetEntry("word/document.xml");
        if (documentEntry is null && !zip.Entries.Any(e => e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && e.FullName.StartsWith("word/", StringComparison.OrdinalIgnoreCase)))
        {
            return new Rejection(ReasonCodes.CorruptFile, "The package has no word/document.xml: not a Word document.");
        }

        // The declared sizes can lie: inflate every XML part (the ones the SDK will parse) with a cap.
        var buffer = new byte[81920];
        long actual = 0;
        foreach (var entry in zip.Entries)
        {
            if (!IsXmlPart(entry))
            {
                continue;
            }

            using var part = entry.Open();
            long length = 0;
            int read;
            while ((read = part.Read(buffer, 0, buffer.Length)) > 0)
            {
                length += read;
                actual += read;
                if (length > entry.Length || length > MaxPartBytes || actual > maxUncompressedBytes)
                {
                    return new Rejection(ReasonCodes.TooLarge, $"Part {entry.FullName} inflates beyond its declared size or the {maxUncompressedBytes / (1024 * 1024)} MB limit (zip bomb?).");
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        if (documentEntry is not null)
        {
            using var part = documentEntry.Open();
            using var reader = XmlReader.Create(part, ReaderSettings);
            while (reader.Read())
            {
                if (reader.Depth > MaxXmlDepth)
                {
                    return new Rejection(ReasonCodes.CorruptFile, $"word/document.xml nests elements deeper than {MaxXmlDepth} levels.");
                }
            }
        }

        return null;
    }

    private static bool IsXmlPart(ZipArchiveEntry entry) =>
        entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);
}

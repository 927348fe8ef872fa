namespace IngestionPipeline.Core.Extraction;

/// <summary>Detects a file's media type from its first bytes.</summary>
public static class FormatDetector
{
    public const string Pdf = "application/pdf";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Zip = "application/zip";
    public const string Doc = "application/msword";
    public const string Html = "text/html";
    public const string Text = "text/plain";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Tiff = "image/tiff";

    internal static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    internal static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    internal static ReadOnlySpan<byte> TiffLittleMagic => [0x49, 0x49, 0x2A, 0x00];

    internal static ReadOnlySpan<byte> TiffBigMagic => [0x4D, 0x4D, 0x00, 0x2A];

    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;

    private static ReadOnlySpan<byte> ZipMagic => [0x50, 0x4B, 0x03, 0x04];

    private static ReadOnlySpan<byte> OleMagic => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>
    /// The media type, or null for data that is no document we know (binary junk, archives of other kinds). PNG,
    /// JPEG and TIFF are page images (scans), read by OCR.
    /// </summary>
    public static string? Detect(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return null;
        }

        var head = content[..Math.Min(content.Length, 1024)];
        if (head.IndexOf(PdfMagic) is >= 0 and < 1024)
        {
            return Pdf;
        }

        if (head.StartsWith(ZipMagic))
        {
            // A DOCX is a zip with word/document.xml; the DOCX extractor checks the parts.
            return content.IndexOf("word/"u8) >= 0 ? Docx : Zip;
        }

        if (head.StartsWith(PngMagic))
        {
            return Png;
        }

        if (head.StartsWith(JpegMagic))
        {
            return Jpeg;
        }

        if (head.StartsWith(TiffLittleMagic) || head.StartsWith(TiffBigMagic))
        {
            return Tiff;
        }

        if (head.StartsWith(OleMagic))
        {
            // A password-protected .docx is an OLE container with an EncryptedPackage stream; the DOCX
            // extractor rejects it as ENCRYPTED.
            return Extraction.Docx.DocxExtractor.IsEncryptedPackage(content) ? Docx : Doc;
        }

        if (!TextDecoder.LooksLikeText(content))
        {
            return null;
        }

        return TextDecoder.LooksLikeHtml(content) ? Html : Text;
    }
}

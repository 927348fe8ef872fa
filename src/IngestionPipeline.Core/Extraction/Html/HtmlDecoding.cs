using System.Text;
using System.Text.RegularExpressions;

namespace IngestionPipeline.Core.Extraction.Html;

/// <summary>
/// Decodes HTML bytes: a BOM wins, then a declared charset (<c>&lt;meta charset&gt;</c> or
/// <c>http-equiv Content-Type</c>) if the bytes really decode in it, then <see cref="TextDecoder"/>'s
/// detection (strict UTF-8, else GB18030, the usual undeclared encoding of Chinese government pages).
/// A declaration that the bytes contradict (a page saved as GBK that still says utf-8, or a single-byte
/// Western charset over Chinese text) is ignored.
/// </summary>
internal static partial class HtmlDecoding
{
    private const int SniffBytes = 4096;

    static HtmlDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static (string Text, string Encoding)? Decode(ReadOnlySpan<byte> bytes)
    {
        var hasBom = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])
            || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])
            || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);
        if (!hasBom && DeclaredEncoding(bytes) is { } declared)
        {
            if (declared.IsSingleByte && TextDecoder.Decode(bytes) is { } detected && ContainsCjk(detected.Text))
            {
                // Old Chinese sites often say iso-8859-1/windows-1252 over GBK bytes; a single-byte reading
                // never fails, so trust the detection when it yields Chinese text.
                return detected;
            }

            try
            {
                var strict = Encoding.GetEncoding(declared.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
                return (strict.GetString(bytes), declared.WebName);
            }
            catch (DecoderFallbackException)
            {
                // The declaration is wrong for these bytes: fall through to detection.
            }
        }

        return TextDecoder.Decode(bytes);
    }

    private static bool ContainsCjk(string text) => text.AsSpan().IndexOfAnyInRange('\u4E00', '\u9FFF') >= 0;

    /// <summary>The charset named in the first bytes' meta tags, GBK/GB2312 widened to GB18030; null when none or unknown.</summary>
    public static Encoding? DeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, SniffBytes)]);
        var m = MetaCharsetPattern().Match(head);
        if (!m.Success)
        {
            return null;
        }

        var name = m.Groups["cs"].Value.Trim().ToLowerInvariant();
        if (name is "gb2312" or "gbk" or "gb18030" or "x-gbk" or "cp936" or "euc-cn" or "x-euc-cn" or "hz-gb-2312")
        {
            name = "GB18030";
        }
        else if (name is "utf-16" or "utf-16le" or "utf-16be" or "unicode")
        {
            // A meta tag readable as ASCII means the file is not UTF-16 (HTML spec: treat as UTF-8).
            name = "utf-8";
        }

        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // <meta charset="gbk">, <meta http-equiv="Content-Type" content="text/html; charset=gb2312">
    [GeneratedRegex(@"<meta\b[^>]*?\bcharset\s*=\s*[""']?\s*(?<cs>[A-Za-z0-9_\-:.]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharsetPattern();
}

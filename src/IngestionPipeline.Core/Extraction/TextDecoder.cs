using System.Text;
using System.Text.Unicode;
using UtfUnknown;

namespace IngestionPipeline.Core.Extraction;

/// <summary>
/// Decodes text files of unknown encoding: BOMs first, then strict UTF-8, then UTF-16 without BOM,
/// then charset detection (GB18030/GBK are common on government sites and rarely declared).
/// </summary>
public static class TextDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The decoded text and the encoding's web name, or null when the bytes are not text in any encoding we trust.</summary>
    public static (string Text, string Encoding)? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return TryStrict(bytes[3..], StrictUtf8, "utf-8");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode.GetString(bytes[2..]), "utf-16le");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode.GetString(bytes[2..]), "utf-16be");
        }

        if (Utf8.IsValid(bytes))
        {
            // Validating first instead of catching the strict decoder's exception: GB18030 files used to pay for a
            // thrown DecoderFallbackException each.
            return (StrictUtf8.GetString(bytes), "utf-8");
        }

        if (Utf16Endianness(bytes) is { } utf16)
        {
            // Strict: an unpaired surrogate past the sample means it was not UTF-16 after all.
            return TryStrict(bytes, utf16, utf16.CodePage == 1201 ? "utf-16be" : "utf-16le");
        }

        var detected = CharsetDetector.DetectFromBytes(bytes.ToArray()).Detected;
        var encoding = detected?.Encoding;
        if (encoding is null || detected!.Confidence < 0.2f)
        {
            // Chinese government files without BOM that are not UTF-8 are overwhelmingly GB18030/GBK.
            encoding = Encoding.GetEncoding("GB18030");
        }
        else if (encoding.CodePage is 936 or 54936 || encoding.WebName.Contains("gb", StringComparison.OrdinalIgnoreCase))
        {
            encoding = Encoding.GetEncoding("GB18030");
        }

        var gb = Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        return TryStrict(bytes, gb, encoding.WebName);
    }

    /// <summary>True unless the bytes look binary (NUL bytes outside UTF-16 text, many control characters).</summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> content)
    {
        var sample = content[..Math.Min(content.Length, 8192)];
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || Utf16Shaped(sample) || Utf16Endianness(sample) is not null)
        {
            return true;
        }

        var control = 0;
        foreach (var b in sample)
        {
            if (b == 0)
            {
                return false;
            }

            if (b < 0x20 && b is not (byte)'\n' and not (byte)'\r' and not (byte)'\t' and not 0x0C)
            {
                control++;
            }
        }

        return control <= sample.Length / 100;
    }

    public static bool LooksLikeHtml(ReadOnlySpan<byte> content)
    {
        // ASCII-lowercased copy of the first bytes, searched as bytes: the same answer as lowering the Latin-1
        // string (no Latin-1 letter lowers to ASCII) without building two 4 KB strings per file.
        var sample = content[..Math.Min(content.Length, 4096)];
        Span<byte> lower = stackalloc byte[sample.Length];
        for (var i = 0; i < sample.Length; i++)
        {
            var b = sample[i];
            lower[i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
        }

        var start = 0;
        while (start < lower.Length && lower[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        var text = lower[start..];
        return text.StartsWith("<!doctype html"u8)
            || text.IndexOf("<html"u8) >= 0
            || (text.Length > 0 && text[0] == (byte)'<' && (text.IndexOf("<body"u8) >= 0 || text.IndexOf("<table"u8) >= 0 || text.IndexOf("<div"u8) >= 0));
    }

    private static (string, string)? TryStrict(ReadOnlySpan<byte> bytes, Encoding encoding, string name)
    {
        try
        {
            return (encoding.GetString(bytes), name);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>
    /// Zero bytes at one parity only, in at least a quarter of the code units: shaped like UTF-16 of mostly ASCII. Such
    /// bytes are text-like (a broken UTF-16 export is reported as undecodable text, not as binary), whether or not
    /// <see cref="Utf16Endianness"/> then finds a plausible decoding.
    /// </summary>
    private static bool Utf16Shaped(ReadOnlySpan<byte> sample)
    {
        if (sample.Length < 4 || sample.Length % 2 != 0)
        {
            return false;
        }

        int zeroEven = 0, zeroOdd = 0;
        for (var i = 0; i < sample.Length; i++)
        {
            if (sample[i] == 0)
            {
                if (i % 2 == 0)
                {
                    zeroEven++;
                }
                else
                {
                    zeroOdd++;
                }
            }
        }

        var pairs = sample.Length / 2;
        return (zeroOdd > pairs / 4 && zeroEven == 0) || (zeroEven > pairs / 4 && zeroOdd == 0);
    }

    /// <summary>
    /// UTF-16 without BOM (Windows tools export it: Notepad's "Unicode", PowerShell, Excel's "Unicode text"). Chinese
    /// text has few zero bytes (only its ASCII digits and line breaks), so zero counts alone miss it; instead a
    /// sample is decoded both ways and taken when nearly every character is one a report is written in (ASCII
    /// text, CJK ideographs and punctuation, full-width forms) and there are line breaks. GB18030 or random bytes
    /// read as UTF-16 give mostly characters from other blocks.
    /// </summary>
    private static Encoding? Utf16Endianness(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4 || bytes.Length % 2 != 0)
        {
            return null;
        }

        var sample = bytes[..Math.Min(bytes.Length, 8192)];
        var little = Utf16Plausibility(sample, bigEndian: false);
        var big = Utf16Plausibility(sample, bigEndian: true);
        if (little >= 0.97 && little > big)
        {
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
        }

        if (big >= 0.97 && big > little)
        {
            return new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
        }

        return null;
    }

    /// <summary>The share of the sample's UTF-16 code units that are plausible report text; 0 with a NUL, without any zero byte, or without a line break in a long sample.</summary>
    private static double Utf16Plausibility(ReadOnlySpan<byte> sample, bool bigEndian)
    {
        var units = sample.Length / 2;
        int plausible = 0, breaks = 0, withZeroByte = 0;
        for (var i = 0; i < units; i++)
        {
            var c = (char)(bigEndian ? (sample[2 * i] << 8) | sample[(2 * i) + 1] : sample[2 * i] | (sample[(2 * i) + 1] << 8));
            if (c == '\0')
            {
                return 0;
            }

            if (c == '\n')
            {
                breaks++;
            }

            if ((c & 0xFF00) == 0 || (c & 0x00FF) == 0)
            {
                withZeroByte++;
            }

            if (c is '\n' or '\r' or '\t' or '\f'
                || c is >= ' ' and <= '~'
                || c is >= '\u00A0' and <= '\u00FF' // Latin-1 (×, ·, §)
                || c is >= '\u2000' and <= '\u27BF' // punctuation, arrows, box drawing, circled numbers
                || c is >= '\u3000' and <= '\u33FF' // CJK symbols, punctuation, kana, enclosed
                || c is >= '\u3400' and <= '\u4DBF' // CJK extension A
                || c is >= '\u4E00' and <= '\u9FFF' // CJK unified ideographs
                || c is >= '\uF900' and <= '\uFAFF' // CJK compatibility ideographs
                || c is >= '\uFE30' and <= '\uFE4F' // CJK compatibility forms
                || c is >= '\uFF00' and <= '\uFFEF' // full-width forms
                || char.IsSurrogate(c))
            {
                plausible++;
            }
        }

        // Text in a legacy encoding (GB18030, GBK) never has a zero byte; UTF-16 has one in every ASCII character.
        if (withZeroByte == 0 || (breaks == 0 && units > 200))
        {
            return 0;
        }

        return (double)plausible / units;
    }
}

using System.Text;

namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// NFKC with a quick check in front. Report text is overwhelmingly ASCII and CJK unified ideographs, which
/// NFKC leaves as they are (quick-check property NFKC_QC = Yes, combining class 0); for such text the ICU
/// call (a native round trip per string, most of the normalizer's CPU before) is skipped. Anything else
/// goes to ICU, so the result is always exactly <see cref="string.Normalize(NormalizationForm)"/>.
/// </summary>
internal static class Nfkc
{
    /// <summary>True when <paramref name="text"/> is NFKC-normal, answered without ICU for ASCII/CJK text.</summary>
    public static bool IsNormalized(string text) => IsTriviallyNormal(text) || text.IsNormalized(NormalizationForm.FormKC);

    /// <summary>The NFKC form of <paramref name="text"/>: the same instance when it is already normal.</summary>
    public static string Normalize(string text)
    {
        if (IsTriviallyNormal(text))
        {
            return text;
        }

        return WidthFolded(text) ?? text.Normalize(NormalizationForm.FormKC);
    }

    /// <summary>
    /// NFKC of text whose only non-trivial characters are full-width ASCII forms (U+FF01–U+FF5E, NFKC: the ASCII
    /// character U+FEE0 below) and the ideographic space (U+3000 → U+0020): labels such as <c>（一）予以公开</c> or
    /// <c>单位：万元</c>. Those mappings are single characters that compose with nothing, so folding them in place is
    /// exactly NFKC. Null when any other character needs ICU.
    /// </summary>
    internal static string? WidthFolded(string text)
    {
        foreach (var ch in text)
        {
            if (ch is not (>= '\uFF01' and <= '\uFF5E' or '\u3000') && !IsTriviallyNormal([ch]))
            {
                return null;
            }
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var ch = source[i];
                span[i] = ch switch
                {
                    >= '\uFF01' and <= '\uFF5E' => (char)(ch - 0xFEE0),
                    '\u3000' => ' ',
                    _ => ch,
                };
            }
        });
    }

    /// <summary>
    /// True when every character is stable under NFKC on its own (NFKC_QC = Yes) with combining class 0, so the
    /// whole string is normal: ASCII, CJK unified ideographs (and extension A), and the common CJK punctuation
    /// 、。《》「」『』【】〈〉 and —‘’“”. False only means "ask ICU".
    /// </summary>
    internal static bool IsTriviallyNormal(ReadOnlySpan<char> text)
    {
        foreach (var ch in text)
        {
            if (ch < 0x80 || ch is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF'
                or '\u3001' or '\u3002' or >= '\u3008' and <= '\u3011'
                or '\u2014' or '\u2018' or '\u2019' or '\u201C' or '\u201D')
            {
                continue;
            }

            return false;
        }

        return true;
    }
}

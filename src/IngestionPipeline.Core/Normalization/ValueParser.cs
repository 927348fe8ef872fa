using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// The cell value grammar of spec §7: numbers (full-width, thousands separators, inline units,
/// parenthesised annotations), NA markers, blanks, gb2019 change expressions and text. Raw text is never
/// modified by the caller; this class only reads it.
/// </summary>
public static partial class ValueParser
{
    /// <summary>Markers that mean "not applicable" (NFKC-normalised, so <c>／</c> and <c>－</c> fold into these).</summary>
    private static readonly HashSet<string> NaMarkers = new(StringComparer.OrdinalIgnoreCase)
    {
        "/", "-", "—", "–", "--", "——", "―", "\\", "无", "空", "不适用", "N/A", "NA", "暂无", "/ ",
    };

    private static readonly HashSet<string> CountUnits = ["项", "件", "个", "条", "次", "人", "篇", "份", "家"];

    /// <summary>Removes extraction artifacts (DOCX bookmarks, zero-width characters), NFKC-normalises and trims.</summary>
    public static string Clean(string raw)
    {
        if (IsClean(raw))
        {
            // Most cells ("12", "0", a CJK label) hold nothing to remove, fold or collapse: skip the regexes.
            return raw.Trim();
        }

        var s = ArtifactPattern().Replace(raw, string.Empty).Normalize(NormalizationForm.FormKC);
        return WhitespacePattern().Replace(s, " ").Trim();
    }

    /// <summary>True when the text reads as a cell value (number, NA marker, change expression) rather than a label.</summary>
    public static bool IsValueLike(string raw)
    {
        // The table parsers ask this about the same cell strings many times per report (label search, tokens,
        // noise, orphans): remember the last answers per string instance. A pure function, so only a cache.
        var memo = valueLikeMemo ??= new ValueLikeMemo();
        var slot = ValueLikeMemo.Slot(raw);
        if (string.Equals(memo.Keys[slot], raw, StringComparison.Ordinal))
        {
            return memo.Values[slot];
        }

        var result = ComputeIsValueLike(raw);
        memo.Keys[slot] = raw;
        memo.Values[slot] = result;
        return result;
    }

    [ThreadStatic]
    private static ValueLikeMemo? valueLikeMemo;

    /// <summary>
    /// A small direct-mapped cache keyed by the text (cell texts repeat within and across reports of a template). The
    /// slot comes from the length and three characters: cheap, and a collision only evicts.
    /// </summary>
    private sealed class ValueLikeMemo
    {
        public const int Size = 1021;

        public static int Slot(string s) =>
            s.Length == 0 ? 0 : (int)(((uint)s.Length * 31 + s[0] * 131u + s[s.Length / 2] * 17u + s[^1]) % Size);

        public readonly string?[] Keys = new string?[Size];

        public readonly bool[] Values = new bool[Size];
    }

    internal static bool ComputeIsValueLike(string raw)
    {
        var c = Clean(raw);
        if (c.Length == 0)
        {
            return false;
        }

        if (IsAsciiDigits(c))
        {
            return true; // NumberPattern reads any run of digits
        }

        return NaMarkers.Contains(c) || NumberPattern().IsMatch(c) || SpacedDigitsPattern().IsMatch(c) || ParseChange(c) is not null || c == "零"
            || OcrDigitsPattern().IsMatch(c);
    }

    public static ParsedValue Parse(string? raw, ValueKind kind)
    {
        if (raw is null)
        {
            return new ParsedValue(CellSemantic.Missing, null);
        }

        var c = Clean(raw);
        if (c.Length == 0)
        {
            return new ParsedValue(CellSemantic.Empty, null);
        }

        if (IsAsciiDigits(c) && c.Length <= 18)
        {
            // What NumberPattern would read: a plain integer, no sign, unit or note.
            return Numeric(long.Parse(c, NumberStyles.None, CultureInfo.InvariantCulture), null, null);
        }

        if (NaMarkers.Contains(c))
        {
            return new ParsedValue(CellSemantic.NA, null);
        }

        if (kind == ValueKind.Change && ParseChange(c) is { } change)
        {
            return change;
        }

        var m = NumberPattern().Match(c);
        if (m.Success)
        {
            var digits = m.Groups["num"].Value.Replace(",", string.Empty, StringComparison.Ordinal);
            if (m.Groups["frac"].Success)
            {
                digits += "." + m.Groups["frac"].Value;
            }

            var value = decimal.Parse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            if (m.Groups["sign"].Value == "-")
            {
                value = -value;
            }

            var unit = m.Groups["unit"].Success ? m.Groups["unit"].Value : null;
            if (unit == "万" && kind == ValueKind.Money)
            {
                unit = "万元";
            }

            var note = m.Groups["note"].Success ? m.Groups["note"].Value.Trim() : null;
            return Numeric(value, unit, note);
        }

        // One cell holding digit groups split by spaces (glyph spacing: "10 82"): a cell holds one number, so
        // the groups are one number when unambiguous (no group after the first could be a number of its own
        // starting with 0, and the first does not start with 0). The raw text keeps the spaces.
        if (SpacedDigitsPattern().IsMatch(c))
        {
            var joined = decimal.Parse(c.Replace(" ", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
            return Numeric(joined, null, "digits separated by spaces read as one number");
        }

        if (OcrDigitsPattern().IsMatch(c))
        {
            // OCR reads 0 as o/O/。 and 1 as l/I: a cell of digits and those look-alikes only is that number. The
            // raw text keeps what was printed and the note says a letter was read as a digit.
            var digits = new StringBuilder(c.Length);
            foreach (var ch in c)
            {
                digits.Append(ch switch { 'o' or 'O' or '。' => '0', 'l' or 'I' => '1', _ => ch });
            }

            return Numeric(decimal.Parse(digits.ToString(), CultureInfo.InvariantCulture), null, OcrDigitsNote);
        }

        if (ChineseNumeral(c) is { } cn)
        {
            return Numeric(cn.Value, cn.Unit, null);
        }

        return new ParsedValue(CellSemantic.Text, null);
    }

    /// <summary>
    /// True when <see cref="Clean"/> would only trim: no DOCX bookmark or zero-width artifact, no whitespace other
    /// than single spaces, and already NFKC-normal.
    /// </summary>
    private static bool IsClean(string raw)
    {
        var ascii = true;
        for (var i = 0; i < raw.Length; i++)
        {
            var ch = raw[i];
            if (ch == ' ')
            {
                if (i + 1 < raw.Length && char.IsWhiteSpace(raw[i + 1]))
                {
                    return false;
                }

                continue;
            }

            if (ch < 0x80)
            {
                if (ch == '[' || char.IsWhiteSpace(ch))
                {
                    return false;
                }

                continue;
            }

            ascii = false;
            if (char.IsWhiteSpace(ch) || ch is >= '\u200B' and <= '\u200D' or '\uFEFF' or '\u00AD')
            {
                return false;
            }
        }

        return ascii || Nfkc.IsNormalized(raw);
    }

    private static bool IsAsciiDigits(string s)
    {
        if (s.Length == 0)
        {
            return false;
        }

        foreach (var ch in s)
        {
            if (!char.IsAsciiDigit(ch))
            {
                return false;
            }
        }

        return true;
    }

    private static ParsedValue Numeric(decimal value, string? unit, string? note, ItemChange? change = null) =>
        new(value == 0 ? CellSemantic.Zero : CellSemantic.Numeric, value, unit, note, change);

    /// <summary>gb2019 本年增/减 forms: <c>减少 18</c>, <c>增加 26</c>, <c>增 1 减 3</c>, <c>新增2项</c>, <c>无变化</c>.</summary>
    private static ParsedValue? ParseChange(string c)
    {
        if (c is "无变化" or "不变" or "持平" or "无增减")
        {
            return Numeric(0, null, null);
        }

        var both = IncreaseDecreasePattern().Match(c);
        if (both.Success)
        {
            var inc = decimal.Parse(both.Groups["inc"].Value, CultureInfo.InvariantCulture);
            var dec = decimal.Parse(both.Groups["dec"].Value, CultureInfo.InvariantCulture);
            return Numeric(inc - dec, Unit(both), null, new ItemChange(inc, dec, inc - dec));
        }

        var single = SingleChangePattern().Match(c);
        if (single.Success)
        {
            var n = decimal.Parse(single.Groups["n"].Value, CultureInfo.InvariantCulture);
            var isIncrease = single.Groups["dir"].Value.StartsWith('增') || single.Groups["dir"].Value.StartsWith('新');
            var change = isIncrease ? new ItemChange(n, null, n) : new ItemChange(null, n, -n);
            return Numeric(change.Net, Unit(single), null, change);
        }

        return null;

        static string? Unit(Match m) => m.Groups["unit"].Success && m.Groups["unit"].Value.Length > 0 ? m.Groups["unit"].Value : null;
    }

    /// <summary>Small Chinese numerals (零, 三, 十二, 一百零五), with an optional count unit; rare in tables but allowed by the spec.</summary>
    private static (decimal Value, string? Unit)? ChineseNumeral(string c)
    {
        string? unit = null;
        if (c.Length > 1 && CountUnits.Contains(c[^1..]))
        {
            unit = c[^1..];
            c = c[..^1];
        }

        if (c.Length == 0 || c.Any(ch => !"零〇一二两三四五六七八九十百千".Contains(ch, StringComparison.Ordinal)))
        {
            return null;
        }

        decimal total = 0, digit = 0;
        foreach (var ch in c)
        {
            var d = "零一二三四五六七八九".IndexOf(ch, StringComparison.Ordinal);
            if (ch is '〇')
            {
                d = 0;
            }
            else if (ch is '两')
            {
                d = 2;
            }

            if (d >= 0)
            {
                digit = d;
                continue;
            }

            var scale = ch switch { '十' => 10, '百' => 100, _ => 1000 };
            total += (digit == 0 ? 1 : digit) * scale;
            digit = 0;
        }

        return (total + digit, unit);
    }

    [GeneratedRegex(@"\[(?:bookmark|_?GoBack|comment|footnote)[^\]]*\]|[\u200B-\u200D\uFEFF\u00AD]", RegexOptions.IgnoreCase)]
    private static partial Regex ArtifactPattern();

    [GeneratedRegex(@"^[1-9]\d{0,3}(?: \d{1,3}){1,2}$")]
    private static partial Regex SpacedDigitsPattern();

    /// <summary>The note of a value whose OCR look-alike letters (o O 。 → 0, l I → 1) were read as digits.</summary>
    public const string OcrDigitsNote = "OCR look-alike letters read as digits";

    [GeneratedRegex(@"^(?=[\doO。lI]*[oO。lI])[\doO。lI]{1,7}$")]
    private static partial Regex OcrDigitsPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();

    [GeneratedRegex(@"^(?<sign>[+-])?\s?(?<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?<frac>\d+))?\s?(?<unit>万元|元|万|项|件|个|条|次|人|篇|份|家)?\s?(?:\((?<note>[^()]*)\))?$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^(?:(?:增加|新增|增)\s?(?<inc>\d+)\s?(?<unit>项|个|件)?[,、;\s]*(?:减少|减)\s?(?<dec>\d+)|(?:减少|减)\s?(?<dec>\d+)\s?(?<unit>项|个|件)?[,、;\s]*(?:增加|新增|增)\s?(?<inc>\d+))\s?(?:项|个|件)?$")]
    private static partial Regex IncreaseDecreasePattern();

    [GeneratedRegex(@"^(?<dir>增加|新增|增|减少|减)\s?(?<n>\d+)\s?(?<unit>项|个|件)?$")]
    private static partial Regex SingleChangePattern();
}

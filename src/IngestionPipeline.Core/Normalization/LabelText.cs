using System.Text;
using System.Text.RegularExpressions;

namespace IngestionPipeline.Core.Normalization;

/// <summary>How a label fragment is numbered: <c>一、</c> (top), <c>（三）</c> (paren) or <c>3.</c> (sub).</summary>
internal enum NumberingKind
{
    None,
    Top,
    Paren,
    Sub,
}

/// <summary>A label fragment split from a cell: its numbering and its normalized text without the numbering.</summary>
internal sealed record LabelFragment(NumberingKind Kind, int Number, string Body, int Column);

/// <summary>Label normalisation for matching: NFKC, no whitespace, one bracket and quote style, numbering parsed off.</summary>
internal static partial class LabelText
{
    private const string ChineseNumerals = "一二三四五六七八九十";

    public static string Normalize(string text)
    {
        if (NeedsNoChange(text))
        {
            return text;
        }

        var n = Nfkc.Normalize(text);
        var sb = new StringBuilder(n.Length);
        foreach (var ch in n)
        {
            if (char.IsWhiteSpace(ch) || ch is '\u200B' or '\uFEFF')
            {
                continue;
            }

            sb.Append(ch switch
            {
                '〔' or '［' or '【' or '﹙' => '(',
                '〕' or '］' or '】' or '﹚' => ')',
                '“' or '”' or '„' or '‟' or '＂' or '「' or '」' => '"',
                '‘' or '’' => '\'',
                '：' => ':',
                '，' => ',',
                '．' => '.',
                _ => ch,
            });
        }

        return sb.ToString();
    }

    /// <summary>True when <see cref="Normalize"/> would return the text as it is (the common case for labels and numbers).</summary>
    private static bool NeedsNoChange(string text)
    {
        var ascii = true;
        foreach (var ch in text)
        {
            if (ch < 0x80)
            {
                if (char.IsWhiteSpace(ch))
                {
                    return false;
                }

                continue;
            }

            ascii = false;
            if (char.IsWhiteSpace(ch) || ch is '\u200B' or '\uFEFF'
                or '〔' or '［' or '【' or '﹙' or '〕' or '］' or '】' or '﹚'
                or '“' or '”' or '„' or '‟' or '＂' or '「' or '」' or '‘' or '’' or '：' or '，' or '．')
            {
                return false;
            }
        }

        return ascii || Nfkc.IsNormalized(text);
    }

    /// <summary>
    /// Splits one cell's text into label fragments at numbering boundaries (<c>6.属于… 7.属于…</c>,
    /// <c>三、本年度办理结果（一）予以公开</c>) and parses each fragment's numbering.
    /// </summary>
    public static List<LabelFragment> Fragments(string cellText, int column)
    {
        var n = Nfkc.Normalize(cellText);
        var result = new List<LabelFragment>(1);
        if (!MaySplit(n))
        {
            // Both split points need a digit or an opening parenthesis: most labels have neither, so no regex.
            var whole = Normalize(n);
            if (whole.Length > 0)
            {
                result.Add(ParseNumbering(whole, column));
            }

            return result;
        }

        foreach (var part in SplitPattern().Split(n))
        {
            var norm = Normalize(part);
            if (norm.Length == 0)
            {
                continue;
            }

            result.Add(ParseNumbering(norm, column));
        }

        return result;
    }

    /// <summary>False when <see cref="SplitPattern"/> cannot match: it needs a digit (<c>\d</c>, any Unicode digit) or a <c>(</c>/<c>（</c>.</summary>
    internal static bool MaySplit(string text)
    {
        foreach (var ch in text)
        {
            if (ch is '(' or '（' || char.IsDigit(ch))
            {
                return true;
            }
        }

        return false;
    }

    public static LabelFragment ParseNumbering(string normalized, int column)
    {
        if (normalized.Length == 0 || !(normalized[0] is '(' || char.IsDigit(normalized[0]) || ChineseNumerals.Contains(normalized[0], StringComparison.Ordinal)))
        {
            // The three numbering patterns start with a Chinese numeral, '(' or a digit.
            return new LabelFragment(NumberingKind.None, 0, normalized, column);
        }

        var m = TopPattern().Match(normalized);
        if (m.Success)
        {
            return new LabelFragment(NumberingKind.Top, ChineseDigit(m.Groups[1].Value), normalized[m.Length..], column);
        }

        m = ParenPattern().Match(normalized);
        if (m.Success)
        {
            var g = m.Groups[1].Value;
            var number = char.IsAsciiDigit(g[0]) ? int.Parse(g, System.Globalization.CultureInfo.InvariantCulture) : ChineseDigit(g);
            return new LabelFragment(NumberingKind.Paren, number, normalized[m.Length..], column);
        }

        m = SubPattern().Match(normalized);
        if (m.Success)
        {
            return new LabelFragment(NumberingKind.Sub, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), normalized[m.Length..], column);
        }

        return new LabelFragment(NumberingKind.None, 0, normalized, column);
    }

    /// <summary>一 … 十九 as an int (0 when not a numeral).</summary>
    public static int ChineseDigit(string s)
    {
        const string digits = "零一二三四五六七八九";
        if (s.Length == 1)
        {
            return s == "十" ? 10 : digits.IndexOf(s, StringComparison.Ordinal);
        }

        if (s.Length == 2 && s[0] == '十')
        {
            return 10 + digits.IndexOf(s[1]);
        }

        if (s.Length == 2 && s[1] == '十')
        {
            return digits.IndexOf(s[0]) * 10;
        }

        return 0;
    }

    // Split before "7." preceded by whitespace, and before "(三)" not preceded by 第 (第二十条第（一）项 stays whole).
    [GeneratedRegex(@"(?<=\s)(?=\d{1,2}[.、．]\s*\p{IsCJKUnifiedIdeographs})|(?<=[^\s第(（])(?=[(（][一二三四五六七八九十]{1,2}[)）])")]
    private static partial Regex SplitPattern();

    [GeneratedRegex(@"^([一二三四五六七八九十]{1,2})[、.,]")]
    private static partial Regex TopPattern();

    [GeneratedRegex(@"^\(([一二三四五六七八九十]{1,2}|\d{1,2})\)")]
    private static partial Regex ParenPattern();

    [GeneratedRegex(@"^(\d{1,2})[.、](?!\d)")]
    private static partial Regex SubPattern();
}

using System.Text.RegularExpressions;

namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// Collapses whitespace the way a Chinese title is read: spaces next to a CJK character are layout
/// (<c>龙口市卫生健康局 2020 年度</c> → <c>龙口市卫生健康局2020年度</c>), spaces between Latin words stay single.
/// </summary>
internal static partial class TextCollapse
{
    public static string Collapse(string text)
    {
        var trimmed = text.Trim();
        return WhitespacePattern().Replace(trimmed, m =>
        {
            var before = m.Index > 0 ? trimmed[m.Index - 1] : ' ';
            var after = m.Index + m.Length < trimmed.Length ? trimmed[m.Index + m.Length] : ' ';
            return IsWide(before) || IsWide(after) ? string.Empty : " ";
        });
    }

    public static bool IsCjk(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';

    private static bool IsWide(char c) => IsCjk(c) || c is >= '\u3000' and <= '\u303F' || c is >= '\uFF00' and <= '\uFFEF';

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}

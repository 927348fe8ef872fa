using System.Globalization;
using System.Text.RegularExpressions;

namespace IngestionPipeline.Core.Normalization;

/// <summary>Reads the title (joined across broken lines), the organisation and the report year.</summary>
internal static partial class MetadataReader
{
    private const int MaxTitleLines = 3;
    private const int TitleSearchLines = 8;

    public static TitleInfo? FindTitle(IReadOnlyList<SourceLine> lines, int firstHeadingIndex)
    {
        var candidates = lines
            .Where(l => !l.IsTable && l.Index < firstHeadingIndex && !l.IsBlank && !IsChrome(l.Text))
            .Take(TitleSearchLines)
            .ToList();
        TitleInfo? best = null;
        var bestRank = (Span: int.MaxValue, NoOrg: true, Start: int.MaxValue);
        for (var start = 0; start < candidates.Count; start++)
        {
            for (var k = 1; k <= MaxTitleLines && start + k <= candidates.Count; k++)
            {
                // Only join physically adjacent lines (blank lines between are fine): a title does not skip paragraphs.
                var span = candidates.GetRange(start, k);
                var joined = TextCollapse.Collapse(string.Concat(span.Select(l => StripChrome(l.Text).Trim())));
                if (joined.Length > 80)
                {
                    break;
                }

                var m = TitlePattern().Match(joined);
                if (!m.Success)
                {
                    continue;
                }

                // Several spans can read as a title (a breadcrumb line glued onto the real title): prefer the one
                // naming an organisation, then the shortest span, then the earliest.
                var org = m.Groups["org"].Value.Trim();
                var rank = (Span: k, NoOrg: org.Length == 0, Start: start);
                if (best is null || Better(rank, bestRank))
                {
                    var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
                    best = new TitleInfo(joined, org, year, span[^1].Index);
                    bestRank = rank;
                }

                break; // a longer span from the same start only adds text after the title
            }
        }

        return best;

        static bool Better((int Span, bool NoOrg, int Start) a, (int Span, bool NoOrg, int Start) b) =>
            a.NoOrg != b.NoOrg ? !a.NoOrg : a.Span != b.Span ? a.Span < b.Span : a.Start < b.Start;
    }

    /// <summary>Site chrome printed above an article: 发布时间：… 来源：… 【字体：大 中 小】 打印, 浏览次数, share bars.</summary>
    internal static bool IsChrome(string text)
    {
        var n = LabelText.Normalize(text);
        return n.Contains("发布时间", StringComparison.Ordinal)
            || n.Contains("字体:大中小", StringComparison.Ordinal)
            || n.Contains("浏览次数", StringComparison.Ordinal)
            || n.Contains("分享到", StringComparison.Ordinal)
            || (n.Contains("来源:", StringComparison.Ordinal) && n.Length < 60)
            || n.StartsWith("索引号", StringComparison.Ordinal);
    }

    /// <summary>Drops a breadcrumb prefix (当前位置：首页 &gt; 政务公开 &gt; …) from a line.</summary>
    private static string StripChrome(string text)
    {
        var n = text.Trim();
        if (n.StartsWith("当前位置", StringComparison.Ordinal) || n.StartsWith("您的位置", StringComparison.Ordinal) || n.StartsWith("首页", StringComparison.Ordinal))
        {
            var cut = n.LastIndexOfAny(['>', '＞', '»', '›']);
            return cut >= 0 ? n[(cut + 1)..] : string.Empty;
        }

        return n;
    }

    /// <summary>The year of the 统计期限 sentence (<c>统计期限为 2020 年 1 月 1 日至 12 月 31 日</c>), if any.</summary>
    public static int? StatisticsYear(IEnumerable<SourceLine> lines)
    {
        foreach (var line in lines.Where(l => !l.IsTable))
        {
            var m = StatPeriodPattern().Match(line.Text);
            if (m.Success)
            {
                return int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?<org>.*?)\s*(?<year>20\d{2})\s*年(?:度)?\s*(?:政府信息公开|政务公开|信息公开)(?:工作)?\s*(?:年度)?\s*(?:工作)?\s*报告")]
    private static partial Regex TitlePattern();

    [GeneratedRegex(@"(?:统计期限|统计时限|统计期间|统计周期)[^。\d]{0,12}(?<year>20\d{2})\s*年")]
    private static partial Regex StatPeriodPattern();
}

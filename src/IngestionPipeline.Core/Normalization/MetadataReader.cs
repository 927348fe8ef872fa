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
            .Where(l => !l.IsTable && l.Index < firstHeadingIndex && !l.IsBlank)
            .Take(TitleSearchLines)
            .ToList();
        for (var start = 0; start < candidates.Count; start++)
        {
            for (var k = 1; k <= MaxTitleLines && start + k <= candidates.Count; k++)
            {
                // Only join physically adjacent lines (blank lines between are fine): a title does not skip paragraphs.
                var span = candidates.GetRange(start, k);
                var joined = TextCollapse.Collapse(string.Concat(span.Select(l => l.Text.Trim())));
                if (joined.Length > 80)
                {
                    break;
                }

                var m = TitlePattern().Match(joined);
                if (m.Success)
                {
                    var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
                    return new TitleInfo(joined, m.Groups["org"].Value.Trim(), year, span[^1].Index);
                }
            }
        }

        return null;
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

using System.Text.RegularExpressions;

namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// Finds the top-level headings (<c>一、总体情况</c> … <c>六、其他需要报告的事项</c>) by keyword, not by
/// numeral, because some reports renumber their parts (Shanghai style) and titles vary (spec §1).
/// </summary>
internal static partial class HeadingDetector
{
    /// <summary>Keyword alternatives per part, checked in this order (the first matching part wins).</summary>
    private static readonly (ReportPart Part, string[] AnyOf, string[] NoneOf)[] Keywords =
    [
        (ReportPart.OverallSituation, ["总体情况", "总体概述", "基本情况"], []),
        (ReportPart.ReviewLitigation, ["行政复议", "行政诉讼"], []),
        (ReportPart.Applications, ["收到和处理政府信息公开申请", "政府信息公开申请情况", "依申请公开"], []),
        (ReportPart.ActiveDisclosure, ["主动公开政府信息情况", "主动公开政府信息", "主动公开工作情况", "主动公开情况"], []),
        (ReportPart.ProblemsAndImprovements, ["存在的主要问题", "存在问题", "问题及改进", "改进情况", "主要问题"], []),
        (ReportPart.OtherMatters, ["其他需要报告", "其他事项", "需要报告的事项"], []),
    ];

    public static List<Heading> Find(IReadOnlyList<SourceLine> lines)
    {
        var headings = new List<Heading>();
        foreach (var line in lines)
        {
            if (line.IsTable)
            {
                continue;
            }

            var text = line.Text.Trim().TrimStart('#', ' ', '*').Trim();
            if (Classify(text) is { } part)
            {
                headings.Add(new Heading(part, line.Index, text));
            }
        }

        return headings;
    }

    public static ReportPart? Classify(string text)
    {
        var norm = LabelText.Normalize(text);
        if (norm.Length > 45 || !TopNumbering().IsMatch(norm))
        {
            return null;
        }

        foreach (var (part, anyOf, noneOf) in Keywords)
        {
            if (anyOf.Any(k => norm.Contains(k, StringComparison.Ordinal)) && !noneOf.Any(k => norm.Contains(k, StringComparison.Ordinal)))
            {
                return part;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^[一二三四五六七八九十]{1,2}[、.,]")]
    private static partial Regex TopNumbering();
}

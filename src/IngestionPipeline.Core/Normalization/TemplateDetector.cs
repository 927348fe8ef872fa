using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// Template version from the labels printed in tables 二 and 三 (spec §2), the report year only as a
/// fallback. Labels are compared NFKC-normalised without whitespace, line by line.
/// </summary>
internal static class TemplateDetector
{
    private static readonly string[] Gb2021Signals =
    [
        "本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正", "逾期未按收费通知",
    ];

    private static readonly string[] Gb2019Signals =
    [
        "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "其他对外管理服务事项",
        "政府集中采购", "采购项目数量", "采购总金额", "第二十条第(九)项",
    ];

    public static TemplateDetection Detect(IEnumerable<SourceLine> tableLines, int year)
    {
        var text = tableLines.Select(l => LabelText.Normalize(l.Text)).ToList();
        var new2021 = Gb2021Signals.Where(s => text.Any(t => t.Contains(s, StringComparison.Ordinal))).ToList();
        var old2019 = Gb2019Signals.Where(s => text.Any(t => t.Contains(s, StringComparison.Ordinal))).ToList();
        var byYear = year >= 2021 ? TemplateVersion.Gb2021 : TemplateVersion.Gb2019;
        if (new2021.Count > 0 && old2019.Count == 0)
        {
            return new TemplateDetection(TemplateVersion.Gb2021, false, new2021);
        }

        if (old2019.Count > 0 && new2021.Count == 0)
        {
            return new TemplateDetection(TemplateVersion.Gb2019, false, old2019);
        }

        if (new2021.Count == 0)
        {
            return new TemplateDetection(byYear, false, ["year:" + year]);
        }

        var version = new2021.Count == old2019.Count ? byYear : new2021.Count > old2019.Count ? TemplateVersion.Gb2021 : TemplateVersion.Gb2019;
        return new TemplateDetection(version, true, [.. new2021, .. old2019]);
    }
}

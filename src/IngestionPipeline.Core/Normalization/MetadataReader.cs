using System.Globalization;
using System.Text.RegularExpressions;

namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// Reads the title (joined across broken lines, in either order: organisation first or year first), the
/// organisation and the report year. Markup and labels around a title (<c>#</c>, <c>标题：</c>) and running
/// header lines (<c>正文</c>) are not part of it; a fragment of prose is never taken for an organisation.
/// </summary>
internal static partial class MetadataReader
{
    private const int MaxTitleLines = 3;
    private const int TitleSearchLines = 25;
    private const int OpeningLines = 40;

    public static TitleInfo? FindTitle(IReadOnlyList<SourceLine> lines, int firstHeadingIndex)
    {
        var candidates = lines
            .Where(l => !l.IsTable && l.Index < firstHeadingIndex && !l.IsBlank && !IsChrome(l.Text) && !IsRunningHeader(l.Text))
            .Take(TitleSearchLines)
            .ToList();
        TitleInfo? best = null;
        var bestRank = (NoYear: true, Span: int.MaxValue, NoOrg: true, Start: int.MaxValue);
        for (var start = 0; start < candidates.Count; start++)
        {
            for (var k = 1; k <= MaxTitleLines && start + k <= candidates.Count; k++)
            {
                // Only join physically adjacent lines (blank lines between are fine): a title does not skip paragraphs.
                var span = candidates.GetRange(start, k);
                var joined = TextCollapse.Collapse(string.Concat(span.Select(l => CleanTitleLine(l.Text))));
                if (joined.Length > 80)
                {
                    break;
                }

                if (ParseTitle(joined) is not { } parsed)
                {
                    continue;
                }

                // Several spans can read as a title (a breadcrumb line glued onto the real title): prefer the one
                // naming an organisation, then the shortest span, then the earliest.
                var rank = (NoYear: parsed.Year is null, Span: k, NoOrg: parsed.Organization.Length == 0, Start: start);
                if (best is null || Better(rank, bestRank))
                {
                    best = new TitleInfo(parsed.Title, parsed.Organization, parsed.Year, span[^1].Index);
                    bestRank = rank;
                }

                break; // a longer span from the same start only adds text after the title
            }
        }

        return best;

        static bool Better((bool NoYear, int Span, bool NoOrg, int Start) a, (bool NoYear, int Span, bool NoOrg, int Start) b) =>
            a.NoYear != b.NoYear ? !a.NoYear : a.NoOrg != b.NoOrg ? !a.NoOrg : a.Span != b.Span ? a.Span < b.Span : a.Start < b.Start;
    }

    /// <summary>
    /// A title read from one string (a title line, a document property, an HTML &lt;title&gt;): organisation first
    /// (<c>XX局2021年政府信息公开工作年度报告</c>) or year first (<c>2024年上海市科委政府信息公开工作年度报告</c>).
    /// Null when the text is not a title, or when what stands in the organisation's place is prose.
    /// </summary>
    public static TitleInfo? ParseTitle(string text)
    {
        var joined = TextCollapse.Collapse(CleanTitleLine(text));
        var forMatch = ArabicYears(Nfkc.Normalize(joined));
        var m = OrgFirstTitlePattern().Match(forMatch);
        if (!m.Success || !PlausibleOrganization(m.Groups["org"].Value.Trim(), allowEmpty: true))
        {
            m = YearFirstTitlePattern().Match(forMatch);
            if (!m.Success || !PlausibleOrganization(m.Groups["org"].Value.Trim(), allowEmpty: false))
            {
                m = YearLastTitlePattern().Match(forMatch);
                if (!m.Success || !PlausibleOrganization(m.Groups["org"].Value.Trim(), allowEmpty: false))
                {
                    // A title that names no year (XX局政府信息公开工作年度报告) still names the organisation.
                    m = YearlessTitlePattern().Match(forMatch);
                    return m.Success && IsOrganizationName(m.Groups["org"].Value.Trim())
                        ? new TitleInfo(joined, m.Groups["org"].Value.Trim(), null, -1)
                        : null;
                }
            }
        }

        var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
        var organization = m.Groups["org"].Value.Trim();
        if (organization.StartsWith("关于", StringComparison.Ordinal) && organization.Length > 4)
        {
            organization = organization[2..]; // 关于XX局2022年…报告: the preposition is not the name
        }

        foreach (var tail in (string[])["关于", "的"])
        {
            if (organization.EndsWith(tail, StringComparison.Ordinal) && organization.Length > tail.Length + 2)
            {
                organization = organization[..^tail.Length].TrimEnd(); // XX局关于2023年…报告
            }
        }

        return new TitleInfo(joined, organization, year, -1);
    }

    /// <summary>
    /// What can stand for an organisation in a title: no sentence punctuation, no citation of a regulation, not
    /// a clause (<c>信息公开规定》的要求，市科委编制了</c>), not too long.
    /// </summary>
    internal static bool PlausibleOrganization(string org, bool allowEmpty)
    {
        if (org.Length == 0)
        {
            return allowEmpty;
        }

        if (org.Length > 40 || org.AsSpan().IndexOfAny(ProsePunctuation) >= 0)
        {
            return false;
        }

        return !ProseWords.Any(w => org.Contains(w, StringComparison.Ordinal));
    }

    private static readonly System.Buffers.SearchValues<char> ProsePunctuation = System.Buffers.SearchValues.Create("，,。；;《》“”\"：:！？");

    private static readonly string[] ProseWords = ["根据", "编制", "按照", "要求", "本报告", "本年度", "现将", "向社会", "的规定"];

    /// <summary>A title line without markdown heading marks, emphasis, list bullets and a <c>标题：</c>/<c>名称：</c> label.</summary>
    internal static string CleanTitleLine(string text)
    {
        var t = StripChrome(text).Trim();
        t = t.TrimStart('#', '*', '>', ' ', '\t', '　').TrimEnd('*', ' ', '\t', '　', '#');
        var label = TitleLabelPattern().Match(t);
        return label.Success ? t[label.Length..].Trim() : t;
    }

    /// <summary>A running header or a converter's page marker standing alone above the title (<c>正文</c>, <c>目录</c>, <c>附件</c>).</summary>
    internal static bool IsRunningHeader(string text)
    {
        var n = LabelText.Normalize(text).Trim('#', '*', '-', '—');
        return n is "正文" or "目录" or "附件" or "附件1" or "公开" or "主动公开" or "全文" or "打印" or "关闭" or "返回";
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

    /// <summary>
    /// The running text of the document's opening (text lines only, joined without separators, because a
    /// Chinese sentence wraps anywhere: <c>统计期限为 2025</c> ⏎ <c>年 1 月 1 日</c>).
    /// </summary>
    private static string Opening(IEnumerable<SourceLine> lines, int maxLines) =>
        ArabicYears(string.Concat(lines.Where(l => !l.IsTable && !l.IsBlank).Take(maxLines).Select(l => Nfkc.Normalize(l.Text).Trim())));

    /// <summary>A year printed in Chinese numerals before 年 (<c>二〇二三年</c>, <c>二零二二年度</c>) as Arabic digits; other text unchanged.</summary>
    internal static string ArabicYears(string text)
    {
        if (text.Contains("2 0", StringComparison.Ordinal))
        {
            text = SpacedYearPattern().Replace(text, "$1$2$3$4"); // letter-spaced PDF titles: 2 0 2 1 年
        }

        if (!text.Contains('年', StringComparison.Ordinal) || text.AsSpan().IndexOfAny(ChineseYearDigits) < 0)
        {
            return text;
        }

        return ChineseYearPattern().Replace(text, m => string.Concat(m.Value.Select(c => (char)('0' + "〇一二三四五六七八九".IndexOf(c is '零' or '○' or 'Ｏ' or 'O' ? '〇' : c, StringComparison.Ordinal)))));
    }

    [GeneratedRegex(@"(?<!\d)(2)\s(0)\s(\d)\s(\d)(?!\d)")]
    private static partial Regex SpacedYearPattern();

    private static readonly System.Buffers.SearchValues<char> ChineseYearDigits = System.Buffers.SearchValues.Create("〇零○");

    [GeneratedRegex(@"[〇零○一二三四五六七八九]{4}(?=\s*年)")]
    private static partial Regex ChineseYearPattern();

    /// <summary>The year of the 统计期限 sentence (<c>统计期限为 2020 年 1 月 1 日至 12 月 31 日</c>), even when wrapped, if any.</summary>
    public static int? StatisticsYear(IEnumerable<SourceLine> lines)
    {
        var m = StatPeriodPattern().Match(Opening(lines, int.MaxValue));
        return m.Success ? int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// The year and organisation a report's opening sentence names when it has no title
    /// (<c>2025年，区科委扎实推进信息公开。</c>), or the organisation of <c>…，市科委编制了…报告</c>.
    /// </summary>
    public static (int? Year, string? Organization) BodySelfReference(IReadOnlyList<SourceLine> lines)
    {
        var opening = Opening(lines, OpeningLines);
        int? year = null;
        string? org = null;
        var m = YearOpenedSentencePattern().Match(opening);
        if (m.Success)
        {
            year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
            if (m.Groups["org"].Success && IsOrganizationName(m.Groups["org"].Value))
            {
                org = m.Groups["org"].Value;
            }
        }

        if (ReportNamePattern().Match(opening) is { Success: true } named)
        {
            // The report naming itself (…编制了 2024 年度政务公开工作报告) is the surest year in a body.
            year = int.Parse(named.Groups["year"].Value, CultureInfo.InvariantCulture);
        }

        if (org is null)
        {
            foreach (Match e in CompiledByPattern().Matches(opening))
            {
                if (IsOrganizationName(e.Groups["org"].Value))
                {
                    org = e.Groups["org"].Value;
                    break;
                }
            }
        }

        return (year, org);
    }

    /// <summary>A name that ends the way agency names do (局, 委, 政府, 办公厅, 街道办事处 …).</summary>
    internal static bool IsOrganizationName(string name) =>
        name.Length is >= 2 and <= 30
        && PlausibleOrganization(name, allowEmpty: false)
        && OrganizationSuffixPattern().IsMatch(name)
        && !name.StartsWith('我') && !name.StartsWith('本') && !name.StartsWith('全');

    /// <summary>The first 20xx year in a file name (<c>2023年报.pdf</c>, <c>report_2021.docx</c>), if any.</summary>
    public static int? FileNameYear(string? fileName)
    {
        if (string.IsNullOrEmpty(fileName))
        {
            return null;
        }

        var m = FileNameYearPattern().Match(Path.GetFileName(fileName));
        return m.Success ? int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"^(?<org>.*?)\s*(?<year>20\d{2})\s*年(?:度)?\s*(?:的)?\s*(?:政府信息公开|政务公开|信息公开)(?:工作)?\s*(?:年度)?\s*(?:工作)?\s*报告")]
    private static partial Regex OrgFirstTitlePattern();

    [GeneratedRegex(@"^(?<year>20\d{2})\s*年(?:度)?\s*(?<org>\S.*?)\s*(?:政府信息公开|政务公开|信息公开)(?:工作)?\s*(?:年度)?\s*(?:工作)?\s*报告")]
    private static partial Regex YearFirstTitlePattern();

    [GeneratedRegex(@"^(?<org>\S.*?)\s*(?:政府信息公开|政务公开)(?:工作)?\s*年度\s*报告\s*$")]
    private static partial Regex YearlessTitlePattern();

    /// <summary>The year after the report's name: <c>XX局政府信息公开工作年度报告（2023年度）</c>.</summary>
    [GeneratedRegex(@"^(?<org>\S.*?)\s*(?:政府信息公开|政务公开|信息公开)(?:工作)?\s*(?:年度)?\s*(?:工作)?\s*报告\s*[(（\[]?\s*(?<year>20\d{2})\s*(?:年度|年)?\s*[)）\]]?\s*$")]
    private static partial Regex YearLastTitlePattern();

    [GeneratedRegex(@"^(?:标题|题目|名称|文件名称|文章标题|title)\s*[:：]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex TitleLabelPattern();

    [GeneratedRegex(@"(?:统计期限|统计时限|统计期间|统计周期|统计时间|统计区间)[^。\d]{0,12}(?<year>20\d{2})\s*年")]
    private static partial Regex StatPeriodPattern();

    [GeneratedRegex(@"(?<![\d])(?<year>20\d{2})\s*年(?:度)?\s*[，,]\s*(?<org>[\p{IsCJKUnifiedIdeographs}（）()]{2,30}?)?(?=扎实|认真|坚持|根据|通过|把|将|深入|全面|持续|积极|紧紧|严格|进一步|按照|围绕|不断|始终|继续|紧扣|聚焦|高度|切实|全力|深化|着力|大力|强化|立足|依法|贯彻|落实|在|以|共|主动|不断)")]
    private static partial Regex YearOpenedSentencePattern();

    [GeneratedRegex(@"(?<!\d)(?<year>20\d{2})\s*年(?:度)?\s*(?:的)?\s*(?:政府信息公开|政务公开|信息公开)(?:工作)?\s*(?:年度)?\s*(?:工作)?\s*报告")]
    private static partial Regex ReportNamePattern();

    [GeneratedRegex(@"[，,。]\s*(?<org>[\p{IsCJKUnifiedIdeographs}（）()]{2,30}?)编制了?")]
    private static partial Regex CompiledByPattern();

    [GeneratedRegex(@"(?:局|委|委员会|政府|办公厅|办公室|办|厅|院|署|中心|镇|乡|街道|街道办事处|处|所|站|馆|队|会|部|公司|集团|管委会|区|监狱|法院|检察院)$")]
    private static partial Regex OrganizationSuffixPattern();

    [GeneratedRegex(@"(?<!\d)(?<year>20[0-4]\d)(?!\d)")]
    private static partial Regex FileNameYearPattern();
}

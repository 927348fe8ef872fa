using System.Globalization;
using System.Text.RegularExpressions;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>
/// Text versus table (warning): a number quoted in the narrative of 一、总体情况 (<c>共新收…申请 N 件</c>,
/// <c>行政复议 N 件</c>, after KIROGOV <c>ConsistencyCheckService.ts</c>) against the table cells it names.
/// Conservative: a sentence is read only when the pattern is unambiguous, a number is accepted when it
/// matches any of the plausible readings (受理 may include 上年结转), and only a mention that matches none of
/// them, with the table cells all read, is reported.
/// </summary>
internal sealed partial class TextTableRule(string id, string description, Regex pattern, IReadOnlyList<IReadOnlyList<string>> readings, bool requireApplicationContext)
    : ValidationRule(id, FindingSeverity.Warning, description, "text")
{
    private static readonly char[] SentenceEnds = ['。', '！', '？', '\n', '!', '?'];

    public static IEnumerable<TextTableRule> All()
    {
        static string T3(string row) => TemplateDefinition.ApplicationPath("total", row);
        static string T4(string group) => TemplateDefinition.ReviewPath(group, "total");
        yield return new("X-TEXT-new_received", "Narrative 本年新收…申请 N 件 agrees with table 三 一、本年新收 (总计)", NewReceived(), [[T3("newReceived")]], false);
        yield return new("X-TEXT-received", "Narrative 共受理/收到…申请 N 件 agrees with table 三 (一 or 一 + 二, 总计)", Received(), [[T3("newReceived")], [T3("newReceived"), T3("carriedOver")]], false);
        yield return new("X-TEXT-carried_over", "Narrative 上年结转 N 件 agrees with table 三 二、上年结转 (总计)", CarriedOver(), [[T3("carriedOver")]], true);
        yield return new("X-TEXT-total_processed", "Narrative 办结/答复 N 件 agrees with table 三 (七)总计", Processed(), [[T3("results.totalProcessed")]], true);
        yield return new("X-TEXT-carried_forward", "Narrative 结转下年度 N 件 agrees with table 三 四、结转下年度继续办理 (总计)", CarriedForward(), [[T3("results.carriedForward")]], true);
        yield return new("X-TEXT-review_total", "Narrative 行政复议 N 件 agrees with table 四 行政复议 总计", Review(), [[T4("review")], [T4("review"), T4("litigationDirect"), T4("litigationPostReview")]], false);
        yield return new(
            "X-TEXT-litigation_total",
            "Narrative 行政诉讼 N 件 agrees with table 四 行政诉讼 总计 (直接起诉 + 复议后起诉)",
            Litigation(),
            [[T4("litigationDirect"), T4("litigationPostReview")], [T4("litigationDirect")], [T4("review"), T4("litigationDirect"), T4("litigationPostReview")]],
            false);
    }

    public override IEnumerable<Finding> Evaluate(ValidationContext context)
    {
        var text = context.Report.Sections.TryGetValue(SectionKeys.OverallSituation, out var section) ? section?.Text : null;
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        var assessable = readings.Where(r => r.All(context.IsRead)).ToList();
        if (assessable.Count == 0)
        {
            yield break;
        }

        var sums = assessable.Select(r => r.Sum(p => context[p].Value!.Value)).ToList();
        var contradictions = new List<(string Sentence, decimal Quoted)>();
        var agreed = false;
        foreach (var sentence in context.SentencesOf(text, SentenceEnds))
        {
            if (requireApplicationContext && !sentence.Contains("申请", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match m in pattern.Matches(sentence))
            {
                var quoted = decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
                if (sums.Contains(quoted))
                {
                    agreed = true;
                }
                else
                {
                    contradictions.Add((sentence, quoted));
                }
            }
        }

        if (agreed || contradictions.Count == 0)
        {
            yield break;
        }

        var paths = assessable[0];
        var rowHints = assessable.SelectMany(r => r).Select(OriginDiagnostics.RowOf).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal)
            .SelectMany(r => OriginDiagnostics.ColumnSum(context, r).Select(h => $"row '{r}' looks mis-extracted ({h})"));
        var (origin, reason) = context.Explain(paths, rowHints);
        var (quote, n) = contradictions[0];
        var shown = quote.Length > 80 ? quote[..80] + "…" : quote;
        var table = string.Join(" or ", assessable.Select((r, i) => $"{string.Join(" + ", r)} = {SumRule.Format(sums[i])}"));
        yield return new Finding(
            Id,
            Severity,
            FindingStatus.Fail,
            $"{Description}: the text says {SumRule.Format(n)} (「{shown}」) but the table has {table}; {reason}",
            paths,
            origin);
    }

    private const string Gap = @"[^。；;，,\d]";

    [GeneratedRegex(@"(?:新收|新收到|新受理)" + Gap + @"{0,15}?申请" + Gap + @"{0,6}?(?<n>\d+)\s*(?:件|条|个)")]
    private static partial Regex NewReceived();

    [GeneratedRegex(@"(?<!新)(?:受理|收到)" + Gap + @"{0,15}?申请" + Gap + @"{0,6}?(?<n>\d+)\s*(?:件|条|个)")]
    private static partial Regex Received();

    [GeneratedRegex(@"上一?年度?结转" + Gap + @"{0,12}?(?<n>\d+)\s*件")]
    private static partial Regex CarriedOver();

    [GeneratedRegex(@"(?:办结|答复)" + Gap + @"{0,10}?(?<n>\d+)\s*件")]
    private static partial Regex Processed();

    [GeneratedRegex(@"结转下一?年度?" + Gap + @"{0,12}?(?<n>\d+)\s*件")]
    private static partial Regex CarriedForward();

    [GeneratedRegex(@"行政复议" + Gap + @"{0,6}?(?<n>\d+)\s*(?:件|起|宗)")]
    private static partial Regex Review();

    [GeneratedRegex(@"行政诉讼" + Gap + @"{0,6}?(?<n>\d+)\s*(?:件|起|宗)")]
    private static partial Regex Litigation();
}

/// <summary>gb2021 X-TEXT-FEE-MENTION (info): applications dropped for unpaid fees, but section 六 does not mention 信息处理费.</summary>
internal sealed class FeeMentionRule(string id)
    : ValidationRule(id, FindingSeverity.Info, "When applications were dropped for unpaid fees, 六、其他需要报告的事项 mentions 信息处理费", "text")
{
    public override IEnumerable<Finding> Evaluate(ValidationContext context)
    {
        var path = TemplateDefinition.ApplicationPath("total", "results.other.overdueFee");
        if (context[path] is not { HasValue: true, Value: > 0 } cell)
        {
            yield break;
        }

        var text = context.Report.Sections.TryGetValue(SectionKeys.OtherMatters, out var section) ? section?.Text : null;
        if (text is null || text.Contains("信息处理费", StringComparison.Ordinal) || text.Contains("收费", StringComparison.Ordinal))
        {
            yield break;
        }

        yield return new Finding(Id, Severity, FindingStatus.Uncertain, $"{Description}: {path} = {SumRule.Format(cell.Value!.Value)} but section 六 does not mention fees.", [path], null);
    }
}

using System.Text;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>
/// The rule catalogue of spec §4–§6, generated from <see cref="TemplateDefinition"/> so every rule names
/// contract paths and the ids are stable (<c>T3-IDENT-natural_person</c>, <c>T3-COLSUM-denied_state_secret</c>,
/// <c>T4-SUM-litigation_direct</c>), plus the cross-year (<c>X-T3-CARRY-*</c>, <c>X-T2-VALID-CARRY-*</c>; they
/// run only when the caller passes last year's report) and text-versus-table (<c>X-TEXT-*</c>) checks.
/// To grow it, add a <see cref="ValidationRule"/> subclass and list it here. <c>ingest rules</c> and
/// docs/rules.md list it.
/// </summary>
public static class RuleCatalog
{
    /// <summary>Rule id families owned by this catalogue; a re-validation replaces their findings.</summary>
    private static readonly string[] OwnedPrefixes = ["T2-", "T2L-", "T3-", "T4-", "X-", CellInference.Prefix];

    private static readonly Lazy<IReadOnlyList<ValidationRule>> Gb2019Rules = new(() => Build(TemplateDefinition.Gb2019));
    private static readonly Lazy<IReadOnlyList<ValidationRule>> Gb2021Rules = new(() => Build(TemplateDefinition.Gb2021));

    /// <summary>The identities depend only on the catalogue: filtered once per template, not per report.</summary>
    private static readonly Lazy<IReadOnlyList<SumRule>> Gb2019Identities = new(() => [.. Gb2019Rules.Value.OfType<SumRule>().Where(r => r.IsIdentity)]);

    private static readonly Lazy<IReadOnlyList<SumRule>> Gb2021Identities = new(() => [.. Gb2021Rules.Value.OfType<SumRule>().Where(r => r.IsIdentity)]);

    /// <summary>Every rule that runs on a report of the given version, for listing.</summary>
    public static IReadOnlyList<RuleDescriptor> Describe(TemplateVersion version) =>
    [
        .. For(version).Select(r => r.Describe()),
        new(CellInference.Prefix + "<path>", FindingSeverity.Info, "A MISSING cell pinned by exactly one unknown in a table 三/四 identity is offered as an inferred value (inferred: true, raw: null)", "inference"),
    ];

    /// <summary>True when findings with this id are produced (and replaced) by the catalogue.</summary>
    public static bool Owns(string ruleId) => OwnedPrefixes.Any(p => ruleId.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The strict identities that may pin a missing cell (<see cref="CellInference"/>).</summary>
    internal static IReadOnlyList<SumRule> Identities(TemplateVersion version) =>
        version == TemplateVersion.Gb2019 ? Gb2019Identities.Value : Gb2021Identities.Value;

    internal static IReadOnlyList<ValidationRule> For(TemplateVersion version) =>
        version == TemplateVersion.Gb2019 ? Gb2019Rules.Value : Gb2021Rules.Value;

    /// <summary>camelCase contract key → snake_case id part: <c>results.notProcessed.massiveRequests</c> → <c>not_processed_massive_requests</c>.</summary>
    internal static string Snake(string key)
    {
        var k = key.StartsWith("results.", StringComparison.Ordinal) ? key["results.".Length..] : key;
        k = k.Replace("unableToProvide.", "unable.", StringComparison.Ordinal).Replace('.', '_');
        var sb = new StringBuilder(k.Length + 8);
        foreach (var ch in k)
        {
            if (char.IsUpper(ch))
            {
                sb.Append('_').Append(char.ToLowerInvariant(ch));
            }
            else
            {
                sb.Append(ch);
            }
        }

        return sb.ToString();
    }

    private static List<ValidationRule> Build(TemplateDefinition template)
    {
        var rules = new List<ValidationRule>();
        AddActiveDisclosure(template, rules);
        AddApplications(template, rules);
        AddReviewLitigation(rules);
        AddCrossDocument(template, rules);
        return rules;
    }

    private static void AddActiveDisclosure(TemplateDefinition template, List<ValidationRule> rules)
    {
        static string P(string row, string column) => TemplateDefinition.ActiveDisclosurePath(row, column);
        var nonNegative = template.ActiveDisclosure
            .SelectMany(r => r.Columns.Where(c => c != "itemChange").Select(c => P(r.Key, c)))
            .ToList();

        if (template.Version == TemplateVersion.Gb2021)
        {
            rules.Add(new NonNegativeRule("T2-NONNEG", FindingSeverity.Error, "Table 二 counts are ≥ 0", nonNegative.Where(p => p != P("fees", "amount")).ToList(), "二"));
            rules.Add(new IntegerRule("T2-INT", FindingSeverity.Warning, "Table 二 counts are whole numbers", nonNegative.Where(p => p != P("fees", "amount")).ToList(), "二"));
            rules.Add(new NonNegativeRule("T2-FEES-NONNEG", FindingSeverity.Error, "行政事业性收费 本年收费金额 is ≥ 0", [P("fees", "amount")], "二"));
            rules.Add(new FeeUnitRule("T2-FEE-UNIT", P("fees", "amount")));
            foreach (var row in new[] { "regulations", "normativeDocuments" })
            {
                rules.Add(new SumRule(
                    $"T2-VALID-GE-NET-{Snake(row)}",
                    FindingSeverity.Warning,
                    $"现行有效件数 ≥ 本年制发件数 − 本年废止件数 ({row})",
                    [P(row, "valid"), P(row, "repealed")],
                    [P(row, "made")],
                    greaterOrEqual: true,
                    reportNotAssessable: false,
                    table: "二"));
            }

            return;
        }

        rules.Add(new NonNegativeRule("T2L-NONNEG", FindingSeverity.Error, "Table 二 counts and amounts (except 本年增/减) are ≥ 0", nonNegative, "二"));
        rules.Add(new IntegerRule(
            "T2L-INT",
            FindingSeverity.Warning,
            "Table 二 counts (all but amounts) are whole numbers",
            template.ActiveDisclosure.SelectMany(r => r.Columns.Where(c => c != "totalAmount").Select(c => P(r.Key, c))).ToList(),
            "二"));
        foreach (var row in template.ActiveDisclosure.Where(r => r.Columns.Contains("processed")).Select(r => r.Key))
        {
            rules.Add(new ItemsEqualDecisionsRule($"T2L-ITEMS-EQ-DECISIONS-{Snake(row)}", row));
        }

        foreach (var row in template.ActiveDisclosure.Where(r => r.Columns.Contains("itemChange")).Select(r => r.Key))
        {
            rules.Add(new SumRule(
                $"T2L-ITEMS-AFTER-CHANGE-{Snake(row)}",
                FindingSeverity.Warning,
                $"上一年项目数量 + 本年增/减 ≥ 0 ({row})",
                [P(row, "prevYearItems"), P(row, "itemChange")],
                [],
                greaterOrEqual: true,
                reportNotAssessable: false,
                table: "二"));
        }

        foreach (var row in new[] { "regulations", "normativeDocuments" })
        {
            rules.Add(new SumRule(
                $"T2L-TOTALPUB-GE-NEWPUB-{Snake(row)}",
                FindingSeverity.Warning,
                $"对外公开总数量 ≥ 本年新公开数量 ({row})",
                [P(row, "totalPublished")],
                [P(row, "newlyPublished")],
                greaterOrEqual: true,
                reportNotAssessable: false,
                table: "二"));
        }
    }

    private static void AddApplications(TemplateDefinition template, List<ValidationRule> rules)
    {
        var resultRows = OriginDiagnostics.ResultRows(template);
        foreach (var column in TemplateDefinition.ApplicantColumns)
        {
            string P(string row) => TemplateDefinition.ApplicationPath(column, row);
            var c = Snake(column.Replace('.', '_'));
            rules.Add(new SumRule(
                $"T3-IDENT-{c}",
                FindingSeverity.Error,
                $"Table 三 {column}: 一 + 二 = 三(七)总计 + 四",
                [P("newReceived"), P("carriedOver")],
                [P("results.totalProcessed"), P("results.carriedForward")],
                table: "三",
                diagnose: OriginDiagnostics.ColumnIdentity));
            rules.Add(new SumRule(
                $"T3-RESULTS-{c}",
                FindingSeverity.Error,
                $"Table 三 {column}: (七)总计 = sum of results (一)–(六)",
                [P("results.totalProcessed")],
                resultRows.Select(P).ToList(),
                table: "三",
                diagnose: OriginDiagnostics.ColumnIdentity));
        }

        var parts = TemplateDefinition.ApplicantColumns.Where(c => c != "total").ToList();
        foreach (var row in template.ApplicationRows)
        {
            rules.Add(new SumRule(
                $"T3-COLSUM-{Snake(row)}",
                FindingSeverity.Error,
                $"Table 三 row {row}: 总计 = 自然人 + five 法人或其他组织 columns",
                [TemplateDefinition.ApplicationPath("total", row)],
                parts.Select(c => TemplateDefinition.ApplicationPath(c, row)).ToList(),
                table: "三",
                diagnose: (context, _) => OriginDiagnostics.ColumnSum(context, row),
                diagnoseUnreadable: context => OriginDiagnostics.UnplacedRowSplitDigits(context, row)));
        }

        var t3 = TemplateDefinition.ApplicantColumns.SelectMany(c => template.ApplicationRows.Select(r => TemplateDefinition.ApplicationPath(c, r))).ToList();
        rules.Add(new NonNegativeRule("T3-NONNEG", FindingSeverity.Error, "Table 三 counts are ≥ 0", t3, "三"));
        rules.Add(new IntegerRule("T3-INT", FindingSeverity.Error, "Table 三 counts are whole numbers", t3, "三"));
        rules.Add(new RowsCompleteRule("T3-ROWS-COMPLETE", template.ApplicationRows));
    }

    private static void AddReviewLitigation(List<ValidationRule> rules)
    {
        foreach (var group in TemplateDefinition.ReviewGroups)
        {
            string P(string column) => TemplateDefinition.ReviewPath(group, column);
            rules.Add(new SumRule(
                $"T4-SUM-{Snake(group)}",
                FindingSeverity.Error,
                $"Table 四 {group}: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计",
                [P("total")],
                [P("maintain"), P("correct"), P("other"), P("unfinished")],
                table: "四",
                diagnose: (context, _) => OriginDiagnostics.ReviewRow(context)));
        }

        var t4 = TemplateDefinition.ReviewGroups.SelectMany(g => TemplateDefinition.ReviewColumns.Select(c => TemplateDefinition.ReviewPath(g, c))).ToList();
        rules.Add(new NonNegativeRule("T4-NONNEG", FindingSeverity.Error, "Table 四 counts are ≥ 0", t4, "四"));
        rules.Add(new IntegerRule("T4-INT", FindingSeverity.Error, "Table 四 counts are whole numbers", t4, "四"));
    }

    private static void AddCrossDocument(TemplateDefinition template, List<ValidationRule> rules)
    {
        foreach (var column in TemplateDefinition.ApplicantColumns)
        {
            rules.Add(new CrossYearRule(
                $"X-T3-CARRY-{Snake(column.Replace('.', '_'))}",
                FindingSeverity.Warning,
                $"Table 三 {column}: 二、上年结转 = last year's 四、结转下年度继续办理",
                TemplateDefinition.ApplicationPath(column, "carriedOver"),
                TemplateDefinition.ApplicationPath(column, "results.carriedForward"),
                [],
                []));
        }

        static string P(string row, string column) => TemplateDefinition.ActiveDisclosurePath(row, column);
        foreach (var row in new[] { "regulations", "normativeDocuments" })
        {
            rules.Add(template.Version == TemplateVersion.Gb2021
                ? new CrossYearRule(
                    $"X-T2-VALID-CARRY-{Snake(row)}",
                    FindingSeverity.Info,
                    $"现行有效件数 = last year's 现行有效件数 + 本年制发件数 − 本年废止件数 ({row}; often broken by re-counting and lapses)",
                    P(row, "valid"),
                    P(row, "valid"),
                    [P(row, "made")],
                    [P(row, "repealed")])
                : new CrossYearRule(
                    $"X-T2L-TOTALPUB-CARRY-{Snake(row)}",
                    FindingSeverity.Info,
                    $"对外公开总数量 = last year's 对外公开总数量 + 本年新公开数量 ({row})",
                    P(row, "totalPublished"),
                    P(row, "totalPublished"),
                    [P(row, "newlyPublished")],
                    []));
        }

        rules.AddRange(TextTableRule.All());
        if (template.Version == TemplateVersion.Gb2021)
        {
            rules.Add(new FeeMentionRule("X-TEXT-FEE-MENTION"));
        }
    }
}

using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// The label tables of tables 二 and 三 for one template version: every row with its aliases, built
/// from <see cref="TemplateDefinition"/> so the path set can never drift from the contract. New aliases
/// seen in real reports go into the dictionaries below, not into parser code.
/// </summary>
internal sealed class TableLayout
{
    private static readonly Dictionary<string, (string[] Strong, int MaxExtra)> ActiveDisclosureLabels = new(StringComparer.Ordinal)
    {
        ["regulations"] = (["规章"], 3),
        ["normativeDocuments"] = (["规范性文件"], 4),
        ["licensing"] = (["行政许可"], 4),
        ["otherManagementServices"] = (["其他对外管理服务事项", "对外管理服务事项", "对外管理服务"], 4),
        ["punishment"] = (["行政处罚"], 4),
        ["coercion"] = (["行政强制"], 4),
        ["fees"] = (["行政事业性收费", "事业性收费"], 4),
        ["centralizedProcurement"] = (["政府集中采购", "集中采购"], 4),
    };

    /// <summary>Table 三 rows: numbering, group, strong and weak aliases, full printed label.</summary>
    private static readonly Dictionary<string, (NumberingKind Kind, int Number, int? Group, string[] Strong, string[] Weak, string Full)> ApplicationLabels = new(StringComparer.Ordinal)
    {
        ["newReceived"] = (NumberingKind.Top, 1, null, ["本年新收", "新收政府信息公开申请", "新收申请"], [], "本年新收政府信息公开申请数量"),
        ["carriedOver"] = (NumberingKind.Top, 2, null, ["上年结转"], [], "上年结转政府信息公开申请数量"),
        ["results.granted"] = (NumberingKind.Paren, 1, null, ["予以公开"], [], "予以公开"),
        ["results.partialGrant"] = (NumberingKind.Paren, 2, null, ["部分公开"], [], "部分公开(区分处理的,只计这一情形,不计其他情形)"),
        ["results.denied.stateSecret"] = (NumberingKind.Sub, 1, 3, ["国家秘密"], [], "属于国家秘密"),
        ["results.denied.lawForbidden"] = (NumberingKind.Sub, 2, 3, ["法律行政法规禁止公开", "法规禁止公开", "禁止公开"], [], "其他法律行政法规禁止公开"),
        ["results.denied.safetyStability"] = (NumberingKind.Sub, 3, 3, ["三安全一稳定", "危及安全稳定", "一稳定"], [], "危及\"三安全一稳定\""),
        ["results.denied.thirdPartyRights"] = (NumberingKind.Sub, 4, 3, ["第三方合法权益", "保护第三方"], [], "保护第三方合法权益"),
        ["results.denied.internalAffairs"] = (NumberingKind.Sub, 5, 3, ["内部事务"], [], "属于三类内部事务信息"),
        ["results.denied.processInfo"] = (NumberingKind.Sub, 6, 3, ["过程性信息"], [], "属于四类过程性信息"),
        ["results.denied.enforcementCase"] = (NumberingKind.Sub, 7, 3, ["执法案卷"], [], "属于行政执法案卷"),
        ["results.denied.adminQuery"] = (NumberingKind.Sub, 8, 3, ["行政查询事项", "查询事项"], [], "属于行政查询事项"),
        ["results.unableToProvide.noInfo"] = (NumberingKind.Sub, 1, 4, ["不掌握相关政府信息", "不掌握"], [], "本机关不掌握相关政府信息"),
        ["results.unableToProvide.needCreation"] = (NumberingKind.Sub, 2, 4, ["另行制作", "没有现成信息"], [], "没有现成信息需要另行制作"),
        ["results.unableToProvide.unclear"] = (NumberingKind.Sub, 3, 4, ["仍不明确", "补正后申请内容"], [], "补正后申请内容仍不明确"),
        ["results.notProcessed.complaint"] = (NumberingKind.Sub, 1, 5, ["信访举报投诉", "举报投诉"], [], "信访举报投诉类申请"),
        ["results.notProcessed.repeat"] = (NumberingKind.Sub, 2, 5, ["重复申请"], [], "重复申请"),
        ["results.notProcessed.publication"] = (NumberingKind.Sub, 3, 5, ["公开出版物"], [], "要求提供公开出版物"),
        ["results.notProcessed.massiveRequests"] = (NumberingKind.Sub, 4, 5, ["大量反复申请", "反复申请"], [], "无正当理由大量反复申请"),
        ["results.notProcessed.confirmInfo"] = (NumberingKind.Sub, 5, 5, ["确认或重新出具", "重新出具", "已获取信息"], [], "要求行政机关确认或重新出具已获取信息"),
        ["results.other.total"] = (NumberingKind.Paren, 6, null, ["其他处理"], ["其他"], "其他处理"),
        ["results.other.overdueCorrection"] = (NumberingKind.Sub, 1, 6, ["逾期不补正", "无正当理由逾期"], [], "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ["results.other.overdueFee"] = (NumberingKind.Sub, 2, 6, ["收费通知", "逾期未按收费"], [], "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ["results.other.otherReasons"] = (NumberingKind.Sub, 3, 6, [], ["其他"], "其他"),
        ["results.totalProcessed"] = (NumberingKind.Paren, 7, null, [], ["总计", "合计"], "总计"),
        ["results.carriedForward"] = (NumberingKind.Top, 4, null, ["结转下年度", "继续办理"], [], "结转下年度继续办理"),
    };

    private static readonly GroupSpec[] ApplicationGroups =
    [
        new(3, ["不予公开"]),
        new(4, ["无法提供"]),
        new(5, ["不予处理"]),
        new(6, ["其他处理"]),
    ];

    private TableLayout(IReadOnlyList<RowSpec> rows, IReadOnlyList<GroupSpec> groups)
    {
        Rows = rows;
        Groups = groups;
    }

    public IReadOnlyList<RowSpec> Rows { get; }

    public IReadOnlyList<GroupSpec> Groups { get; }

    /// <summary>Layouts are immutable and depend only on the template (and the subtotal flag): built once each.</summary>
    private static readonly Dictionary<(TemplateVersion, bool), TableLayout> ApplicationLayouts = new()
    {
        [(TemplateVersion.Gb2019, false)] = BuildApplications(TemplateDefinition.Gb2019, false),
        [(TemplateVersion.Gb2019, true)] = BuildApplications(TemplateDefinition.Gb2019, true),
        [(TemplateVersion.Gb2021, false)] = BuildApplications(TemplateDefinition.Gb2021, false),
        [(TemplateVersion.Gb2021, true)] = BuildApplications(TemplateDefinition.Gb2021, true),
    };

    private static readonly Dictionary<TemplateVersion, TableLayout> ActiveDisclosureLayouts = new()
    {
        [TemplateVersion.Gb2019] = BuildActiveDisclosure(TemplateDefinition.Gb2019),
        [TemplateVersion.Gb2021] = BuildActiveDisclosure(TemplateDefinition.Gb2021),
    };

    public static TableLayout ActiveDisclosure(TemplateDefinition template) =>
        ActiveDisclosureLayouts.TryGetValue(template.Version, out var layout) && ReferenceEquals(template, TemplateDefinition.For(template.Version))
            ? layout
            : BuildActiveDisclosure(template);

    private static TableLayout BuildActiveDisclosure(TemplateDefinition template) => new(
        template.ActiveDisclosure.Select(r =>
        {
            var (strong, maxExtra) = ActiveDisclosureLabels[r.Key];
            return new RowSpec(r.Key, r.Columns, NumberingKind.None, 0, null, strong, [], strong[0], maxExtra);
        }).ToArray(),
        []);

    /// <summary>Pseudo column key of a printed 法人或其他组织小计 column (not a contract path; read and dropped).</summary>
    public const string SubtotalColumn = "legalPerson.subtotal";

    /// <summary>Printed position of the 小计 column in an 8-value row: after the five organisation columns, before 总计.</summary>
    public const int SubtotalPosition = 6;

    public static TableLayout Applications(TemplateDefinition template, bool withSubtotal = false) =>
        ApplicationLayouts.TryGetValue((template.Version, withSubtotal), out var layout) && ReferenceEquals(template, TemplateDefinition.For(template.Version))
            ? layout
            : BuildApplications(template, withSubtotal);

    private static TableLayout BuildApplications(TemplateDefinition template, bool withSubtotal)
    {
        var columns = TemplateDefinition.ApplicantColumns.ToList();
        if (withSubtotal)
        {
            columns.Insert(SubtotalPosition, SubtotalColumn);
        }

        return Applications(template, columns);
    }

    private static TableLayout Applications(TemplateDefinition template, IReadOnlyList<string> columns) => new(
        template.ApplicationRows.Select(key =>
        {
            var l = ApplicationLabels[key];
            return new RowSpec(key, columns, l.Kind, l.Number, l.Group, l.Strong, l.Weak, l.Full);
        }).ToArray(),
        ApplicationGroups);
}

using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Corpus.Rendering;

/// <summary>Tables 二, 三 and 四 of a spec in the official merged-cell layout (spec §3, §4b, §5).</summary>
public static class ReportTables
{
    public const string ShandongNote = "（本表只填报数字，没有的数据项填“0”，不得空白或者填入其他内容。）";

    public const string IdentityNote = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

    public static GridTable ActiveDisclosure(ReportSpec spec) =>
        spec.Version == TemplateVersion.Gb2019 ? ActiveDisclosure2019(spec) : ActiveDisclosure2021(spec);

    public static string JilinRowText(ReportSpec spec) =>
        $"{spec.Year}年本行政区域（或本部门）政府信息公开发布总数量（非新闻类、消息类）：{spec.JilinPublishedTotal}";

    private static GridCell V(ReportSpec spec, string row, string column, int colSpan = 1) =>
        new(spec[TemplateDefinition.ActiveDisclosurePath(row, column)].Raw, colSpan, IsValue: true);

    private static GridCell L(string text, int colSpan = 1, int rowSpan = 1) => new(text, colSpan, rowSpan);

    private static GridTable ActiveDisclosure2021(ReportSpec spec)
    {
        var normative = spec.Variants.PlainNormativeLabel ? "规范性文件" : "行政规范性文件";
        var rows = new List<IReadOnlyList<GridCell>>
        {
            new[] { L("第二十条第（一）项", 4) },
            new[] { L("信息内容"), L("本年制发件数"), L("本年废止件数"), L("现行有效件数") },
            new[] { L("规章"), V(spec, "regulations", "made"), V(spec, "regulations", "repealed"), V(spec, "regulations", "valid") },
            new[] { L(normative), V(spec, "normativeDocuments", "made"), V(spec, "normativeDocuments", "repealed"), V(spec, "normativeDocuments", "valid") },
            new[] { L("第二十条第（五）项", 4) },
            new[] { L("信息内容"), L("本年处理决定数量", 3) },
            new[] { L("行政许可"), V(spec, "licensing", "processed", 3) },
            new[] { L("第二十条第（六）项", 4) },
            new[] { L("信息内容"), L("本年处理决定数量", 3) },
            new[] { L("行政处罚"), V(spec, "punishment", "processed", 3) },
            new[] { L("行政强制"), V(spec, "coercion", "processed", 3) },
            new[] { L("第二十条第（八）项", 4) },
            new[] { L("信息内容"), L("本年收费金额（单位：万元）", 3) },
            new[] { L("行政事业性收费"), V(spec, "fees", "amount", 3) },
        };
        if (spec.Variants.JilinExtraRow)
        {
            rows.Add([L(JilinRowText(spec), 4)]);
        }

        return new GridTable(rows, 4, "t2");
    }

    private static GridTable ActiveDisclosure2019(ReportSpec spec)
    {
        GridCell[] Triple(string label, string row, params string[] columns) =>
            [L(label), .. columns.Select(c => V(spec, row, c))];

        string[] itemColumns = ["prevYearItems", "itemChange", "processed"];
        var rows = new List<IReadOnlyList<GridCell>>
        {
            new[] { L("第二十条第（一）项", 4) },
            new[] { L("信息内容"), L("本年新制作数量"), L("本年新公开数量"), L("对外公开总数量") },
            Triple("规章", "regulations", "newlyMade", "newlyPublished", "totalPublished"),
            Triple("规范性文件", "normativeDocuments", "newlyMade", "newlyPublished", "totalPublished"),
            new[] { L("第二十条第（五）项", 4) },
            new[] { L("信息内容"), L("上一年项目数量"), L("本年增/减"), L("处理决定数量") },
            Triple("行政许可", "licensing", itemColumns),
            Triple("其他对外管理服务事项", "otherManagementServices", itemColumns),
            new[] { L("第二十条第（六）项", 4) },
            new[] { L("信息内容"), L("上一年项目数量"), L("本年增/减"), L("处理决定数量") },
            Triple("行政处罚", "punishment", itemColumns),
            Triple("行政强制", "coercion", itemColumns),
            new[] { L("第二十条第（八）项", 4) },
            new[] { L("信息内容"), L("上一年项目数量"), L("本年增/减", 2) },
            new[] { L("行政事业性收费"), V(spec, "fees", "prevYearItems"), V(spec, "fees", "itemChange", 2) },
            new[] { L("第二十条第（九）项", 4) },
            new[] { L("信息内容"), L("采购项目数量"), L("采购总金额", 2) },
            new[] { L("政府集中采购"), V(spec, "centralizedProcurement", "projectCount"), V(spec, "centralizedProcurement", "totalAmount", 2) },
        };
        if (spec.Variants.JilinExtraRow)
        {
            rows.Add([L(JilinRowText(spec), 4)]);
        }

        return new GridTable(rows, 4, "t2");
    }

    /// <summary>Table 三 row labels by application row path (group labels are separate).</summary>
    public static IReadOnlyDictionary<string, string> ApplicationLabels { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["newReceived"] = "一、本年新收政府信息公开申请数量",
        ["carriedOver"] = "二、上年结转政府信息公开申请数量",
        ["results.granted"] = "（一）予以公开",
        ["results.partialGrant"] = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ["results.denied.stateSecret"] = "1.属于国家秘密",
        ["results.denied.lawForbidden"] = "2.其他法律行政法规禁止公开",
        ["results.denied.safetyStability"] = "3.危及“三安全一稳定”",
        ["results.denied.thirdPartyRights"] = "4.保护第三方合法权益",
        ["results.denied.internalAffairs"] = "5.属于三类内部事务信息",
        ["results.denied.processInfo"] = "6.属于四类过程性信息",
        ["results.denied.enforcementCase"] = "7.属于行政执法案卷",
        ["results.denied.adminQuery"] = "8.属于行政查询事项",
        ["results.unableToProvide.noInfo"] = "1.本机关不掌握相关政府信息",
        ["results.unableToProvide.needCreation"] = "2.没有现成信息需要另行制作",
        ["results.unableToProvide.unclear"] = "3.补正后申请内容仍不明确",
        ["results.notProcessed.complaint"] = "1.信访举报投诉类申请",
        ["results.notProcessed.repeat"] = "2.重复申请",
        ["results.notProcessed.publication"] = "3.要求提供公开出版物",
        ["results.notProcessed.massiveRequests"] = "4.无正当理由大量反复申请",
        ["results.notProcessed.confirmInfo"] = "5.要求行政机关确认或重新出具已获取信息",
        ["results.other.total"] = "（六）其他处理",
        ["results.other.overdueCorrection"] = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ["results.other.overdueFee"] = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ["results.other.otherReasons"] = "3.其他",
        ["results.totalProcessed"] = "（七）总计",
        ["results.carriedForward"] = "四、结转下年度继续办理",
        ["group6"] = "（六）其他处理",
    };

    public static GridTable Applications(ReportSpec spec)
    {
        var total = spec.Variants.TotalAsHeji ? "合计" : "总计";
        var subtotal = spec.Variants.LegalSubtotal;
        var valueColumns = subtotal ? 8 : 7;
        var rows = new List<IReadOnlyList<GridCell>>
        {
            new[] { L(IdentityNote, 3, 3), L("申请人情况", valueColumns) },
            new[] { L("自然人", 1, 2), L("法人或其他组织", valueColumns - 2), L(total, 1, 2) },
            subtotal
                ? new[] { L("商业企业"), L("科研机构"), L("社会公益组织"), L("法律服务机构"), L("其他"), L("小计") }
                : new[] { L("商业企业"), L("科研机构"), L("社会公益组织"), L("法律服务机构"), L("其他") },
        };

        string Label(string key) => spec.Variants.LabelNoise.TryGetValue(key, out var noisy) ? noisy : ApplicationLabels[key];

        GridCell[] Values(string row)
        {
            var cells = TemplateDefinition.ApplicantColumns
                .Select(c => new GridCell(spec[TemplateDefinition.ApplicationPath(c, row)].Raw, IsValue: true))
                .ToList();
            if (subtotal)
            {
                // The printed subtotal of the five organisation columns (not a contract path).
                var sum = TemplateDefinition.ApplicantColumns.Skip(1).Take(5).Sum(c => spec[TemplateDefinition.ApplicationPath(c, row)].Underlying);
                cells.Insert(6, new GridCell(sum.ToString(System.Globalization.CultureInfo.InvariantCulture), IsValue: true));
            }

            return [.. cells];
        }

        var is2021 = spec.Version == TemplateVersion.Gb2021;
        var resultsSpan = 2 + 8 + 3 + 5 + (is2021 ? 3 : 1) + 1;
        rows.Add([L(Label("newReceived"), 3), .. Values("newReceived")]);
        rows.Add([L(Label("carriedOver"), 3), .. Values("carriedOver")]);
        rows.Add([L("三、本年度办理结果", 1, resultsSpan), L(Label("results.granted"), 2), .. Values("results.granted")]);
        rows.Add([L(Label("results.partialGrant"), 2), .. Values("results.partialGrant")]);

        void Group(string label, string[] members)
        {
            for (var i = 0; i < members.Length; i++)
            {
                var row = new List<GridCell>();
                if (i == 0)
                {
                    row.Add(L(label, 1, members.Length));
                }

                row.Add(L(Label(members[i])));
                row.AddRange(Values(members[i]));
                rows.Add(row);
            }
        }

        Group("（三）不予公开", ["results.denied.stateSecret", "results.denied.lawForbidden", "results.denied.safetyStability", "results.denied.thirdPartyRights", "results.denied.internalAffairs", "results.denied.processInfo", "results.denied.enforcementCase", "results.denied.adminQuery"]);
        Group("（四）无法提供", ["results.unableToProvide.noInfo", "results.unableToProvide.needCreation", "results.unableToProvide.unclear"]);
        Group("（五）不予处理", ["results.notProcessed.complaint", "results.notProcessed.repeat", "results.notProcessed.publication", "results.notProcessed.massiveRequests", "results.notProcessed.confirmInfo"]);
        if (is2021)
        {
            Group(Label("group6"), ["results.other.overdueCorrection", "results.other.overdueFee", "results.other.otherReasons"]);
        }
        else
        {
            rows.Add([L(Label("results.other.total"), 2), .. Values("results.other.total")]);
        }

        rows.Add([L(Label("results.totalProcessed"), 2), .. Values("results.totalProcessed")]);
        rows.Add([L(Label("results.carriedForward"), 3), .. Values("results.carriedForward")]);
        return new GridTable(rows, 3 + valueColumns, "t3");
    }

    public static GridTable ReviewLitigation(ReportSpec spec)
    {
        var total = spec.Variants.TotalAsHeji ? "合计" : "总计";
        string[] five = ["结果维持", "结果纠正", "其他结果", "尚未审结", total];
        var values = TemplateDefinition.ReviewGroups
            .SelectMany(g => TemplateDefinition.ReviewColumns.Select(c => new GridCell(spec[TemplateDefinition.ReviewPath(g, c)].Raw, IsValue: true)))
            .ToList();
        if (spec.Variants.ReviewExtraCell)
        {
            values.Add(new GridCell("0", IsValue: true)); // a spurious 16th cell (seed 003)
        }

        var rows = new List<IReadOnlyList<GridCell>>
        {
            new[] { L("行政复议", 5), L("行政诉讼", 10) },
            five.Select(t => L(t, 1, 2)).Concat([L("未经复议直接起诉", 5), L("复议后起诉", 5)]).ToArray(),
            five.Concat(five).Select(t => L(t)).ToArray(),
            values.ToArray(),
        };
        return new GridTable(rows, values.Count, "t4");
    }

    /// <summary>Table 四 as three sub-tables of five (沭阳 TXT; KIROGOV "FORMAT B").</summary>
    public static IReadOnlyList<GridTable> ReviewLitigationSplit(ReportSpec spec)
    {
        var total = spec.Variants.TotalAsHeji ? "合计" : "总计";
        string[] five = ["结果维持", "结果纠正", "其他结果", "尚未审结", total];
        var names = new[] { "行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）" };
        return TemplateDefinition.ReviewGroups.Select((g, i) => new GridTable(
            [
                new[] { L(names[i], 5) },
                five.Select(t => L(t)).ToArray(),
                TemplateDefinition.ReviewColumns.Select(c => new GridCell(spec[TemplateDefinition.ReviewPath(g, c)].Raw, IsValue: true)).ToArray(),
            ],
            5,
            "t4")).ToList();
    }
}

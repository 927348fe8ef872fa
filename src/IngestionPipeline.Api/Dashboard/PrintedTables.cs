using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Api.Dashboard;

/// <summary>
/// One cell of a printed table: a label (<see cref="Path"/> null) or the place of a value (<see cref="Path"/> the
/// contract cell path), with the merged span it has in the official layout.
/// </summary>
public sealed record PrintedCell(string? Text, string? Path = null, int ColSpan = 1, int RowSpan = 1);

/// <summary>One printed table (二, 三 or 四) as rows of <see cref="PrintedCell"/>s.</summary>
public sealed record PrintedTable(string Id, string Title, int Columns, IReadOnlyList<IReadOnlyList<PrintedCell>> Rows);

/// <summary>The printed tables of one template version and the labels of every cell path.</summary>
public sealed record PrintedLayout(string TemplateVersion, IReadOnlyList<PrintedTable> Tables, IReadOnlyDictionary<string, CellLabel> Labels);

/// <summary>Where a contract cell path sits in the printed tables, with its labels.</summary>
public sealed record CellLabel(string Path, string Table, string Row, string Column)
{
    /// <summary>The row and column labels in one line, e.g. <c>一、本年新收政府信息公开申请数量 · 总计</c>.</summary>
    public string Label => $"{Row} · {Column}";
}

/// <summary>
/// Tables 二, 三 and 四 of each template version laid out like the printed ones (the official formats of 2019 and 2021,
/// <c>shared/domain/template-spec.md</c> §3–§5), and the labels of every cell path. The dashboard's report page renders
/// these grids; the agency page names cells by <see cref="CellLabel.Label"/>.
/// </summary>
public static class PrintedTables
{
    public const string ActiveDisclosureTitle = "二、主动公开政府信息情况";
    public const string ApplicationsTitle = "三、收到和处理政府信息公开申请情况";
    public const string ReviewLitigationTitle = "四、政府信息公开行政复议、行政诉讼情况";

    private const string IdentityNote = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

    private static readonly IReadOnlyDictionary<string, string> ApplicationRowLabels = new Dictionary<string, string>(StringComparer.Ordinal)
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
    };

    private static readonly IReadOnlyDictionary<string, string> ApplicationGroupLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["results.denied"] = "（三）不予公开",
        ["results.unableToProvide"] = "（四）无法提供",
        ["results.notProcessed"] = "（五）不予处理",
        ["results.other"] = "（六）其他处理",
    };

    private static readonly IReadOnlyDictionary<string, string> ApplicantLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["naturalPerson"] = "自然人",
        ["legalPerson.commercial"] = "商业企业",
        ["legalPerson.research"] = "科研机构",
        ["legalPerson.social"] = "社会公益组织",
        ["legalPerson.legal"] = "法律服务机构",
        ["legalPerson.other"] = "其他",
        ["total"] = "总计",
    };

    private static readonly IReadOnlyDictionary<string, string> ReviewGroupLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["review"] = "行政复议",
        ["litigationDirect"] = "行政诉讼（未经复议直接起诉）",
        ["litigationPostReview"] = "行政诉讼（复议后起诉）",
    };

    private static readonly IReadOnlyDictionary<string, string> ReviewColumnLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["maintain"] = "结果维持",
        ["correct"] = "结果纠正",
        ["other"] = "其他结果",
        ["unfinished"] = "尚未审结",
        ["total"] = "总计",
    };

    private static readonly Lazy<IReadOnlyList<PrintedTable>> Tables2019 = new(() => Build(TemplateVersion.Gb2019));
    private static readonly Lazy<IReadOnlyList<PrintedTable>> Tables2021 = new(() => Build(TemplateVersion.Gb2021));
    private static readonly Lazy<IReadOnlyDictionary<string, CellLabel>> Labels2019 = new(() => LabelsOf(TemplateVersion.Gb2019));
    private static readonly Lazy<IReadOnlyDictionary<string, CellLabel>> Labels2021 = new(() => LabelsOf(TemplateVersion.Gb2021));

    /// <summary>Tables 二, 三 and 四 of <paramref name="version"/>; every cell path of the version appears exactly once.</summary>
    public static IReadOnlyList<PrintedTable> For(TemplateVersion version) =>
        version == TemplateVersion.Gb2019 ? Tables2019.Value : Tables2021.Value;

    /// <summary>The table, row and column labels of every cell path of <paramref name="version"/>.</summary>
    public static IReadOnlyDictionary<string, CellLabel> LabelsFor(TemplateVersion version) =>
        version == TemplateVersion.Gb2019 ? Labels2019.Value : Labels2021.Value;

    private static List<PrintedTable> Build(TemplateVersion version) =>
        [ActiveDisclosure(version), Applications(version), ReviewLitigation()];

    private static PrintedCell L(string text, int colSpan = 1, int rowSpan = 1) => new(text, null, colSpan, rowSpan);

    private static PrintedCell V(string path, int colSpan = 1) => new(null, path, colSpan);

    private static PrintedTable ActiveDisclosure(TemplateVersion version)
    {
        static PrintedCell A(string row, string column, int colSpan = 1) => V(TemplateDefinition.ActiveDisclosurePath(row, column), colSpan);

        var rows = new List<IReadOnlyList<PrintedCell>>();
        if (version == TemplateVersion.Gb2021)
        {
            rows.AddRange(
            [
                [L("第二十条第（一）项", 4)],
                [L("信息内容"), L("本年制发件数"), L("本年废止件数"), L("现行有效件数")],
                [L("规章"), A("regulations", "made"), A("regulations", "repealed"), A("regulations", "valid")],
                [L("行政规范性文件"), A("normativeDocuments", "made"), A("normativeDocuments", "repealed"), A("normativeDocuments", "valid")],
                [L("第二十条第（五）项", 4)],
                [L("信息内容"), L("本年处理决定数量", 3)],
                [L("行政许可"), A("licensing", "processed", 3)],
                [L("第二十条第（六）项", 4)],
                [L("信息内容"), L("本年处理决定数量", 3)],
                [L("行政处罚"), A("punishment", "processed", 3)],
                [L("行政强制"), A("coercion", "processed", 3)],
                [L("第二十条第（八）项", 4)],
                [L("信息内容"), L("本年收费金额（单位：万元）", 3)],
                [L("行政事业性收费"), A("fees", "amount", 3)],
            ]);
        }
        else
        {
            PrintedCell[] Items(string label, string row) =>
                [L(label), A(row, "prevYearItems"), A(row, "itemChange"), A(row, "processed")];
            rows.AddRange(
            [
                [L("第二十条第（一）项", 4)],
                [L("信息内容"), L("本年新制作数量"), L("本年新公开数量"), L("对外公开总数量")],
                [L("规章"), A("regulations", "newlyMade"), A("regulations", "newlyPublished"), A("regulations", "totalPublished")],
                [L("规范性文件"), A("normativeDocuments", "newlyMade"), A("normativeDocuments", "newlyPublished"), A("normativeDocuments", "totalPublished")],
                [L("第二十条第（五）项", 4)],
                [L("信息内容"), L("上一年项目数量"), L("本年增/减"), L("处理决定数量")],
                Items("行政许可", "licensing"),
                Items("其他对外管理服务事项", "otherManagementServices"),
                [L("第二十条第（六）项", 4)],
                [L("信息内容"), L("上一年项目数量"), L("本年增/减"), L("处理决定数量")],
                Items("行政处罚", "punishment"),
                Items("行政强制", "coercion"),
                [L("第二十条第（八）项", 4)],
                [L("信息内容"), L("上一年项目数量"), L("本年增/减", 2)],
                [L("行政事业性收费"), A("fees", "prevYearItems"), A("fees", "itemChange", 2)],
                [L("第二十条第（九）项", 4)],
                [L("信息内容"), L("采购项目数量"), L("采购总金额", 2)],
                [L("政府集中采购"), A("centralizedProcurement", "projectCount"), A("centralizedProcurement", "totalAmount", 2)],
            ]);
        }

        return new PrintedTable("activeDisclosure", ActiveDisclosureTitle, 4, rows);
    }

    private static PrintedTable Applications(TemplateVersion version)
    {
        static PrintedCell[] Values(string row) =>
            [.. TemplateDefinition.ApplicantColumns.Select(c => V(TemplateDefinition.ApplicationPath(c, row)))];

        var template = TemplateDefinition.For(version);
        var rows = new List<IReadOnlyList<PrintedCell>>
        {
            new[] { L(IdentityNote, 3, 3), L("申请人情况", 7) },
            new[] { L("自然人", 1, 2), L("法人或其他组织", 5), L("总计", 1, 2) },
            new[] { L("商业企业"), L("科研机构"), L("社会公益组织"), L("法律服务机构"), L("其他") },
        };
        var resultRows = template.ApplicationRows.Where(r => r.StartsWith("results.", StringComparison.Ordinal) && r != "results.carriedForward").ToList();
        var first = true;
        foreach (var row in template.ApplicationRows)
        {
            var cells = new List<PrintedCell>();
            if (row is "newReceived" or "carriedOver" or "results.carriedForward")
            {
                cells.Add(L(ApplicationRowLabels[row], 3));
            }
            else
            {
                if (first)
                {
                    cells.Add(L("三、本年度办理结果", 1, resultRows.Count));
                    first = false;
                }

                var group = Group(row);
                if (group is null || (version == TemplateVersion.Gb2019 && group == "results.other"))
                {
                    cells.Add(L(ApplicationRowLabels[row], 2));
                }
                else
                {
                    var members = template.ApplicationRows.Where(r => Group(r) == group).ToList();
                    if (members[0] == row)
                    {
                        cells.Add(L(ApplicationGroupLabels[group], 1, members.Count));
                    }

                    cells.Add(L(ApplicationRowLabels[row]));
                }
            }

            cells.AddRange(Values(row));
            rows.Add(cells);
        }

        return new PrintedTable("applications", ApplicationsTitle, 10, rows);
    }

    /// <summary>The group of a table 三 result row (<c>results.denied</c>, …), or null for a row of its own.</summary>
    private static string? Group(string row)
    {
        var parts = row.Split('.');
        return parts.Length == 3 ? $"{parts[0]}.{parts[1]}" : null;
    }

    private static PrintedTable ReviewLitigation()
    {
        string[] five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
        List<IReadOnlyList<PrintedCell>> rows =
        [
            [L("行政复议", 5), L("行政诉讼", 10)],
            [.. five.Select(t => L(t, 1, 2)), L("未经复议直接起诉", 5), L("复议后起诉", 5)],
            [.. five.Concat(five).Select(t => L(t))],
            [.. TemplateDefinition.ReviewGroups.SelectMany(g => TemplateDefinition.ReviewColumns.Select(c => V(TemplateDefinition.ReviewPath(g, c))))],
        ];
        return new PrintedTable("reviewLitigation", ReviewLitigationTitle, 15, rows);
    }

    private static Dictionary<string, CellLabel> LabelsOf(TemplateVersion version)
    {
        var labels = new Dictionary<string, CellLabel>(StringComparer.Ordinal);
        var table2 = For(version)[0];

        // Table 二: the row label is the first cell of the value's row, the column label the header above it.
        IReadOnlyList<PrintedCell>? header = null;
        foreach (var row in table2.Rows)
        {
            if (row.All(c => c.Path is null))
            {
                if (row.Count > 1)
                {
                    header = row;
                }

                continue;
            }

            var column = 0;
            foreach (var cell in row)
            {
                if (cell.Path is not null && header is not null)
                {
                    labels[cell.Path] = new CellLabel(cell.Path, ActiveDisclosureTitle, row[0].Text!, ColumnText(header, column));
                }

                column += cell.ColSpan;
            }
        }

        foreach (var row in TemplateDefinition.For(version).ApplicationRows)
        {
            var group = Group(row);
            var rowLabel = group is not null && !(version == TemplateVersion.Gb2019 && group == "results.other")
                ? $"{ApplicationGroupLabels[group]}{ApplicationRowLabels[row]}"
                : ApplicationRowLabels[row];
            foreach (var applicant in TemplateDefinition.ApplicantColumns)
            {
                var path = TemplateDefinition.ApplicationPath(applicant, row);
                labels[path] = new CellLabel(path, ApplicationsTitle, rowLabel, ApplicantLabels[applicant]);
            }
        }

        foreach (var group in TemplateDefinition.ReviewGroups)
        {
            foreach (var column in TemplateDefinition.ReviewColumns)
            {
                var path = TemplateDefinition.ReviewPath(group, column);
                labels[path] = new CellLabel(path, ReviewLitigationTitle, ReviewGroupLabels[group], ReviewColumnLabels[column]);
            }
        }

        return labels;
    }

    private static string ColumnText(IReadOnlyList<PrintedCell> header, int column)
    {
        var at = 0;
        foreach (var cell in header)
        {
            if (column < at + cell.ColSpan)
            {
                return cell.Text ?? string.Empty;
            }

            at += cell.ColSpan;
        }

        return string.Empty;
    }
}

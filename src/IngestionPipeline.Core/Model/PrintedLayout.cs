using IngestionPipeline.Core.Normalization;

namespace IngestionPipeline.Core.Model;

/// <summary>
/// Tables 二, 三 and 四 of one template version as the report prints them: each table's header rows, its data rows
/// with their printed labels (group labels repeated on every row, so a row reads on its own) and the cell path
/// under each value column. Built from <see cref="TemplateDefinition"/> and the normalizer's label tables, so the
/// labels are the ones the parser reads and the paths can never drift from the contract.
/// </summary>
public sealed class PrintedLayout
{
    private static readonly string[] Numerals = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    private static readonly Dictionary<string, string> ActiveDisclosureRowLabels = new(StringComparer.Ordinal)
    {
        ["regulations"] = "规章",
        ["normativeDocuments"] = "规范性文件",
        ["licensing"] = "行政许可",
        ["otherManagementServices"] = "其他对外管理服务事项",
        ["punishment"] = "行政处罚",
        ["coercion"] = "行政强制",
        ["fees"] = "行政事业性收费",
        ["centralizedProcurement"] = "政府集中采购",
    };

    private static readonly Dictionary<string, string> ActiveDisclosureColumnLabels = new(StringComparer.Ordinal)
    {
        ["newlyMade"] = "本年新制作数量",
        ["newlyPublished"] = "本年新公开数量",
        ["totalPublished"] = "对外公开总数量",
        ["prevYearItems"] = "上一年项目数量",
        ["itemChange"] = "本年增/减",
        ["processed"] = "处理决定数量",
        ["projectCount"] = "采购项目数量",
        ["totalAmount"] = "采购总金额",
        ["made"] = "本年制发件数",
        ["repealed"] = "本年废止件数",
        ["valid"] = "现行有效件数",
        ["amount"] = "本年收费金额（单位：万元）",
    };

    private static readonly Dictionary<string, string> ApplicantColumnLabels = new(StringComparer.Ordinal)
    {
        ["naturalPerson"] = "自然人",
        ["legalPerson.commercial"] = "商业企业",
        ["legalPerson.research"] = "科研机构",
        ["legalPerson.social"] = "社会公益组织",
        ["legalPerson.legal"] = "法律服务机构",
        ["legalPerson.other"] = "其他",
        ["total"] = "总计",
    };

    private static readonly Dictionary<int, string> ApplicationGroupLabels = new()
    {
        [3] = "不予公开",
        [4] = "无法提供",
        [5] = "不予处理",
        [6] = "其他处理",
    };

    private static readonly Dictionary<string, string> ReviewGroupLabels = new(StringComparer.Ordinal)
    {
        ["review"] = "行政复议",
        ["litigationDirect"] = "行政诉讼 未经复议直接起诉",
        ["litigationPostReview"] = "行政诉讼 复议后起诉",
    };

    private static readonly Dictionary<string, string> ReviewColumnLabels = new(StringComparer.Ordinal)
    {
        ["maintain"] = "结果维持",
        ["correct"] = "结果纠正",
        ["other"] = "其他结果",
        ["unfinished"] = "尚未审结",
        ["total"] = "总计",
    };

    private static readonly PrintedLayout Gb2019Layout = new(TemplateDefinition.Gb2019);
    private static readonly PrintedLayout Gb2021Layout = new(TemplateDefinition.Gb2021);

    private readonly Dictionary<string, PrintedPosition> positions = new(StringComparer.Ordinal);

    private PrintedLayout(TemplateDefinition template)
    {
        Version = template.Version;
        Tables = [ActiveDisclosureTable(template), ApplicationsTable(template), ReviewTable()];
        foreach (var table in Tables)
        {
            foreach (var row in table.Rows)
            {
                for (var i = 0; i < row.Paths.Count; i++)
                {
                    if (row.Paths[i] is { } path)
                    {
                        positions[path] = new PrintedPosition(table.Key, row.Label, row.ColumnLabels[i]);
                    }
                }
            }
        }
    }

    public TemplateVersion Version { get; }

    /// <summary>Tables 二, 三 and 四, in printed order.</summary>
    public IReadOnlyList<PrintedTable> Tables { get; }

    public static PrintedLayout For(TemplateVersion version) => version == TemplateVersion.Gb2019 ? Gb2019Layout : Gb2021Layout;

    /// <summary>The printed table, row label and column label of a cell path; null for a path not of this version.</summary>
    public PrintedPosition? Locate(string path) => positions.TryGetValue(path, out var position) ? position : null;

    private static PrintedTable ActiveDisclosureTable(TemplateDefinition template)
    {
        // Each row of table 二 has its own value columns (the printed table repeats a header per sub-table).
        var rows = template.ActiveDisclosure.Select(r => new PrintedRow(
            [ActiveDisclosureRowLabels[r.Key]],
            [.. r.Columns.Select(c => ActiveDisclosureColumnLabels[c])],
            [.. r.Columns.Select(c => (string?)TemplateDefinition.ActiveDisclosurePath(r.Key, c))])).ToList();
        return new PrintedTable("二", "二、主动公开政府信息情况", 1, [], rows);
    }

    private static PrintedTable ApplicationsTable(TemplateDefinition template)
    {
        var columnLabels = TemplateDefinition.ApplicantColumns.Select(c => ApplicantColumnLabels[c]).ToList();
        var rows = new List<PrintedRow>();
        foreach (var spec in TableLayout.Applications(template).Rows)
        {
            var labels = spec.Numbering switch
            {
                NumberingKind.Top => new[] { $"{Numerals[spec.Number]}、{spec.FullLabel}" },
                NumberingKind.Paren => ["三、本年度办理结果", $"（{Numerals[spec.Number]}）{spec.FullLabel}"],
                _ => ["三、本年度办理结果", $"（{Numerals[spec.Group ?? 0]}）{ApplicationGroupLabels.GetValueOrDefault(spec.Group ?? 0, "")}", $"{spec.Number}.{spec.FullLabel}"],
            };
            rows.Add(new PrintedRow(
                labels,
                columnLabels,
                [.. TemplateDefinition.ApplicantColumns.Select(c => (string?)TemplateDefinition.ApplicationPath(c, spec.Key))]));
        }

        return new PrintedTable("三", "三、收到和处理政府信息公开申请情况", 3, [columnLabels], rows);
    }

    private static PrintedTable ReviewTable()
    {
        var groups = TemplateDefinition.ReviewGroups;
        var columnLabels = groups.SelectMany(g => TemplateDefinition.ReviewColumns.Select(c => $"{ReviewGroupLabels[g]} {ReviewColumnLabels[c]}")).ToList();
        var header1 = groups.SelectMany(g => TemplateDefinition.ReviewColumns.Select(_ => ReviewGroupLabels[g])).ToList();
        var header2 = groups.SelectMany(_ => TemplateDefinition.ReviewColumns.Select(c => ReviewColumnLabels[c])).ToList();
        var row = new PrintedRow(
            ["四、政府信息公开行政复议、行政诉讼情况"],
            columnLabels,
            [.. groups.SelectMany(g => TemplateDefinition.ReviewColumns.Select(c => (string?)TemplateDefinition.ReviewPath(g, c)))]);
        return new PrintedTable("四", "四、政府信息公开行政复议、行政诉讼情况", 1, [[.. header1], [.. header2]], [row]);
    }
}

/// <summary>One printed table: its number (二), title, how many label columns its rows have, header rows and data rows.</summary>
/// <param name="HeaderRows">The headers of the value columns (above the data rows, right of the label columns); empty for table 二, whose rows carry their own.</param>
public sealed record PrintedTable(string Key, string Title, int LabelColumns, IReadOnlyList<IReadOnlyList<string>> HeaderRows, IReadOnlyList<PrintedRow> Rows);

/// <summary>
/// One printed data row: its label levels (<c>三、本年度办理结果</c> / <c>（三）不予公开</c> / <c>1.属于国家秘密</c>), the label of
/// each value column and the cell path under it.
/// </summary>
public sealed record PrintedRow(IReadOnlyList<string> Labels, IReadOnlyList<string> ColumnLabels, IReadOnlyList<string?> Paths)
{
    /// <summary>The label levels joined: <c>三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密</c>.</summary>
    public string Label { get; } = string.Join(" / ", Labels);
}

/// <summary>Where a cell path is printed: table (二, 三, 四), row label and column label.</summary>
public sealed record PrintedPosition(string Table, string Row, string Column)
{
    /// <summary>Row and column in one label: <c>一、本年新收政府信息公开申请数量 · 自然人</c>.</summary>
    public string Label => $"{Row} · {Column}";
}

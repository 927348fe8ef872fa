using System.Globalization;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Corpus;

/// <summary>Generation switches that depend on the output layout.</summary>
public sealed record GeneratorOptions
{
    /// <summary>Whether some zero cells may be printed blank (EMPTY). Layouts that lose blank cells (one cell per line) say no.</summary>
    public bool AllowBlankCells { get; init; } = true;

    /// <summary>
    /// The spec §8 hazards (more blank/NA cells incl. row edges, 小计 column, 16-cell and split table 四, and the
    /// format-specific ones below). Off by default so unit tests keep the plain generator; the corpus turns it on.
    /// </summary>
    public bool Hazards { get; init; }

    /// <summary>Text-only hazards (page breaks and repeated headers inside tables, vertical and OCR-damaged labels).</summary>
    public bool TextHazards { get; init; }

    /// <summary>Whether the layout keeps a multi-row label's continuation rows (vertical group label) and unreadable-label rows apart.</summary>
    public bool RowPerLine { get; init; } = true;

    /// <summary>Numbers split by a space inside one cell (<c>10 82</c>), for layouts where a cell stays one cell.</summary>
    public bool SplitDigits { get; init; }

    /// <summary>Force a template version (null: from the year).</summary>
    public TemplateVersion? Version { get; init; }
}

/// <summary>
/// Builds random but identity-consistent reports from a seed (deterministic: <see cref="Random"/> with a seed uses
/// a fixed algorithm). Table 三 holds every identity of spec §5.3 (column sums, results sums, 一+二 = 三(七)+四) and
/// table 四 every group sum of §6; NA and blank cells only ever replace zeros, so the underlying numbers still add up.
/// </summary>
public static class ReportSpecGenerator
{
    private static readonly (string Province, string? City, string? County)[] Regions =
    [
        ("山东省", "临沂市", "兰陵县"), ("山东省", "烟台市", "龙口市"), ("山东省", "聊城市", "东昌府区"), ("山东省", "济宁市", "曲阜市"),
        ("吉林省", "长春市", "绿园区"), ("吉林省", "吉林市", "丰满区"), ("河南省", "济源市", null), ("河南省", "洛阳市", "偃师区"),
        ("江苏省", "宿迁市", "沭阳县"), ("江苏省", "苏州市", "吴江区"), ("浙江省", "杭州市", "西湖区"), ("浙江省", "宁波市", "鄞州区"),
        ("四川省", "成都市", "武侯区"), ("四川省", "绵阳市", "涪城区"), ("湖北省", "武汉市", "江汉区"), ("湖南省", "长沙市", "岳麓区"),
        ("广东省", "佛山市", "南海区"), ("广东省", "广州市", "天河区"), ("上海市", null, "徐汇区"), ("北京市", null, "海淀区"),
        ("安徽省", "合肥市", "蜀山区"), ("福建省", "厦门市", "思明区"), ("河北省", "石家庄市", "正定县"), ("陕西省", "西安市", "雁塔区"),
        ("江西省", "赣州市", "南康区"), ("山西省", "太原市", "小店区"), ("云南省", "昆明市", "官渡区"), ("贵州省", "遵义市", "汇川区"),
    ];

    /// <summary>Full agency names with an optional common abbreviation.</summary>
    private static readonly (string Full, string? Abbreviation)[] Agencies =
    [
        ("卫生健康局", "卫健局"), ("卫生健康委员会", "卫健委"), ("教育局", null), ("教育和体育局", "教体局"), ("自然资源局", null),
        ("自然资源和规划局", null), ("住房和城乡建设局", "住建局"), ("市场监督管理局", "市场监管局"), ("人力资源和社会保障局", "人社局"),
        ("生态环境分局", null), ("交通运输局", null), ("农业农村局", null), ("民政局", null), ("司法局", null), ("财政局", null),
        ("应急管理局", null), ("文化和旅游局", "文旅局"), ("医疗保障局", "医保局"), ("发展和改革局", "发改局"), ("退役军人事务局", null),
    ];

    private static readonly string[] ProblemsTitles =
    [
        "五、存在的主要问题及改进情况", "五、存在的主要问题及改进情况", "五、存在的主要问题及改进情况",
        "五、存在的主要问题及下一步工作打算", "五、政府信息公开工作存在的主要问题及改进情况", "五、存在问题及改进情况",
    ];

    public static ReportSpec Generate(int seed, string? name = null, GeneratorOptions? options = null)
    {
        options ??= new GeneratorOptions();
        var rng = new Random(seed);
        var year = rng.Next(2019, 2026);
        var version = options.Version ?? (year <= 2020 ? TemplateVersion.Gb2019 : TemplateVersion.Gb2021);
        if (options.Version is { } forced)
        {
            year = forced == TemplateVersion.Gb2019 ? rng.Next(2019, 2021) : rng.Next(2021, 2026);
        }

        var agency = PickAgency(rng);
        var variants = new ReportVariants
        {
            TotalAsHeji = rng.NextDouble() < 0.25,
            PlainNormativeLabel = version == TemplateVersion.Gb2021 && rng.NextDouble() < 0.2,
            ShandongNotes = agency.Province == "山东省" ? rng.NextDouble() < 0.8 : rng.NextDouble() < 0.1,
            JilinExtraRow = agency.Province == "吉林省" ? rng.NextDouble() < 0.8 : rng.NextDouble() < 0.05,
            SpacedTitle = rng.NextDouble() < 0.2,
            ReviewTitle = rng.NextDouble() < 0.2 ? "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况" : "四、政府信息公开行政复议、行政诉讼情况",
            ProblemsTitle = ProblemsTitles[rng.Next(ProblemsTitles.Length)],
        };

        var template = TemplateDefinition.For(version);
        var cells = new Dictionary<string, SpecCell>(StringComparer.Ordinal);
        if (version == TemplateVersion.Gb2019)
        {
            ActiveDisclosure2019(rng, cells);
        }
        else
        {
            ActiveDisclosure2021(rng, cells);
        }

        var applications = Applications(rng, template);
        foreach (var (path, value) in applications)
        {
            cells[path] = SpecCell.Number(value);
        }

        ReviewLitigation(rng, cells);
        InjectNotApplicable(rng, template, cells, options.AllowBlankCells, options.Hazards ? 0.35 : 0.15, options.Hazards ? 0.5 : 0.35);
        if (options.Hazards)
        {
            variants = Hazards(rng, options, version, template, cells, variants);
        }

        var printedTitle = Title(rng, agency.PrintedName, year, variants.SpacedTitle);
        var spec = new ReportSpec
        {
            Name = name ?? $"r{seed}",
            Seed = seed,
            Year = year,
            Version = version,
            Agency = agency,
            PrintedTitle = printedTitle,
            Cells = new Dictionary<string, SpecCell>(),
            Variants = variants,
            JilinPublishedTotal = rng.Next(0, 800),
            Preamble = [],
            Overall = [],
            Problems = [],
            OtherMatters = [],
        };
        spec = spec with { Cells = spec.Ordered(cells) };
        var narrative = Narrative.Write(rng, spec);
        return spec with
        {
            Preamble = narrative.Preamble,
            Overall = narrative.Overall,
            Problems = narrative.Problems,
            OtherMatters = narrative.OtherMatters,
        };
    }

    private static AgencySpec PickAgency(Random rng)
    {
        var (province, city, county) = Regions[rng.Next(Regions.Length)];
        var (full, abbreviation) = Agencies[rng.Next(Agencies.Length)];
        var place = county ?? city ?? province;
        var printedBase = abbreviation is not null && rng.NextDouble() < 0.4 ? abbreviation : full;
        var printed = place + printedBase;
        return new AgencySpec(province, city, county, place + full, printed, place + full);
    }

    private static string Title(Random rng, string organization, int year, bool spaced)
    {
        var form = rng.Next(4);
        var title = form switch
        {
            0 => $"{organization}{year}年度政府信息公开工作年度报告",
            1 => $"{organization}{year}年政务公开工作年度报告",
            _ => $"{organization}{year}年政府信息公开工作年度报告",
        };
        if (spaced)
        {
            title = rng.Next(2) == 0
                ? title.Replace("工作年度报告", "工作 年度报告", StringComparison.Ordinal)
                : title.Replace($"{year}年", $" {year} 年", StringComparison.Ordinal);
        }

        return title;
    }

    private static int Small(Random rng, double zeroShare, int max) => rng.NextDouble() < zeroShare ? 0 : rng.Next(1, max + 1);

    /// <summary>Mostly small, sometimes large counts (a licensing office makes thousands of decisions).</summary>
    private static int Count(Random rng, double zeroShare)
    {
        var u = rng.NextDouble();
        if (u < zeroShare)
        {
            return 0;
        }

        return rng.Next(10) switch
        {
            < 5 => rng.Next(1, 20),
            < 8 => rng.Next(20, 200),
            _ => rng.Next(200, 6000),
        };
    }

    private static void ActiveDisclosure2021(Random rng, Dictionary<string, SpecCell> cells)
    {
        foreach (var row in new[] { "regulations", "normativeDocuments" })
        {
            var isRegulation = row == "regulations";
            var made = isRegulation ? Small(rng, 0.85, 3) : Small(rng, 0.35, 25);
            var repealed = isRegulation ? Small(rng, 0.9, 2) : Small(rng, 0.55, 12);
            var valid = Math.Max(0, made - repealed) + (isRegulation ? Small(rng, 0.7, 6) : Small(rng, 0.2, 60));
            cells[P(row, "made")] = !isRegulation && made >= 4 && rng.NextDouble() < 0.15
                ? SpecCell.Number(made, $"{made}（其中修订{rng.Next(1, made)}件）")
                : SpecCell.Number(made);
            cells[P(row, "repealed")] = !isRegulation && repealed >= 3 && rng.NextDouble() < 0.15
                ? SpecCell.Number(repealed, $"{repealed}（含自然失效{rng.Next(1, repealed)}件）")
                : SpecCell.Number(repealed);
            cells[P(row, "valid")] = SpecCell.Number(valid);
        }

        // Annotation notes: the parser keeps the parenthetical text; it is not compared, but keep it plausible.
        foreach (var key in cells.Keys.ToList())
        {
            var c = cells[key];
            if (c.Raw.Contains('（', StringComparison.Ordinal))
            {
                var open = c.Raw.IndexOf('（', StringComparison.Ordinal);
                cells[key] = c with { Note = c.Raw[(open + 1)..^1] };
            }
        }

        cells[P("licensing", "processed")] = SpecCell.Number(Count(rng, 0.3));
        cells[P("punishment", "processed")] = SpecCell.Number(Count(rng, 0.35));
        cells[P("coercion", "processed")] = SpecCell.Number(Small(rng, 0.7, 30));
        cells[P("fees", "amount")] = Money2021(rng);
    }

    private static SpecCell Money2021(Random rng)
    {
        if (rng.NextDouble() < 0.6)
        {
            return SpecCell.Number(0, unit: "万元");
        }

        var decimals = rng.Next(0, 5);
        var amount = Math.Round((decimal)(rng.NextDouble() * (rng.Next(3) == 0 ? 500 : 20)), decimals);
        if (amount == 0)
        {
            amount = 0.5m;
        }

        var raw = amount.ToString("0.####", CultureInfo.InvariantCulture);
        return SpecCell.Number(decimal.Parse(raw, CultureInfo.InvariantCulture), raw, unit: "万元");
    }

    private static void ActiveDisclosure2019(Random rng, Dictionary<string, SpecCell> cells)
    {
        foreach (var row in new[] { "regulations", "normativeDocuments" })
        {
            var isRegulation = row == "regulations";
            var made = isRegulation ? Small(rng, 0.85, 3) : Small(rng, 0.35, 25);
            var published = rng.NextDouble() < 0.8 ? made : Small(rng, 0.3, made + 5);
            var total = published + (isRegulation ? Small(rng, 0.6, 10) : Small(rng, 0.25, 120));
            cells[P(row, "newlyMade")] = SpecCell.Number(made);
            cells[P(row, "newlyPublished")] = SpecCell.Number(published);
            cells[P(row, "totalPublished")] = SpecCell.Number(total);
        }

        foreach (var row in new[] { "licensing", "otherManagementServices", "punishment", "coercion" })
        {
            var zeroShare = row is "otherManagementServices" or "coercion" ? 0.65 : 0.2;
            var prev = Count(rng, zeroShare);
            if (prev > 1500)
            {
                prev = rng.Next(50, 400);
            }

            var change = ItemChangeCell(rng, prev);
            var processed = rng.Next(5) switch
            {
                0 => (int)Math.Max(0, prev + change.Underlying), // the common misreading: items after the change
                1 => 0,
                _ => Count(rng, 0.2),
            };
            cells[P(row, "prevYearItems")] = SpecCell.Number(prev);
            cells[P(row, "itemChange")] = change;
            cells[P(row, "processed")] = SpecCell.Number(processed);
        }

        var feeItems = Small(rng, 0.6, 8);
        cells[P("fees", "prevYearItems")] = SpecCell.Number(feeItems);
        cells[P("fees", "itemChange")] = ItemChangeCell(rng, feeItems);

        var projects = Small(rng, 0.45, 40);
        cells[P("centralizedProcurement", "projectCount")] = projects > 0 && rng.NextDouble() < 0.3
            ? SpecCell.Number(projects, rng.Next(2) == 0 ? $"{projects} 项" : $"{projects}项", unit: "项")
            : SpecCell.Number(projects);
        cells[P("centralizedProcurement", "totalAmount")] = projects == 0 ? SpecCell.Number(0) : ProcurementAmount(rng);
    }

    private static SpecCell ProcurementAmount(Random rng)
    {
        var decimals = rng.Next(1, 5);
        var amount = Math.Round((decimal)(rng.NextDouble() * (rng.Next(3) == 0 ? 3000 : 150)) + 0.01m, decimals);
        var text = amount.ToString("0.####", CultureInfo.InvariantCulture);
        var value = decimal.Parse(text, CultureInfo.InvariantCulture);
        return rng.Next(4) switch
        {
            0 => SpecCell.Number(value, $"{text} 万元", unit: "万元"),
            1 => SpecCell.Number(value, $"{text}万", unit: "万元"),
            2 => SpecCell.Number(value, $"{text}万元", unit: "万元"),
            _ => SpecCell.Number(value, text), // no unit printed (seed 003)
        };
    }

    /// <summary>gb2019 本年增/减 forms of spec §4b.</summary>
    private static SpecCell ItemChangeCell(Random rng, int prev)
    {
        var roll = rng.Next(100);
        if (roll < 45)
        {
            return SpecCell.Number(0);
        }

        if (roll < 48)
        {
            return SpecCell.Number(0, "无变化");
        }

        var down = prev > 0 && rng.Next(2) == 0;
        var n = down ? rng.Next(1, prev + 1) : rng.Next(1, Math.Max(2, Math.Min(prev + 10, 60)));
        if (roll < 63)
        {
            return down
                ? SpecCell.Number(-n, $"减少 {n}", change: new ItemChange(null, n, -n))
                : SpecCell.Number(n, $"增加 {n}", change: new ItemChange(n, null, n));
        }

        if (roll < 70 && prev > 1)
        {
            var inc = rng.Next(1, 6);
            var dec = rng.Next(1, prev + 1);
            return SpecCell.Number(inc - dec, $"增 {inc} 减 {dec}", change: new ItemChange(inc, dec, inc - dec));
        }

        if (roll < 80 && !down && rng.Next(2) == 0)
        {
            return SpecCell.Number(n, $"+{n}");
        }

        return down ? SpecCell.Number(-n, $"-{n}") : SpecCell.Number(n);
    }

    /// <summary>Table 三: per applicant column, new + carried = processed + forward, processed = Σ result rows; total column = Σ 6 columns.</summary>
    private static Dictionary<string, decimal> Applications(Random rng, TemplateDefinition template)
    {
        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var resultRows = template.ApplicationRows.Where(r => r.StartsWith("results.", StringComparison.Ordinal) && r is not "results.totalProcessed" and not "results.carriedForward").ToList();
        var weights = resultRows.Select(Weight).ToArray();
        var quiet = rng.NextDouble() < 0.25; // a quarter of agencies received no application at all
        var columns = TemplateDefinition.ApplicantColumns.Take(6).ToList();
        var totals = template.ApplicationRows.ToDictionary(r => r, _ => 0m, StringComparer.Ordinal);
        for (var ci = 0; ci < columns.Count; ci++)
        {
            var newReceived = quiet ? 0 : ci switch
            {
                0 => rng.Next(10) switch { < 2 => 0, < 6 => rng.Next(1, 12), < 9 => rng.Next(12, 70), _ => rng.Next(70, 420) },
                1 => Small(rng, 0.6, 8),
                2 => Small(rng, 0.88, 2),
                3 => Small(rng, 0.8, 3),
                4 => Small(rng, 0.75, 5),
                _ => Small(rng, 0.7, 4),
            };
            var carriedOver = quiet ? 0 : rng.NextDouble() < 0.75 ? 0 : rng.Next(1, Math.Max(2, newReceived / 8 + 2));
            var pool = newReceived + carriedOver;
            var forward = pool == 0 || rng.NextDouble() < 0.65 ? 0 : rng.Next(1, Math.Min(pool, 5) + 1);
            var processed = pool - forward;
            var counts = new int[resultRows.Count];
            for (var k = 0; k < processed; k++)
            {
                counts[PickWeighted(rng, weights)]++;
            }

            var column = columns[ci];
            void Set(string row, decimal v)
            {
                values[TemplateDefinition.ApplicationPath(column, row)] = v;
                totals[row] += v;
            }

            Set("newReceived", newReceived);
            Set("carriedOver", carriedOver);
            for (var r = 0; r < resultRows.Count; r++)
            {
                Set(resultRows[r], counts[r]);
            }

            Set("results.totalProcessed", processed);
            Set("results.carriedForward", forward);
        }

        foreach (var (row, total) in totals)
        {
            values[TemplateDefinition.ApplicationPath("total", row)] = total;
        }

        return values;
    }

    private static double Weight(string row) => row switch
    {
        "results.granted" => 40,
        "results.partialGrant" => 8,
        "results.denied.stateSecret" => 0.3,
        "results.denied.thirdPartyRights" => 1.5,
        "results.denied.processInfo" => 1.5,
        "results.denied.adminQuery" => 2,
        "results.unableToProvide.noInfo" => 22,
        "results.unableToProvide.needCreation" => 4,
        "results.unableToProvide.unclear" => 3,
        "results.notProcessed.complaint" => 4,
        "results.notProcessed.repeat" => 3,
        "results.other.total" => 6,
        "results.other.overdueCorrection" => 3,
        "results.other.overdueFee" => 0.4,
        "results.other.otherReasons" => 3,
        _ => 0.8,
    };

    private static int PickWeighted(Random rng, double[] weights)
    {
        var x = rng.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static void ReviewLitigation(Random rng, Dictionary<string, SpecCell> cells)
    {
        foreach (var group in TemplateDefinition.ReviewGroups)
        {
            var active = rng.NextDouble() < (group == "review" ? 0.35 : 0.18);
            var parts = TemplateDefinition.ReviewColumns.Take(4)
                .Select(c => active ? (c == "maintain" ? Small(rng, 0.3, 6) : Small(rng, 0.6, 3)) : 0)
                .ToArray();
            for (var i = 0; i < 4; i++)
            {
                cells[TemplateDefinition.ReviewPath(group, TemplateDefinition.ReviewColumns[i])] = SpecCell.Number(parts[i]);
            }

            cells[TemplateDefinition.ReviewPath(group, "total")] = SpecCell.Number(parts.Sum());
        }
    }

    /// <summary>About one report in seven (one in three with hazards) prints a few zero cells as <c>/</c>, <c>—</c>, <c>无</c> or blank.</summary>
    private static void InjectNotApplicable(Random rng, TemplateDefinition template, Dictionary<string, SpecCell> cells, bool allowBlank, double share, double blankShare)
    {
        if (rng.NextDouble() >= share)
        {
            return;
        }

        string[] markers = ["/", "/", "—", "-", "／", "无", "——"];
        var zeros = template.CellPaths.Where(p => cells[p].Semantic == CellSemantic.Zero && cells[p].Raw == "0").ToList();
        var n = Math.Min(zeros.Count, rng.Next(1, 7));
        // Prefer a run of neighbouring cells (a whole row printed as '/' is the usual pattern).
        var start = zeros.Count == 0 ? 0 : rng.Next(zeros.Count);
        var blank = allowBlank && rng.NextDouble() < blankShare;
        var marker = markers[rng.Next(markers.Length)];
        for (var i = 0; i < n; i++)
        {
            var path = zeros[(start + i) % zeros.Count];
            cells[path] = blank
                ? new SpecCell(string.Empty, null, CellSemantic.Empty, 0)
                : new SpecCell(marker, null, CellSemantic.NA, 0);
        }
    }

    private static ReportVariants Hazards(Random rng, GeneratorOptions options, TemplateVersion version, TemplateDefinition template, Dictionary<string, SpecCell> cells, ReportVariants variants)
    {
        InjectEdgeBlanks(rng, cells, options.AllowBlankCells);
        if (options.SplitDigits)
        {
            InjectSplitDigits(rng, template, cells);
        }

        variants = variants with
        {
            LegalSubtotal = rng.NextDouble() < 0.2,
            ReviewExtraCell = rng.NextDouble() < 0.12,
            ReviewSplit = rng.NextDouble() < 0.15,
        };
        if (options.TextHazards)
        {
            variants = variants with
            {
                PageBreakInTable = rng.NextDouble() < 0.4,
                VerticalGroupLabel = options.RowPerLine && rng.NextDouble() < 0.3,
                LabelNoise = LabelNoise(rng, version, options.RowPerLine),
            };
        }

        return variants;
    }

    /// <summary>
    /// A blank or NA cell at the edge of a table 三 row (自然人 or 总计 column), the case that used to lose the
    /// whole row. Only zeros are replaced, so the identities still hold on the underlying numbers.
    /// </summary>
    private static void InjectEdgeBlanks(Random rng, Dictionary<string, SpecCell> cells, bool allowBlank)
    {
        if (rng.NextDouble() >= 0.3)
        {
            return;
        }

        var column = rng.Next(2) == 0 ? "naturalPerson" : "total";
        var zeros = cells.Keys
            .Where(p => p.StartsWith($"applications.{column}.", StringComparison.Ordinal) && cells[p].Semantic == CellSemantic.Zero && cells[p].Raw == "0")
            .ToList();
        var blank = allowBlank && rng.NextDouble() < 0.6;
        for (var i = rng.Next(1, 4); i > 0 && zeros.Count > 0; i--)
        {
            var path = zeros[rng.Next(zeros.Count)];
            zeros.Remove(path);
            cells[path] = blank ? new SpecCell(string.Empty, null, CellSemantic.Empty, 0) : new SpecCell(rng.Next(2) == 0 ? "/" : "—", null, CellSemantic.NA, 0);
        }
    }

    /// <summary>A number of table 三 printed with a stray space inside its cell (<c>10 82</c>): one number, 1082.</summary>
    private static void InjectSplitDigits(Random rng, TemplateDefinition template, Dictionary<string, SpecCell> cells)
    {
        if (rng.NextDouble() >= 0.25)
        {
            return;
        }

        var candidates = template.CellPaths.Where(p => p.StartsWith("applications.", StringComparison.Ordinal) && cells[p] is { Semantic: CellSemantic.Numeric, Value: >= 10 and < 10000 } c && c.Raw.All(char.IsAsciiDigit)).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var path = candidates[rng.Next(candidates.Count)];
        var raw = cells[path].Raw;
        var cut = rng.Next(1, raw.Length);
        cells[path] = cells[path] with { Raw = raw[..cut] + " " + raw[cut..] };
    }

    /// <summary>OCR damage in table 三 labels: one wrong character in a long label, or （六）其他处理 read as （八）共尼人生 (seed 002).</summary>
    private static Dictionary<string, string> LabelNoise(Random rng, TemplateVersion version, bool rowPerLine)
    {
        var noise = new Dictionary<string, string>(StringComparer.Ordinal);
        if (rng.NextDouble() >= 0.35)
        {
            return noise;
        }

        if (rowPerLine && rng.Next(2) == 0)
        {
            noise[version == TemplateVersion.Gb2019 ? "results.other.total" : "group6"] = "（八）共尼人生";
            return noise;
        }

        var longLabels = Rendering.ReportTables.ApplicationLabels.Where(kv => kv.Value.Length >= 9).ToList();
        var (key, label) = longLabels[rng.Next(longLabels.Count)];
        var numbering = label.IndexOfAny(['、', '.', '）']) + 1;
        var position = rng.Next(Math.Max(numbering + 2, label.Length / 2), label.Length);
        const string wrong = "口日曰未末土士己已巳人入";
        noise[key] = label[..position] + wrong[rng.Next(wrong.Length)] + label[(position + 1)..];
        return noise;
    }

    private static string P(string row, string column) => TemplateDefinition.ActiveDisclosurePath(row, column);
}

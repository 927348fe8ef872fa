using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Corpus;

/// <summary>
/// One cell as the generator prints it: <see cref="Raw"/> is the printed text ("" for a blank cell) and the
/// rest is what a correct parser must read from it (contract §3). <see cref="Underlying"/> is the number the
/// identities were built with; it differs from <see cref="Value"/> only for NA/EMPTY cells (always 0 there).
/// </summary>
public sealed record SpecCell(
    string Raw,
    decimal? Value,
    CellSemantic Semantic,
    decimal Underlying,
    string? Unit = null,
    string? Note = null,
    ItemChange? Change = null)
{
    public static SpecCell Number(decimal value, string? raw = null, string? unit = null, string? note = null, ItemChange? change = null) =>
        new(raw ?? value.ToString(System.Globalization.CultureInfo.InvariantCulture), value, value == 0 ? CellSemantic.Zero : CellSemantic.Numeric, value, unit, note, change);

    public Cell ToCell() => new(Value, Semantic, Raw, Unit, false, null, Note, Change);
}

/// <summary>The real-world deviations (spec §8) a generated report carries.</summary>
public sealed record ReportVariants
{
    /// <summary>合计 instead of 总计 in table 四 (and in the table 三 total column header).</summary>
    public bool TotalAsHeji { get; init; }

    /// <summary>gb2021 report printing 规范性文件 instead of 行政规范性文件 (gb2019 always prints 规范性文件).</summary>
    public bool PlainNormativeLabel { get; init; }

    /// <summary>Shandong note （本表只填报数字…） above each table.</summary>
    public bool ShandongNotes { get; init; }

    /// <summary>Jilin extra row after table 二 (…政府信息公开发布总数量…：N).</summary>
    public bool JilinExtraRow { get; init; }

    /// <summary>Spaces inside the title (<c>工作 年度报告</c>, <c>… 2019 年…</c>).</summary>
    public bool SpacedTitle { get; init; }

    public string ReviewTitle { get; init; } = "四、政府信息公开行政复议、行政诉讼情况";

    /// <summary>Table 三 prints a 法人或其他组织小计 column (8 values per row; govnianbao "8-column format").</summary>
    public bool LegalSubtotal { get; init; }

    /// <summary>Table 四's value row carries a 16th, spurious cell (seed 003).</summary>
    public bool ReviewExtraCell { get; init; }

    /// <summary>Table 四 printed as three sub-tables (复议 / 直接起诉 / 复议后起诉; 沭阳 TXT).</summary>
    public bool ReviewSplit { get; init; }

    /// <summary>TXT: a page break inside table 三 (a page-number line, then the table header repeated).</summary>
    public bool PageBreakInTable { get; init; }

    /// <summary>TXT: the group label 三、本年度办理结果 printed one character per row (vertical text).</summary>
    public bool VerticalGroupLabel { get; init; }

    /// <summary>TXT: OCR-damaged table 三 labels, by row path (or "group6" for the gb2021 （六） group label).</summary>
    public IReadOnlyDictionary<string, string> LabelNoise { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string ProblemsTitle { get; init; } = "五、存在的主要问题及改进情况";

    /// <summary>Short tags for file names and reports.</summary>
    public IEnumerable<string> Tags()
    {
        if (TotalAsHeji)
        {
            yield return "heji";
        }

        if (PlainNormativeLabel)
        {
            yield return "plainnorm";
        }

        if (ShandongNotes)
        {
            yield return "sdnote";
        }

        if (JilinExtraRow)
        {
            yield return "jlrow";
        }

        if (LegalSubtotal)
        {
            yield return "subtotal";
        }

        if (ReviewExtraCell)
        {
            yield return "t4x16";
        }

        if (ReviewSplit)
        {
            yield return "t4split";
        }
    }
}

/// <summary>The agency a generated report is published by.</summary>
public sealed record AgencySpec(string Province, string? City, string? County, string FullName, string PrintedName, string NormalizedName);

/// <summary>
/// A generated report: identity-consistent table values (every cell path of its template version), metadata,
/// deviations and narrative text. <see cref="ExpectedReport.From"/> turns it into the ground-truth canonical report;
/// the renderers print it as TXT, HTML and DOCX.
/// </summary>
public sealed record ReportSpec
{
    public required string Name { get; init; }

    public required int Seed { get; init; }

    public required int Year { get; init; }

    public required TemplateVersion Version { get; init; }

    public required AgencySpec Agency { get; init; }

    /// <summary>The title as printed (may contain spaces).</summary>
    public required string PrintedTitle { get; init; }

    /// <summary>Every cell path of <see cref="Version"/>, in contract order.</summary>
    public required IReadOnlyDictionary<string, SpecCell> Cells { get; init; }

    public required ReportVariants Variants { get; init; }

    /// <summary>Jilin extra row value (only printed when <see cref="ReportVariants.JilinExtraRow"/>).</summary>
    public int JilinPublishedTotal { get; init; }

    public required IReadOnlyList<string> Preamble { get; init; }

    public required IReadOnlyList<string> Overall { get; init; }

    public required IReadOnlyList<string> Problems { get; init; }

    public required IReadOnlyList<string> OtherMatters { get; init; }

    public TemplateDefinition Template => TemplateDefinition.For(Version);

    public SpecCell this[string path] => Cells[path];

    /// <summary>A copy where blank (EMPTY) cells print <c>/</c> instead, for layouts that cannot show a blank cell.</summary>
    public ReportSpec WithoutBlanks()
    {
        if (!Cells.Values.Any(c => c.Semantic == CellSemantic.Empty))
        {
            return this;
        }

        var cells = Cells.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.Semantic == CellSemantic.Empty ? kv.Value with { Raw = "/", Semantic = CellSemantic.NA } : kv.Value,
            StringComparer.Ordinal);
        return this with { Cells = Ordered(cells) };
    }

    internal IReadOnlyDictionary<string, SpecCell> Ordered(Dictionary<string, SpecCell> cells)
    {
        var ordered = new Dictionary<string, SpecCell>(StringComparer.Ordinal);
        foreach (var path in Template.CellPaths)
        {
            ordered[path] = cells[path];
        }

        return ordered;
    }
}

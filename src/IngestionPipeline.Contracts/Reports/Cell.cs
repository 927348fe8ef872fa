using System.ComponentModel;
using System.Text.Json.Serialization;

namespace IngestionPipeline.Contracts.Reports;

// A report holds some 200 cells: the cell records are settable (required members marked [JsonRequired]) so that
// source-generated deserialisation creates them with the parameterless constructor and setters, without the
// argument arrays init-only and required members cost per object.

/// <summary>
/// One statistical cell (contract §3). <see cref="Value"/> is a number only for <see cref="CellSemantic.Zero"/> and
/// <see cref="CellSemantic.Numeric"/>; a blank, NA, text or missing cell never carries one, and a derived number
/// is only ever written with <see cref="Inferred"/> set.
/// </summary>
[Description("One statistical cell: the value, what the source printed, and where.")]
public sealed record Cell
{
    /// <summary>The number, or null for EMPTY, NA, TEXT and MISSING; money in <see cref="Unit"/>, itemChange as the signed net.</summary>
    [Description("The number, or null for EMPTY, NA, TEXT and MISSING. Counts are integers; money is a decimal in the unit; itemChange is the signed net change.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    [JsonRequired]
    public decimal? Value { get; set; }

    /// <summary>What the source cell held.</summary>
    [JsonRequired]
    public CellSemantic Semantic { get; set; }

    /// <summary>The source text of the cell, or null when MISSING.</summary>
    [Description("The source text of the cell, or null when MISSING.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    [JsonRequired]
    public string? Raw { get; set; }

    /// <summary>The unit, for money and for values printed with one (<c>万元</c>, <c>项</c>).</summary>
    [Description("The unit, for money and for values printed with one (万元, 项).")]
    public string? Unit { get; set; }

    /// <summary>True when the value was derived (e.g. from an identity), not read; written only when true.</summary>
    [Description("True when the value was derived (e.g. from an identity), not read; absent otherwise.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Inferred { get; set; }

    /// <summary>A remark on how the cell was read.</summary>
    [Description("A remark on how the cell was read.")]
    public string? Note { get; set; }

    /// <summary>The parts of a gb2019 本年增/减 value.</summary>
    public ItemChange? Change { get; set; }

    /// <summary>Best available location of the value in the source document.</summary>
    public CellSource? Source { get; set; }
}

/// <summary>What a table cell held in the source (contract §3).</summary>
[Description("What the source cell held: ZERO (prints 0), NUMERIC (any other number), EMPTY (blank), NA (/, —, -, 无), TEXT (anything else), MISSING (not found in the source).")]
[JsonConverter(typeof(JsonStringEnumConverter<CellSemantic>))]
public enum CellSemantic
{
    /// <summary>The source prints 0.</summary>
    [JsonStringEnumMemberName("ZERO")]
    Zero,

    /// <summary>Any other number.</summary>
    [JsonStringEnumMemberName("NUMERIC")]
    Numeric,

    /// <summary>A blank cell.</summary>
    [JsonStringEnumMemberName("EMPTY")]
    Empty,

    /// <summary><c>/</c>, <c>—</c>, <c>-</c>, <c>无</c> and similar.</summary>
    [JsonStringEnumMemberName("NA")]
    NA,

    /// <summary>Anything else that is not a number.</summary>
    [JsonStringEnumMemberName("TEXT")]
    Text,

    /// <summary>The cell could not be found in the source at all.</summary>
    [JsonStringEnumMemberName("MISSING")]
    Missing,
}

/// <summary>The parts of a gb2019 本年增/减 value such as <c>增 1 减 3</c> (increase 1, decrease 3, net −2).</summary>
[Description("The parts of a gb2019 本年增/减 value such as 增 1 减 3 (increase 1, decrease 3, net -2).")]
public sealed record ItemChange
{
    /// <summary>The increase, when printed.</summary>
    public decimal? Increase { get; set; }

    /// <summary>The decrease, when printed.</summary>
    public decimal? Decrease { get; set; }

    /// <summary>The signed net change.</summary>
    [JsonRequired]
    public decimal Net { get; set; }
}

/// <summary>
/// Best available location of a value in the source document: page and line (1-based), the table's id and the
/// cell's row and column in it (1-based), and its box on the page where the format has one.
/// </summary>
[Description("Best available location of the value in the source document; page, line, row and column are 1-based.")]
public sealed record CellSource
{
    /// <summary>The page (1-based), where the format has pages.</summary>
    public int? Page { get; set; }

    /// <summary>The line (1-based), where the format has lines.</summary>
    public int? Line { get; set; }

    /// <summary>The row in the source table (1-based).</summary>
    public int? Row { get; set; }

    /// <summary>The column in the source table (1-based).</summary>
    public int? Column { get; set; }

    /// <summary><c>position</c> when the row printed no readable label and was placed by its neighbours; absent otherwise.</summary>
    [Description("position when the row printed no readable label and was placed by its neighbours in the template's row sequence; absent otherwise.")]
    public string? PlacedBy { get; set; }

    /// <summary>The id of the source table the value was read from (<c>t3</c>); absent for a text line.</summary>
    [Description("The id of the source table the value was read from (t1, t2, … in document order); absent for a text line.")]
    public string? Table { get; set; }

    /// <summary>The cell's box on its page, where the format has one (PDF).</summary>
    public SourceBox? Box { get; set; }

    /// <summary>The OCR recognition confidence (0–1) of a value read from a scan; absent for text-layer and markup formats.</summary>
    [Description("The OCR recognition confidence (0-1, the least sure character) of a value read from a scanned page; absent when the value was read from a text layer or markup.")]
    public double? Confidence { get; set; }
}

/// <summary>A rectangle on a page in PDF points, origin at the page's top-left corner (Docling-style bbox).</summary>
[Description("A rectangle on the page in PDF points, origin at the top-left corner.")]
public sealed record SourceBox
{
    /// <summary>Left edge.</summary>
    [JsonRequired]
    public double Left { get; set; }

    /// <summary>Top edge.</summary>
    [JsonRequired]
    public double Top { get; set; }

    /// <summary>Right edge.</summary>
    [JsonRequired]
    public double Right { get; set; }

    /// <summary>Bottom edge.</summary>
    [JsonRequired]
    public double Bottom { get; set; }
}

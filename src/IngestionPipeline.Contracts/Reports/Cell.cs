using System.ComponentModel;
using System.Text.Json.Serialization;

namespace IngestionPipeline.Contracts.Reports;

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
    public required decimal? Value { get; init; }

    /// <summary>What the source cell held.</summary>
    public required CellSemantic Semantic { get; init; }

    /// <summary>The source text of the cell, or null when MISSING.</summary>
    [Description("The source text of the cell, or null when MISSING.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? Raw { get; init; }

    /// <summary>The unit, for money and for values printed with one (<c>万元</c>, <c>项</c>).</summary>
    [Description("The unit, for money and for values printed with one (万元, 项).")]
    public string? Unit { get; init; }

    /// <summary>True when the value was derived (e.g. from an identity), not read; written only when true.</summary>
    [Description("True when the value was derived (e.g. from an identity), not read; absent otherwise.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Inferred { get; init; }

    /// <summary>A remark on how the cell was read.</summary>
    [Description("A remark on how the cell was read.")]
    public string? Note { get; init; }

    /// <summary>The parts of a gb2019 本年增/减 value.</summary>
    public ItemChange? Change { get; init; }

    /// <summary>Best available location of the value in the source document.</summary>
    public CellSource? Source { get; init; }
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
    public decimal? Increase { get; init; }

    /// <summary>The decrease, when printed.</summary>
    public decimal? Decrease { get; init; }

    /// <summary>The signed net change.</summary>
    public required decimal Net { get; init; }
}

/// <summary>
/// Best available location of a value in the source document: page and line (1-based), the table's id and the
/// cell's row and column in it (1-based), and its box on the page where the format has one.
/// </summary>
[Description("Best available location of the value in the source document; page, line, row and column are 1-based.")]
public sealed record CellSource
{
    /// <summary>The page (1-based), where the format has pages.</summary>
    public int? Page { get; init; }

    /// <summary>The line (1-based), where the format has lines.</summary>
    public int? Line { get; init; }

    /// <summary>The row in the source table (1-based).</summary>
    public int? Row { get; init; }

    /// <summary>The column in the source table (1-based).</summary>
    public int? Column { get; init; }

    /// <summary><c>position</c> when the row printed no readable label and was placed by its neighbours; absent otherwise.</summary>
    [Description("position when the row printed no readable label and was placed by its neighbours in the template's row sequence; absent otherwise.")]
    public string? PlacedBy { get; init; }

    /// <summary>The id of the source table the value was read from (<c>t3</c>); absent for a text line.</summary>
    [Description("The id of the source table the value was read from (t1, t2, … in document order); absent for a text line.")]
    public string? Table { get; init; }

    /// <summary>The cell's box on its page, where the format has one (PDF).</summary>
    public SourceBox? Box { get; init; }
}

/// <summary>A rectangle on a page in PDF points, origin at the page's top-left corner (Docling-style bbox).</summary>
[Description("A rectangle on the page in PDF points, origin at the top-left corner.")]
public sealed record SourceBox
{
    /// <summary>Left edge.</summary>
    public required double Left { get; init; }

    /// <summary>Top edge.</summary>
    public required double Top { get; init; }

    /// <summary>Right edge.</summary>
    public required double Right { get; init; }

    /// <summary>Bottom edge.</summary>
    public required double Bottom { get; init; }
}

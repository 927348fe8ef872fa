namespace IngestionPipeline.Core.Model;

/// <summary>
/// One statistical cell of the canonical report. <see cref="Value"/> is set only for
/// <see cref="CellSemantic.Zero"/> and <see cref="CellSemantic.Numeric"/>; a blank, NA, text or missing
/// cell never carries a number, and a derived number is only ever stored with <see cref="Inferred"/> set.
/// </summary>
public sealed record Cell(
    decimal? Value,
    CellSemantic Semantic,
    string? Raw,
    string? Unit = null,
    bool Inferred = false,
    CellSource? Source = null,
    string? Note = null,
    ItemChange? Change = null)
{
    /// <summary>A cell the normalizer could not locate in the source.</summary>
    public static Cell Missing { get; } = new(null, CellSemantic.Missing, null);

    /// <summary>True when the cell holds a number read (or inferred) from the source.</summary>
    public bool HasValue => Value is not null && Semantic is CellSemantic.Zero or CellSemantic.Numeric;
}

using System.Text.Json.Serialization;

namespace IngestionPipeline.Core.Extraction;

/// <summary>One block of an <see cref="ExtractedDocument"/>: a line/paragraph of text or a table.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(TextBlock), "text")]
[JsonDerivedType(typeof(TableBlock), "table")]
public abstract record DocumentBlock(SourceLocation Location);

/// <summary>A line or paragraph of text, as extracted (not yet cleaned).</summary>
public sealed record TextBlock(string Text, SourceLocation Location) : DocumentBlock(Location)
{
    /// <summary>The line's box on its page, where the reader has one (OCR).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Model.SourceBox? Box { get; init; }

    /// <summary>The recognition confidence (0–1) of a line read by OCR; null for text read from a text layer.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Confidence { get; init; }
}

/// <summary>
/// A table as the source laid it out: cells with row/column indexes and spans. Text formats produce a
/// table per run of tab-separated lines; DOCX/HTML/PDF produce real grids.
/// </summary>
public sealed record TableBlock(IReadOnlyList<TableCell> Cells, SourceLocation Location) : DocumentBlock(Location)
{
    /// <summary>The table's id within its document (<c>t1</c>, <c>t2</c>, … in document order); null until assigned.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }

    /// <summary>The number of rows (written to the artifact for readers, not read back).</summary>
    public int RowCount => Cells.Count == 0 ? 0 : Cells.Max(c => c.Row + c.RowSpan);

    /// <summary>The number of columns (written to the artifact for readers, not read back).</summary>
    public int ColumnCount => Cells.Count == 0 ? 0 : Cells.Max(c => c.Column + c.ColumnSpan);
}

/// <summary>
/// One cell of a <see cref="TableBlock"/>, raw text kept. In memory <see cref="Row"/> and <see cref="Column"/> are
/// 0-based indexes into the grid (spans ≥ 1); the artifact JSON writes them 1-based, like pages and lines and like
/// the canonical report's <c>source.row</c>/<c>source.column</c> (<see cref="OneBasedIndexConverter"/>).
/// </summary>
public sealed record TableCell(
    [property: JsonConverter(typeof(OneBasedIndexConverter))] int Row,
    [property: JsonConverter(typeof(OneBasedIndexConverter))] int Column,
    string Text,
    SourceLocation Location,
    int RowSpan = 1,
    int ColumnSpan = 1)
{
    /// <summary>The cell's box on its page, where the format has one (PDF).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Model.SourceBox? Box { get; init; }

    /// <summary>
    /// The recognition confidence (0–1, the least sure character) of a cell read by OCR; null for cells read from a
    /// text layer or markup, and for an OCR cell with no ink (blank, not zero).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Confidence { get; init; }
}

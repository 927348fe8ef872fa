namespace IngestionPipeline.Core.Model;

/// <summary>Best available location of a value in the source document.</summary>
public sealed record CellSource(int? Page = null, int? Line = null, int? Row = null, int? Column = null)
{
    /// <summary><see cref="PlacedBy"/> of a cell whose row was placed by its position in the template's row sequence.</summary>
    public const string ByPosition = "position";

    /// <summary>
    /// Null when the cell's row was found by its own label (the normal case); <c>position</c> when the row
    /// printed no readable label and was placed by its neighbours in the template's row sequence.
    /// </summary>
    public string? PlacedBy { get; init; }

    /// <summary>
    /// The id of the source table the cell was read from (<see cref="Extraction.TableBlock.Id"/>, e.g. <c>t3</c>),
    /// null when the value was read from a text line.
    /// </summary>
    public string? Table { get; init; }

    /// <summary>The cell's box on its page, where the format has one (PDF).</summary>
    public SourceBox? Box { get; init; }

    /// <summary>The OCR recognition confidence (0–1) of a value read from a scanned page; null for text layers and markup.</summary>
    public double? Confidence { get; init; }

    /// <summary>Below this OCR confidence a cell is low-confidence: marked by a finding, and suspect when a check fails on it.</summary>
    public const double LowConfidence = 0.90;

    /// <summary>True for a value read by OCR with a confidence below <see cref="LowConfidence"/>.</summary>
    public bool IsLowConfidence => Confidence is { } c && c < LowConfidence;
}

/// <summary>A rectangle on a page in PDF points, origin at the page's top-left corner (Docling-style bbox, <c>l t r b</c>).</summary>
public sealed record SourceBox(double Left, double Top, double Right, double Bottom);

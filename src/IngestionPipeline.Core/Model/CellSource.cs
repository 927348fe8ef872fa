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
}

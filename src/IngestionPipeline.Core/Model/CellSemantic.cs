namespace IngestionPipeline.Core.Model;

/// <summary>What a table cell held in the source (contract §3).</summary>
public enum CellSemantic
{
    /// <summary>The source prints 0.</summary>
    Zero,
    /// <summary>Any other number.</summary>
    Numeric,
    /// <summary>A blank cell.</summary>
    Empty,
    /// <summary><c>/</c>, <c>—</c>, <c>-</c>, <c>无</c> and similar.</summary>
    NA,
    /// <summary>Anything else that is not a number.</summary>
    Text,
    /// <summary>The cell could not be found in the source at all.</summary>
    Missing,
}

using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Normalization;

/// <summary>The typed reading of one raw cell text.</summary>
public sealed record ParsedValue(CellSemantic Semantic, decimal? Value, string? Unit = null, string? Note = null, ItemChange? Change = null)
{
    public Cell ToCell(string? raw, CellSource? source) => new(Value, Semantic, raw, Unit, false, source, Note, Change);
}

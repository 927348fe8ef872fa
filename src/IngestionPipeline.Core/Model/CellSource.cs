namespace IngestionPipeline.Core.Model;

/// <summary>Best available location of a value in the source document.</summary>
public sealed record CellSource(int? Page = null, int? Line = null, int? Row = null, int? Column = null);

namespace IngestionPipeline.Core.Extraction;

/// <summary>Where a block or table cell sits in the source file (1-based; null when the format has no such notion).</summary>
public sealed record SourceLocation(int? Page = null, int? Line = null);

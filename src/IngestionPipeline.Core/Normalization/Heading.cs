namespace IngestionPipeline.Core.Normalization;

/// <summary>A top-level heading found in the document: which part it opens, on which line, as printed.</summary>
internal sealed record Heading(ReportPart Part, int LineIndex, string Title);

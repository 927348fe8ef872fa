namespace IngestionPipeline.Core.Normalization;

/// <summary>The report title as printed (whitespace collapsed), the organisation and year it names, and the last line it used.</summary>
internal sealed record TitleInfo(string Title, string Organization, int? Year, int LastLineIndex);

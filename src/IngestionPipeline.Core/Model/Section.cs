namespace IngestionPipeline.Core.Model;

/// <summary>A narrative section, verbatim from the source.</summary>
public sealed record Section(string Title, string Text);

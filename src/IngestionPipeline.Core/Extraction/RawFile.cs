namespace IngestionPipeline.Core.Extraction;

/// <summary>The bytes of a submitted file and the name it arrived with (a hint only: formats are detected from content).</summary>
public sealed record RawFile(ReadOnlyMemory<byte> Content, string FileName);

namespace IngestionPipeline.Core.Parsing;

/// <summary>Limits that keep one hostile file from taking a worker down.</summary>
public sealed class ParserOptions
{
    /// <summary>Files larger than this are rejected with <see cref="ReasonCodes.TooLarge"/>.</summary>
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;
}

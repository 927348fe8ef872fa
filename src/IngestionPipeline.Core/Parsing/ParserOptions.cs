namespace IngestionPipeline.Core.Parsing;

/// <summary>Limits that keep one hostile file from taking a worker down.</summary>
public sealed class ParserOptions
{
    /// <summary>Files larger than this are rejected with <see cref="ReasonCodes.TooLarge"/>.</summary>
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Text and HTML files larger than this are rejected with <see cref="ReasonCodes.TooLarge"/> before decoding: an
    /// annual report is tens of KB of text, and decoding plus normalizing grows with the size (60 MB took 1.1 GB).
    /// </summary>
    public long MaxTextFileBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>
    /// An extracted document with more characters than this (text and cells together) is rejected with
    /// <see cref="ReasonCodes.TooLarge"/> instead of being normalized (which grows with the text).
    /// </summary>
    public long MaxExtractedCharacters { get; set; } = 500_000;

    /// <summary>An extracted document with more table cells than this is rejected with <see cref="ReasonCodes.TooLarge"/>.</summary>
    public int MaxExtractedCells { get; set; } = 200_000;
}

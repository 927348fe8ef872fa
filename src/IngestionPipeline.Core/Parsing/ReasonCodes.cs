namespace IngestionPipeline.Core.Parsing;

/// <summary>Stable reason codes of <see cref="Rejection"/>; subscribers and operators key on these.</summary>
public static class ReasonCodes
{
    public const string EmptyFile = "EMPTY_FILE";
    public const string TooLarge = "TOO_LARGE";
    public const string UnsupportedFormat = "UNSUPPORTED_FORMAT";
    public const string CorruptFile = "CORRUPT_FILE";
    public const string Encrypted = "ENCRYPTED";
    public const string UndecodableText = "UNDECODABLE_TEXT";
    public const string ExtractorUnavailable = "EXTRACTOR_UNAVAILABLE";
    public const string NoTextLayer = "NO_TEXT_LAYER";
    public const string NotAReport = "NOT_A_REPORT";
    public const string NoTables = "NO_TABLES";
    public const string UnknownYear = "UNKNOWN_YEAR";
    public const string RawFileMissing = "RAW_FILE_MISSING";
    public const string ParserError = "PARSER_ERROR";

    /// <summary>The sandboxed extraction process died on this file (stack overflow, abort, killed) on every attempt.</summary>
    public const string ExtractorCrashed = "EXTRACTOR_CRASHED";

    /// <summary>Extraction did not finish within the sandbox's time limit; the child was killed.</summary>
    public const string ExtractionTimeout = "EXTRACTION_TIMEOUT";
}

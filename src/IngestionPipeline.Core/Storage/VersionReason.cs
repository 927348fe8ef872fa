namespace IngestionPipeline.Core.Storage;

/// <summary>Why a version was created. Stored by name; on the wire as <see cref="VersionReasons"/>.</summary>
public enum VersionReason
{
    /// <summary>The report's first version.</summary>
    New,

    /// <summary>Another raw file (the agency re-published or corrected the report) gave other content.</summary>
    SourceChange,

    /// <summary>
    /// The same raw file as the previous version gave other content: the parser changed (a correction by us,
    /// typically through <c>ingest reprocess</c>).
    /// </summary>
    ParserChange,
}

/// <summary>The wire names of <see cref="VersionReason"/> (<c>ReportVersionCreated.Reason</c>, the API, <c>ingest versions --json</c>).</summary>
public static class VersionReasons
{
    public const string New = "new";
    public const string SourceChange = "source-change";
    public const string ParserChange = "parser-change";

    public static string ToWire(this VersionReason reason) => reason switch
    {
        VersionReason.New => New,
        VersionReason.SourceChange => SourceChange,
        VersionReason.ParserChange => ParserChange,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary>
    /// The reason of a version made from <paramref name="sourceSha256"/> over <paramref name="previous"/>: the same raw
    /// file with other content can only come from another parser.
    /// </summary>
    public static VersionReason Of(string sourceSha256, ReportVersionRecord? previous) =>
        previous is null ? VersionReason.New
        : string.Equals(previous.SourceSha256, sourceSha256, StringComparison.Ordinal) ? VersionReason.ParserChange
        : VersionReason.SourceChange;
}

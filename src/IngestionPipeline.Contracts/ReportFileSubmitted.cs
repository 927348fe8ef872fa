namespace IngestionPipeline.Contracts;

/// <summary>
/// A report file has been stored (raw bytes, content-addressed) and awaits extraction. Published by
/// crawler intake (CLI <c>submit</c>/<c>run</c>, HTTP API). Carries a reference to the bytes, never the bytes.
/// </summary>
/// <param name="IngestionId">Correlation id of this file's journey through every stage.</param>
/// <param name="RawSha256">Lower-case hex sha256 of the raw file in the store.</param>
/// <param name="FileName">The file name the file arrived with (a hint only; formats are detected from content).</param>
/// <param name="SourceUrl">Where the crawler found the file, if known.</param>
/// <param name="SubmittedAt">When the file was submitted.</param>
/// <param name="Hints">Optional identity hints from the crawler.</param>
/// <param name="Reprocess">
/// True when an operator re-runs a stored raw file on purpose (<c>ingest reprocess</c>): the file goes through every
/// stage even if its current version was made from the same bytes by the current parser (a re-crawl, false, stops at
/// extract as unchanged then).
/// </param>
public sealed record ReportFileSubmitted(
    Guid IngestionId,
    string RawSha256,
    string FileName,
    string? SourceUrl,
    DateTimeOffset SubmittedAt,
    SubmissionHints? Hints = null,
    bool Reprocess = false);

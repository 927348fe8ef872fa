namespace IngestionPipeline.Contracts;

/// <summary>The extract stage produced the intermediate document (text blocks and tables).</summary>
/// <param name="IngestionId">Correlation id.</param>
/// <param name="RawSha256">The raw file it came from.</param>
/// <param name="FileName">The submitted file name.</param>
/// <param name="ArtifactStage">
/// Stage name (<c>extract</c>) under which the document is stored as an artifact with the ingestion id when
/// <paramref name="Document"/> is null (a claim check: too large to travel in the message), or kept for debugging.
/// </param>
/// <param name="MediaType">The detected media type.</param>
/// <param name="Extractor">The extractor that ran, <c>name@version</c>.</param>
/// <param name="BlockCount">Number of blocks extracted.</param>
/// <param name="Hints">The crawler's hints, passed along.</param>
/// <param name="Document">The intermediate document as UTF-8 JSON, or null when it is in the artifact store (see <paramref name="ArtifactStage"/>).</param>
public sealed record ReportExtracted(
    Guid IngestionId,
    string RawSha256,
    string FileName,
    string ArtifactStage,
    string MediaType,
    string Extractor,
    int BlockCount,
    SubmissionHints? Hints = null,
    byte[]? Document = null);

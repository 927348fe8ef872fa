namespace IngestionPipeline.Contracts;

/// <summary>The normalize stage produced a canonical report (without validation findings).</summary>
/// <param name="IngestionId">Correlation id.</param>
/// <param name="RawSha256">The raw file it came from.</param>
/// <param name="FileName">The submitted file name.</param>
/// <param name="ArtifactStage">
/// Stage name (<c>normalize</c>) under which the report is stored as an artifact with the ingestion id when
/// <paramref name="Report"/> is null (a claim check: too large to travel in the message), or kept for debugging.
/// </param>
/// <param name="Organization">The organization as printed.</param>
/// <param name="Year">The report year.</param>
/// <param name="TemplateVersion"><c>gb2019</c> or <c>gb2021</c>.</param>
/// <param name="Hints">The crawler's hints, passed along.</param>
/// <param name="Report">The canonical report (no findings yet) as UTF-8 JSON, or null when it is in the artifact store (see <paramref name="ArtifactStage"/>).</param>
/// <param name="ClaimChecks">How many stage outputs of this ingestion so far, this message's included, travelled as claim checks (artifacts to delete once it completes).</param>
public sealed record ReportNormalized(
    Guid IngestionId,
    string RawSha256,
    string FileName,
    string ArtifactStage,
    string Organization,
    int Year,
    string TemplateVersion,
    SubmissionHints? Hints = null,
    byte[]? Report = null,
    int ClaimChecks = 0);

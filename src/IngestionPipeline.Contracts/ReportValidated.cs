namespace IngestionPipeline.Contracts;

/// <summary>The validate stage ran the rule catalogue: the canonical report with its findings, for the store stage.</summary>
/// <param name="IngestionId">Correlation id.</param>
/// <param name="RawSha256">The raw file it came from.</param>
/// <param name="FileName">The submitted file name.</param>
/// <param name="ArtifactStage">
/// Stage name (<c>validate</c>) under which the report is stored as an artifact with the ingestion id when
/// <paramref name="Report"/> is null (a claim check: too large to travel in the message), or kept for debugging.
/// </param>
/// <param name="ErrorCount">Findings of severity error.</param>
/// <param name="WarningCount">Findings of severity warning.</param>
/// <param name="InfoCount">Findings of severity info.</param>
/// <param name="Hints">The crawler's hints, passed along.</param>
/// <param name="Report">The validated canonical report as UTF-8 JSON (its canonical serialisation, stored as is), or null when it is in the artifact store (see <paramref name="ArtifactStage"/>).</param>
/// <param name="ClaimChecks">How many stage outputs of this ingestion so far, this message's included, travelled as claim checks (artifacts to delete once it completes).</param>
public sealed record ReportValidated(
    Guid IngestionId,
    string RawSha256,
    string FileName,
    string ArtifactStage,
    int ErrorCount,
    int WarningCount,
    int InfoCount,
    SubmissionHints? Hints = null,
    byte[]? Report = null,
    int ClaimChecks = 0);

namespace IngestionPipeline.Contracts;

/// <summary>The validate stage ran the rule catalogue; the canonical document with findings is stored.</summary>
/// <param name="IngestionId">Correlation id.</param>
/// <param name="RawSha256">The raw file it came from.</param>
/// <param name="FileName">The submitted file name.</param>
/// <param name="ArtifactStage">Stage name of the stored validated document (<c>validate</c>).</param>
/// <param name="ErrorCount">Findings of severity error.</param>
/// <param name="WarningCount">Findings of severity warning.</param>
/// <param name="InfoCount">Findings of severity info.</param>
/// <param name="Hints">The crawler's hints, passed along.</param>
public sealed record ReportValidated(
    Guid IngestionId,
    string RawSha256,
    string FileName,
    string ArtifactStage,
    int ErrorCount,
    int WarningCount,
    int InfoCount,
    SubmissionHints? Hints = null);

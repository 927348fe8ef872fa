namespace IngestionPipeline.Contracts;

/// <summary>The normalize stage produced a canonical report (without validation findings).</summary>
/// <param name="IngestionId">Correlation id.</param>
/// <param name="RawSha256">The raw file it came from.</param>
/// <param name="FileName">The submitted file name.</param>
/// <param name="ArtifactStage">Stage name of the stored canonical document (<c>normalize</c>).</param>
/// <param name="Organization">The organization as printed.</param>
/// <param name="Year">The report year.</param>
/// <param name="TemplateVersion"><c>gb2019</c> or <c>gb2021</c>.</param>
/// <param name="Hints">The crawler's hints, passed along.</param>
public sealed record ReportNormalized(
    Guid IngestionId,
    string RawSha256,
    string FileName,
    string ArtifactStage,
    string Organization,
    int Year,
    string TemplateVersion,
    SubmissionHints? Hints = null);

namespace IngestionPipeline.Contracts;

/// <summary>The ingested file produced exactly the content of the report's current version; nothing new was stored.</summary>
/// <param name="IngestionId">Correlation id.</param>
/// <param name="ReportKey">The report identity.</param>
/// <param name="CurrentVersion">The version whose content matched.</param>
/// <param name="RawSha256">The raw file it came from.</param>
public sealed record ReportUnchanged(
    Guid IngestionId,
    string ReportKey,
    int CurrentVersion,
    string RawSha256);

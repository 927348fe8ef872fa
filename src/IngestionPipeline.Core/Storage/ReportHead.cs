namespace IngestionPipeline.Core.Storage;

/// <summary>The current state of one report identity.</summary>
public sealed record ReportHead(
    string ReportKey,
    string Organization,
    string? OrganizationNormalized,
    string? Region,
    int Year,
    string TemplateVersion,
    int CurrentVersion,
    string ContentHash,
    int FindingCount,
    DateTimeOffset UpdatedAt);

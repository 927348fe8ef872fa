namespace IngestionPipeline.Core.Model;

/// <summary>Report metadata: title and organization as printed, year and template version.</summary>
public sealed record ReportMeta(
    string Title,
    string Organization,
    string? OrganizationNormalized,
    Region? Region,
    int Year,
    TemplateVersion TemplateVersion);

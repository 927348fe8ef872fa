namespace IngestionPipeline.Core.Model;

/// <summary>Report metadata: title and organization as printed, year and template version, and where the year was read.</summary>
public sealed record ReportMeta(
    string Title,
    string Organization,
    string? OrganizationNormalized,
    Region? Region,
    int Year,
    TemplateVersion TemplateVersion)
{
    /// <summary>
    /// Which source decided <see cref="Year"/>, in the normalizer's order of trust: <c>title</c>,
    /// <c>statisticsPeriod</c>, <c>documentProperties</c>, <c>body</c>, <c>hint</c> (the crawler's), <c>fileName</c>.
    /// Null in documents written before this was recorded.
    /// </summary>
    public string? YearSource { get; init; }
}

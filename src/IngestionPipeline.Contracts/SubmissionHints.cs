namespace IngestionPipeline.Contracts;

/// <summary>
/// What a crawler knows about a file besides its bytes. Every member is optional; when present it
/// overrides what the parser reads from the document for the report identity.
/// </summary>
/// <param name="AgencyId">A stable agency identifier of the crawler's own (e.g. a site id).</param>
/// <param name="Organization">The agency name as the crawler saw it.</param>
/// <param name="Region">The region, free text such as <c>山东省临沂市兰陵县</c>.</param>
/// <param name="Year">The report year.</param>
public sealed record SubmissionHints(
    string? AgencyId = null,
    string? Organization = null,
    string? Region = null,
    int? Year = null);

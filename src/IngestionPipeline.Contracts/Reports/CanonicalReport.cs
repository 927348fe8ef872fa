using System.ComponentModel;
using System.Text.Json.Serialization;

namespace IngestionPipeline.Contracts.Reports;

/// <summary>
/// The canonical report of the contract (<c>shared/contract/README.md</c> §2) as it travels on the wire: one
/// type serves both template versions, the cell tables carry the union of the gb2019 and gb2021 members and a
/// report carries exactly those of its version (members that are null are not written).
/// </summary>
[Description("A normalized government information-disclosure annual report (政府信息公开工作年度报告).")]
public sealed record CanonicalReport
{
    /// <summary>The schema version of the document (<c>1.0</c>); a breaking change is a new major.</summary>
    [Description("The schema version of the document; a breaking change is a new major.")]
    public required string SchemaVersion { get; init; }

    /// <summary>Title, organization, region, year and template version.</summary>
    public required ReportMeta Meta { get; init; }

    // The three cell tables are settable like their members: the report mapper fills them through their metadata.

    /// <summary>Table 二: the active disclosure, rows × columns of cells.</summary>
    public ActiveDisclosure? ActiveDisclosure { get; set; }

    /// <summary>Table 三: applications received and how they were answered, per applicant kind.</summary>
    public Applications? Applications { get; set; }

    /// <summary>Table 四: administrative reviews and litigation.</summary>
    public ReviewLitigation? ReviewLitigation { get; set; }

    /// <summary>The three narrative sections, verbatim source text.</summary>
    public required ReportSections Sections { get; init; }

    /// <summary>Failed, uncertain and not-assessable checks (passing checks are not listed).</summary>
    [Description("Failed, uncertain and not-assessable checks; passing checks are not listed.")]
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>Where the report came from and which code versions produced it.</summary>
    public required Provenance Provenance { get; init; }
}

/// <summary>Report metadata (contract §2).</summary>
[Description("Report metadata.")]
public sealed record ReportMeta
{
    /// <summary>The title as printed, whitespace collapsed.</summary>
    [Description("The title as printed, whitespace collapsed.")]
    public required string Title { get; init; }

    /// <summary>The organization as printed in the title.</summary>
    [Description("The organization as printed in the title.")]
    public required string Organization { get; init; }

    /// <summary>The canonical agency name, when known.</summary>
    [Description("The canonical agency name, when known.")]
    public string? OrganizationNormalized { get; init; }

    /// <summary>Administrative region of the agency, best effort; absent when nothing is known.</summary>
    public Region? Region { get; init; }

    /// <summary>The report year.</summary>
    [Description("The report year.")]
    public required int Year { get; init; }

    /// <summary>The national template the report follows.</summary>
    public required TemplateVersion TemplateVersion { get; init; }

    /// <summary>
    /// Which source decided <see cref="Year"/>: <c>title</c>, <c>statisticsPeriod</c>, <c>documentProperties</c>,
    /// <c>body</c>, <c>hint</c> or <c>fileName</c>; absent in documents written before it was recorded.
    /// </summary>
    [Description("Which source decided the year: title, statisticsPeriod, documentProperties, body, hint or fileName.")]
    public string? YearSource { get; init; }
}

/// <summary>Administrative region of the publishing agency, best effort.</summary>
[Description("Administrative region of the publishing agency, best effort.")]
public sealed record Region
{
    /// <summary>Province (省), when known.</summary>
    public string? Province { get; init; }

    /// <summary>City (市), when known.</summary>
    public string? City { get; init; }

    /// <summary>County (县/区), when known.</summary>
    public string? County { get; init; }
}

/// <summary>The three narrative sections; a section absent from the source is null.</summary>
[Description("The narrative sections, verbatim; null when absent from the source.")]
public sealed record ReportSections
{
    /// <summary>一、总体情况.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public Section? OverallSituation { get; init; }

    /// <summary>存在的主要问题及改进情况.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public Section? ProblemsAndImprovements { get; init; }

    /// <summary>其他需要报告的事项.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public Section? OtherMatters { get; init; }
}

/// <summary>A narrative section, verbatim from the source.</summary>
[Description("A narrative section, verbatim from the source.")]
public sealed record Section
{
    /// <summary>The heading as printed.</summary>
    public required string Title { get; init; }

    /// <summary>The section text, never rewritten.</summary>
    public required string Text { get; init; }
}

/// <summary>One failed, uncertain or not-assessable check (contract §4).</summary>
[Description("One failed, uncertain or not-assessable check.")]
public sealed record Finding
{
    /// <summary>Stable rule id from the rule catalogue (<c>T3-IDENT-total</c>).</summary>
    [Description("Stable rule id from the rule catalogue.")]
    public required string RuleId { get; init; }

    /// <summary>How serious the finding is.</summary>
    public required FindingSeverity Severity { get; init; }

    /// <summary>The check's outcome.</summary>
    public required FindingStatus Status { get; init; }

    /// <summary>Human-readable, Chinese or English.</summary>
    [Description("Human-readable, Chinese or English.")]
    public required string Message { get; init; }

    /// <summary>The dotted paths of the cells involved.</summary>
    [Description("The dotted paths of the cells involved.")]
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>Whose error it probably is; absent when undecided.</summary>
    public FindingOrigin? Origin { get; init; }
}

/// <summary>Where a report came from and which code versions produced it.</summary>
[Description("Where the report came from and which code versions produced it.")]
public sealed record Provenance
{
    /// <summary>SHA-256 of the source file, lower-case hex.</summary>
    [Description("SHA-256 of the source file, lower-case hex.")]
    public required string SourceSha256 { get; init; }

    /// <summary>Media type of the source file.</summary>
    public required string MediaType { get; init; }

    /// <summary>The extractor, <c>name@version</c>.</summary>
    [Description("The extractor, name@version.")]
    public required string Extractor { get; init; }

    /// <summary>The normalizer, <c>name@version</c>.</summary>
    [Description("The normalizer, name@version.")]
    public required string Normalizer { get; init; }

    /// <summary>The validation rule-set version.</summary>
    public required string RuleSet { get; init; }
}

using System.ComponentModel;
using System.Text.Json.Serialization;

namespace IngestionPipeline.Contracts.Reports;

/// <summary>The national template a report follows.</summary>
[Description("The national template: gb2019 (2019 trial format, years 2019-2020) or gb2021 (国办公开办函〔2021〕30号, 2021 onward).")]
[JsonConverter(typeof(JsonStringEnumConverter<TemplateVersion>))]
public enum TemplateVersion
{
    /// <summary>The 2019 trial format, used for report years 2019 and 2020.</summary>
    [JsonStringEnumMemberName("gb2019")]
    Gb2019,

    /// <summary>The official 2021 format (国办公开办函〔2021〕30号), report years 2021 onward.</summary>
    [JsonStringEnumMemberName("gb2021")]
    Gb2021,
}

/// <summary>How serious a finding is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingSeverity>))]
public enum FindingSeverity
{
    /// <summary>An error.</summary>
    [JsonStringEnumMemberName("error")]
    Error,

    /// <summary>A warning.</summary>
    [JsonStringEnumMemberName("warning")]
    Warning,

    /// <summary>Information.</summary>
    [JsonStringEnumMemberName("info")]
    Info,
}

/// <summary>A check's outcome (passing checks are not listed).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingStatus>))]
public enum FindingStatus
{
    /// <summary>The check failed.</summary>
    [JsonStringEnumMemberName("FAIL")]
    Fail,

    /// <summary>The check could not decide.</summary>
    [JsonStringEnumMemberName("UNCERTAIN")]
    Uncertain,

    /// <summary>The cells the check needs hold no numbers.</summary>
    [JsonStringEnumMemberName("NOT_ASSESSABLE")]
    NotAssessable,
}

/// <summary>Whose error a finding probably is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingOrigin>))]
public enum FindingOrigin
{
    /// <summary>The cells were read unambiguously and the published numbers do not add up.</summary>
    [JsonStringEnumMemberName("source_inconsistency")]
    SourceInconsistency,

    /// <summary>The extraction is probably wrong (split digits, shifted cells, positional fallback, OCR text).</summary>
    [JsonStringEnumMemberName("extraction_suspect")]
    ExtractionSuspect,
}

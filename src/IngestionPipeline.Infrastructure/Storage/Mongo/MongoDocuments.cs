using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace IngestionPipeline.Infrastructure.Storage.Mongo;

// The stored shape is spelled out member by member (element names, representations) instead of relying on
// conventions, so that a convention pack registered elsewhere in the process cannot change what is on disk.
// Representations: Guid as binary subtype 4 (the driver's default is "unspecified" and refuses to write);
// decimal as Decimal128, exact and keeping its scale (0.10 stays 0.10; see ExactDecimal128Serializer);
// DateTimeOffset as a BSON date (UTC, millisecond precision: the instant is kept, the offset is not);
// enums as their names.
// [BsonIgnoreExtraElements]: during a rolling upgrade an older reader must tolerate fields a newer writer added.

[BsonIgnoreExtraElements]
internal sealed class IngestionDocument
{
    [BsonId]
    [BsonGuidRepresentation(GuidRepresentation.Standard)]
    public Guid Id { get; set; }

    [BsonElement("rawSha256")]
    public string RawSha256 { get; set; } = "";

    [BsonElement("fileName")]
    public string FileName { get; set; } = "";

    [BsonElement("sourceUrl")]
    public string? SourceUrl { get; set; }

    [BsonElement("status")]
    [BsonRepresentation(BsonType.String)]
    public IngestionStatus Status { get; set; }

    [BsonElement("submittedAt")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset SubmittedAt { get; set; }

    [BsonElement("updatedAt")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset UpdatedAt { get; set; }

    [BsonElement("stage")]
    public string? Stage { get; set; }

    [BsonElement("reasonCode")]
    public string? ReasonCode { get; set; }

    [BsonElement("reason")]
    public string? Reason { get; set; }

    [BsonElement("reportKey")]
    public string? ReportKey { get; set; }

    [BsonElement("version")]
    public int? Version { get; set; }

    public static IngestionDocument From(IngestionRecord record) => new()
    {
        Id = record.IngestionId,
        RawSha256 = record.RawSha256,
        FileName = record.FileName,
        SourceUrl = record.SourceUrl,
        Status = record.Status,
        SubmittedAt = record.SubmittedAt,
        UpdatedAt = record.UpdatedAt,
        Stage = record.Stage,
        ReasonCode = record.ReasonCode,
        Reason = record.Reason,
        ReportKey = record.ReportKey,
        Version = record.Version,
    };

    public IngestionRecord ToRecord() => new(
        Id, RawSha256, FileName, SourceUrl, Status, SubmittedAt, UpdatedAt, Stage, ReasonCode, Reason, ReportKey, Version);
}

[BsonIgnoreExtraElements]
internal sealed class ArtifactDocument
{
    /// <summary><c>"{ingestionId}:{stage}"</c>: one document per stage output, so a replace-with-upsert overwrites it.</summary>
    [BsonId]
    public string Id { get; set; } = "";

    [BsonElement("ingestionId")]
    [BsonGuidRepresentation(GuidRepresentation.Standard)]
    public Guid IngestionId { get; set; }

    [BsonElement("stage")]
    public string Stage { get; set; } = "";

    [BsonElement("content")]
    public string Content { get; set; } = "";

    [BsonElement("updatedAt")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset UpdatedAt { get; set; }
}

[BsonIgnoreExtraElements]
internal sealed class ReportHeadDocument
{
    [BsonId]
    public string ReportKey { get; set; } = "";

    [BsonElement("organization")]
    public string Organization { get; set; } = "";

    [BsonElement("organizationNormalized")]
    public string? OrganizationNormalized { get; set; }

    [BsonElement("region")]
    public string? Region { get; set; }

    [BsonElement("year")]
    public int Year { get; set; }

    [BsonElement("templateVersion")]
    public string TemplateVersion { get; set; } = "";

    [BsonElement("currentVersion")]
    public int CurrentVersion { get; set; }

    [BsonElement("contentHash")]
    public string ContentHash { get; set; } = "";

    [BsonElement("findingCount")]
    public int FindingCount { get; set; }

    [BsonElement("updatedAt")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset UpdatedAt { get; set; }

    public ReportHead ToRecord() => new(
        ReportKey, Organization, OrganizationNormalized, Region, Year, TemplateVersion, CurrentVersion, ContentHash, FindingCount, UpdatedAt);
}

[BsonIgnoreExtraElements]
internal sealed class ReportVersionDocument
{
    /// <summary>A plain ObjectId: identity is (reportKey, version) and ingestionId, both under unique indexes.</summary>
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("reportKey")]
    public string ReportKey { get; set; } = "";

    [BsonElement("version")]
    public int Version { get; set; }

    [BsonElement("previousVersion")]
    public int? PreviousVersion { get; set; }

    [BsonElement("ingestionId")]
    [BsonGuidRepresentation(GuidRepresentation.Standard)]
    public Guid IngestionId { get; set; }

    [BsonElement("sourceSha256")]
    public string SourceSha256 { get; set; } = "";

    [BsonElement("sourceFileName")]
    public string? SourceFileName { get; set; }

    [BsonElement("contentHash")]
    public string ContentHash { get; set; } = "";

    [BsonElement("fingerprint")]
    public string Fingerprint { get; set; } = "";

    [BsonElement("organization")]
    public string Organization { get; set; } = "";

    [BsonElement("organizationNormalized")]
    public string? OrganizationNormalized { get; set; }

    [BsonElement("region")]
    public string? Region { get; set; }

    [BsonElement("year")]
    public int Year { get; set; }

    [BsonElement("templateVersion")]
    public string TemplateVersion { get; set; } = "";

    [BsonElement("findingCount")]
    public int FindingCount { get; set; }

    /// <summary>Kept as the JSON text it arrived as: parsing it into BSON would turn 71.8526 into a double.</summary>
    [BsonElement("documentJson")]
    public string DocumentJson { get; set; } = "";

    [BsonElement("changes")]
    public List<CellChangeDocument> Changes { get; set; } = [];

    [BsonElement("createdAt")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    [BsonElement("parserVersion")]
    [BsonIgnoreIfNull]
    public string? ParserVersion { get; set; }

    /// <summary><see cref="VersionReason"/> by name.</summary>
    [BsonElement("reason")]
    [BsonIgnoreIfNull]
    public string? Reason { get; set; }

    [BsonElement("mediaType")]
    [BsonIgnoreIfNull]
    public string? MediaType { get; set; }

    /// <summary>The latest parser version that re-read the raw file and got this content again (see <c>IReprocessStore</c>).</summary>
    [BsonElement("confirmedParserVersion")]
    [BsonIgnoreIfNull]
    public string? ConfirmedParserVersion { get; set; }

    [BsonElement("hints")]
    [BsonIgnoreIfNull]
    public SubmissionHintsDocument? Hints { get; set; }

    public static ReportVersionDocument From(ReportVersionRecord version) => new()
    {
        Id = ObjectId.GenerateNewId(),
        ReportKey = version.ReportKey,
        Version = version.Version,
        PreviousVersion = version.PreviousVersion,
        IngestionId = version.IngestionId,
        SourceSha256 = version.SourceSha256,
        SourceFileName = version.SourceFileName,
        ContentHash = version.ContentHash,
        Fingerprint = version.Fingerprint,
        Organization = version.Organization,
        OrganizationNormalized = version.OrganizationNormalized,
        Region = version.Region,
        Year = version.Year,
        TemplateVersion = version.TemplateVersion,
        FindingCount = version.FindingCount,
        DocumentJson = version.DocumentJson,
        Changes = version.Changes.Select(CellChangeDocument.From).ToList(),
        CreatedAt = version.CreatedAt,
        ParserVersion = version.ParserVersion,
        Reason = version.Reason?.ToString(),
        MediaType = version.MediaType,
        Hints = SubmissionHintsDocument.From(version.Hints),
    };

    public ReportVersionRecord ToRecord() => new(
        ReportKey,
        Version,
        PreviousVersion,
        IngestionId,
        SourceSha256,
        SourceFileName,
        ContentHash,
        Fingerprint,
        Organization,
        OrganizationNormalized,
        Region,
        Year,
        TemplateVersion,
        FindingCount,
        DocumentJson,
        Changes.Select(c => c.ToRecord()).ToList(),
        CreatedAt,
        ParserVersion,
        Reason is null ? null : Enum.Parse<VersionReason>(Reason),
        MediaType,
        Hints?.ToRecord());
}

internal sealed class CellChangeDocument
{
    [BsonElement("path")]
    public string Path { get; set; } = "";

    [BsonElement("oldSemantic")]
    public string? OldSemantic { get; set; }

    [BsonElement("oldValue")]
    [BsonSerializer(typeof(ExactDecimal128Serializer))]
    public decimal? OldValue { get; set; }

    [BsonElement("oldRaw")]
    public string? OldRaw { get; set; }

    [BsonElement("newSemantic")]
    public string NewSemantic { get; set; } = "";

    [BsonElement("newValue")]
    [BsonSerializer(typeof(ExactDecimal128Serializer))]
    public decimal? NewValue { get; set; }

    [BsonElement("newRaw")]
    public string? NewRaw { get; set; }

    public static CellChangeDocument From(CellChange change) => new()
    {
        Path = change.Path,
        OldSemantic = change.OldSemantic,
        OldValue = change.OldValue,
        OldRaw = change.OldRaw,
        NewSemantic = change.NewSemantic,
        NewValue = change.NewValue,
        NewRaw = change.NewRaw,
    };

    public CellChange ToRecord() => new(Path, OldSemantic, OldValue, OldRaw, NewSemantic, NewValue, NewRaw);
}

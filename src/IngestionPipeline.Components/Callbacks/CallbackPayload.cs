using System.Text.Json.Serialization;

namespace IngestionPipeline.Components.Callbacks;

/// <summary>
/// The JSON body POSTed to a callback URL when its ingestion ends. <c>outcome</c> is <c>versionCreated</c>,
/// <c>unchanged</c> or <c>rejected</c>; fields that do not apply to the outcome are null.
/// </summary>
public sealed record CallbackPayload(
    [property: JsonPropertyName("ingestionId")] Guid IngestionId,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("reportKey")] string? ReportKey,
    [property: JsonPropertyName("version")] int? Version,
    [property: JsonPropertyName("reasonCode")] string? ReasonCode,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("year")] int? Year,
    [property: JsonPropertyName("changedCellCount")] int? ChangedCellCount,
    [property: JsonPropertyName("occurredAt")] DateTimeOffset OccurredAt,
    [property: JsonPropertyName("statusUrl")] string StatusUrl);

namespace IngestionPipeline.Api.Models;

/// <summary>The answer to an accepted submission: poll <paramref name="StatusUrl"/> until the status is terminal.</summary>
public sealed record IngestionAccepted(Guid IngestionId, string RawSha256, string StatusUrl);

namespace IngestionPipeline.Components.Consumers;

/// <summary>
/// A stage's input artifact is not in the store. Usually a race with a store that is not shared by every
/// worker (a configuration error), so it is retried and then lands in the stage's error queue.
/// </summary>
public sealed class ArtifactMissingException(Guid ingestionId, string stage)
    : Exception($"Artifact '{stage}' of ingestion {ingestionId} is not in the store.");

namespace IngestionPipeline.Core.Storage;

public enum AppendOutcome
{
    /// <summary>The version was stored and the head moved to it.</summary>
    Appended,
    /// <summary>The head was no longer at the expected version: reload and decide again.</summary>
    Conflict,
    /// <summary>This ingestion already created a version.</summary>
    DuplicateIngestion,
}

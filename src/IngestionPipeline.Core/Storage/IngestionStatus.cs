namespace IngestionPipeline.Core.Storage;

public enum IngestionStatus
{
    Submitted,
    Extracted,
    Normalized,
    Validated,
    VersionCreated,
    Unchanged,
    Rejected,
    Failed,
}

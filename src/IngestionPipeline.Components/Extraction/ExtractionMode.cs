namespace IngestionPipeline.Components.Extraction;

/// <summary>Where format extraction of raw files runs.</summary>
public enum ExtractionMode
{
    /// <summary>In supervised child processes (<c>ingest-extract</c>): a crash, hang or memory blow-up is a rejection.</summary>
    Sandbox,

    /// <summary>In the calling process: faster, for trusted batch input only.</summary>
    InProcess,
}

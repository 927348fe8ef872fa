namespace IngestionPipeline.Contracts;

/// <summary>Names of the pipeline stages, used for artifacts, queues and logs.</summary>
public static class StageNames
{
    /// <summary>Raw file intake.</summary>
    public const string Submit = "submit";

    /// <summary>Format detection and extraction to text blocks and tables.</summary>
    public const string Extract = "extract";

    /// <summary>Placement of cells into the canonical report.</summary>
    public const string Normalize = "normalize";

    /// <summary>The rule catalogue.</summary>
    public const string Validate = "validate";

    /// <summary>Versioned storage.</summary>
    public const string Store = "store";
}

using System.ComponentModel.DataAnnotations;
using IngestionPipeline.Contracts;

namespace IngestionPipeline.Components.Configuration;

/// <summary>Which stages this process runs and how hard it pushes them. Bound from the <c>Pipeline</c> section.</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    public static IReadOnlyList<string> AllStages { get; } = [StageNames.Extract, StageNames.Normalize, StageNames.Validate, StageNames.Store];

    /// <summary>
    /// Stages to host: any subset of extract, normalize, validate, store; empty means all. (Empty rather
    /// than a pre-filled list because configuration binding appends to a list's existing items.)
    /// </summary>
    public List<string> Stages { get; set; } = [];

    /// <summary>Messages processed at once by the extract stage (CPU-bound).</summary>
    [Range(1, 256)]
    public int ExtractConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>Messages processed at once by each of the other stages.</summary>
    [Range(1, 256)]
    public int StageConcurrency { get; set; } = Environment.ProcessorCount * 2;

    /// <summary>Optional prefix for queue names, so that several pipelines can share one broker (tests, tenants).</summary>
    public string? QueuePrefix { get; set; }

    /// <summary>Immediate retries of a failed message before it moves to the stage's _error queue.</summary>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 5;

    /// <summary>
    /// Whether this process subscribes an <see cref="Tracking.IngestionTracker"/> to the pipeline's outcome events
    /// (a temporary queue that receives every outcome). Needed by processes that wait for outcomes (<c>run</c>,
    /// tests); worker hosts turn it off, since nobody in them waits.
    /// </summary>
    public bool TrackOutcomes { get; set; } = true;

    public bool Runs(string stage) => Stages.Count == 0 || Stages.Contains(stage, StringComparer.OrdinalIgnoreCase);
}

using System.ComponentModel.DataAnnotations;

namespace IngestionPipeline.Components.Retention;

/// <summary>
/// How long artifacts are kept (section <c>Pipeline:Artifacts:Retention</c>): those of a succeeded ingestion only
/// briefly (a version or "unchanged" is the result; its stage outputs serve nobody after a redelivery window), those of a
/// rejected, failed or unfinished ingestion long enough to debug or redrive it.
/// </summary>
public sealed class ArtifactRetentionOptions
{
    public const string SectionName = "Pipeline:Artifacts:Retention";

    /// <summary>Whether the worker purges artifacts periodically (one purge per <see cref="Interval"/>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Age after which the artifacts of a succeeded ingestion (version created, unchanged) are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan SucceededAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Age after which every other artifact (rejected, failed, unfinished ingestions) is deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan FailedAfter { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Time between two purges (the first runs at start-up).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}

using System.ComponentModel.DataAnnotations;

namespace IngestionPipeline.Components.Consumers;

/// <summary>Which stage outputs are kept as artifacts (<see cref="ArtifactOptions.Keep"/>).</summary>
public enum ArtifactRetention
{
    /// <summary>None: claim checks only, deleted once the ingestion completes or is rejected.</summary>
    None,

    /// <summary>
    /// The input of the stage that rejected an ingestion or gave up on it (retries exhausted) is stored, for debugging;
    /// claim checks of ingestions that complete are deleted.
    /// </summary>
    Failed,

    /// <summary>Every stage's output is stored and never deleted (debugging a whole run; costs a write per stage).</summary>
    All,
}

/// <summary>
/// How stage outputs travel to the next stage and which are kept. Bound from <c>Pipeline:Artifacts</c>.
/// </summary>
public sealed class ArtifactOptions
{
    public const string SectionName = "Pipeline:Artifacts";

    /// <summary>
    /// The default <see cref="InlineLimitBytes"/>, 256 KiB. The stage outputs of the generated corpus and the real-world
    /// set are 4-90 KB of JSON (docs/benchmarks.md, "One hand-off"), so they all travel in the message; base64 makes a
    /// message ~1.34 times its document, so the largest inline message is ~350 KB: far below RabbitMQ's 16 MiB
    /// <c>max_message_size</c>, and at the default prefetch (2 × concurrency per stage) a worker holds at most a few MB
    /// of prefetched documents. Only large PDFs and spreadsheets exceed it, and for those one artifact write and read
    /// cost little next to their extraction.
    /// </summary>
    public const int DefaultInlineLimitBytes = 256 * 1024;

    /// <summary>Which stage outputs are kept as artifacts (<c>none</c>, <c>failed</c>, <c>all</c>).</summary>
    public ArtifactRetention Keep { get; set; } = ArtifactRetention.Failed;

    /// <summary>
    /// Stage outputs (UTF-8 JSON) up to this size travel in the message; larger ones are stored as an artifact and the
    /// message carries a claim check (the ingestion id and the stage name). 0 sends every output by claim check.
    /// </summary>
    [Range(0, 8 * 1024 * 1024)]
    public int InlineLimitBytes { get; set; } = DefaultInlineLimitBytes;
}

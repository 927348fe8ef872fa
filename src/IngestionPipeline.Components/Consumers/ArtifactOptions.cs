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
    /// The default <see cref="InlineLimitBytes"/>, 256 KiB. Measured stage outputs (UTF-8 JSON) of the 140 generated
    /// TXT/HTML/DOCX/PDF reports and the 5 real-world files are 14-67 KB (docs/benchmarks.md, "One hand-off"), so
    /// they all travel in the message, with room for reports four times the largest. base64 makes a message ~1.34 times
    /// its document, so the largest inline message is ~350 KB: far below RabbitMQ's <c>max_message_size</c> (16 MiB
    /// by default since 4.0, 128 MiB before), and at the default prefetch (2 × concurrency per stage) a worker holds at
    /// most a few MB of prefetched documents. Larger outputs (long PDFs) pay one artifact write and one read, which is
    /// little next to their extraction.
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

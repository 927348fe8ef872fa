using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;
using MassTransit;

namespace IngestionPipeline.Components.Observability;

/// <summary>What a stage consumer did with its message.</summary>
public enum StageOutcomeKind
{
    /// <summary>The consumer has not said (it threw, or the message is not a stage message).</summary>
    None,

    /// <summary>The stage published the next stage's message.</summary>
    Completed,

    /// <summary>A business rejection: ReportRejected published.</summary>
    Rejected,

    /// <summary>The store stage appended a new version (its final status went with it, in one commit).</summary>
    VersionCreated,

    /// <summary>The store stage found the content already stored.</summary>
    Unchanged,
}

/// <summary>
/// A stage consumer's result, told to <see cref="StageOutcomeFilter{T}"/> (a payload of the consume context) so the
/// filter records status, timing and metrics for every stage in one place. Consumers call exactly one method.
/// </summary>
public sealed class StageOutcome
{
    public StageOutcomeKind Kind { get; private set; }

    /// <summary>The rejection, when <see cref="Kind"/> is <see cref="StageOutcomeKind.Rejected"/>.</summary>
    public Rejection? Rejection { get; private set; }

    /// <summary>The validation findings, when the validate stage completed.</summary>
    public IReadOnlyList<Finding> Findings { get; private set; } = [];

    /// <summary>The report key, when the store stage decided.</summary>
    public string? ReportKey { get; private set; }

    /// <summary>The created or current version, when the store stage decided.</summary>
    public int? Version { get; private set; }

    public void Completed(IReadOnlyList<Finding>? findings = null) => Set(StageOutcomeKind.Completed, findings: findings);

    public void Rejected(Rejection rejection) => Set(StageOutcomeKind.Rejected, rejection: rejection);

    public void VersionCreated(string reportKey, int version) => Set(StageOutcomeKind.VersionCreated, reportKey, version);

    public void Unchanged(string reportKey, int version) => Set(StageOutcomeKind.Unchanged, reportKey, version);

    private void Set(StageOutcomeKind kind, string? reportKey = null, int? version = null, Rejection? rejection = null, IReadOnlyList<Finding>? findings = null)
    {
        if (Kind != StageOutcomeKind.None)
        {
            throw new InvalidOperationException($"The stage outcome is already {Kind}.");
        }

        Kind = kind;
        ReportKey = reportKey;
        Version = version;
        Rejection = rejection;
        Findings = findings ?? [];
    }
}

/// <summary>Access to the <see cref="StageOutcome"/> of a consume.</summary>
public static class StageOutcomeExtensions
{
    /// <summary>
    /// The outcome <see cref="StageOutcomeFilter{T}"/> put on this consume (or a fresh one, unobserved, when the
    /// filter is not configured, e.g. a consumer run on its own).
    /// </summary>
    public static StageOutcome StageOutcome(this ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetOrAddPayload(() => new StageOutcome());
    }
}

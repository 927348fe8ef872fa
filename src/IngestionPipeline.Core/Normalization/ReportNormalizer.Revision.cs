using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Normalization;

public sealed partial class ReportNormalizer
{
    private readonly NormalizerRevision? revision;

    /// <summary>The normalizer of this build (<see cref="Name"/>).</summary>
    public ReportNormalizer()
    {
    }

    /// <summary>This build's normalizer with <paramref name="revision"/> applied to its output.</summary>
    public ReportNormalizer(NormalizerRevision revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentException.ThrowIfNullOrWhiteSpace(revision.Name);
        this.revision = revision;
    }

    /// <summary>What <c>provenance.normalizer</c> records: <see cref="Name"/>, plus <c>+revision</c> when one is applied.</summary>
    public string Version => revision is null ? Name : $"{Name}+{revision.Name}";

    private CanonicalReport Revise(CanonicalReport report) => revision is null ? report : revision.Apply(report);
}

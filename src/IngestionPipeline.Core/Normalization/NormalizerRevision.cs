using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// A change to the normalizer's rules made without a new build: a named step applied to every normalized report
/// before it leaves the normalizer. Its <see cref="Name"/> becomes part of <see cref="ReportNormalizer.Version"/>, so a
/// revised normalizer is a different parser version (tests use it to "change a normalizer rule"; a deployment can
/// roll out a fix to one rule the same way).
/// </summary>
/// <param name="Name">Identifies the revision (<c>[a-z0-9.-]</c>, e.g. <c>fees-in-yuan.2</c>).</param>
/// <param name="Apply">Rewrites a normalized report; must be deterministic (the same input always gives the same output).</param>
public sealed record NormalizerRevision(string Name, Func<CanonicalReport, CanonicalReport> Apply);

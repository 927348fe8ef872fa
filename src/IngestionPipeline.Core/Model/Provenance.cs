namespace IngestionPipeline.Core.Model;

/// <summary>Where a canonical report came from and which code versions produced it.</summary>
public sealed record Provenance(
    string SourceSha256,
    string MediaType,
    string Extractor,
    string Normalizer,
    string RuleSet);

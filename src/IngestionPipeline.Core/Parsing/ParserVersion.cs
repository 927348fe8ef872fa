using System.Globalization;

namespace IngestionPipeline.Core.Parsing;

/// <summary>
/// The <b>parser version</b>: one identity of the parser build that turns raw bytes into a canonical report, covering
/// every extractor (<see cref="Extraction.IExtractor.Name"/>), the normalizer (<see cref="Normalization.ReportNormalizer.Version"/>)
/// and the rule set (<see cref="Validation.ReportValidator.RuleSetVersion"/>). Recorded on every version
/// (<c>parserVersion</c>); a version made by another parser version is <em>stale</em> and may be re-processed
/// (<c>ingest reprocess --stale</c>). Bump a component's <c>name@N</c> whenever its output can change.
/// </summary>
public static class ParserVersion
{
    /// <summary>
    /// <c>p-</c> and the first 16 hex digits of the sha256 of the sorted component names: short enough to read in a
    /// listing, long enough never to collide between builds.
    /// </summary>
    public static string Of(IEnumerable<string> extractors, string normalizer, string ruleSet)
    {
        ArgumentNullException.ThrowIfNull(extractors);
        ArgumentException.ThrowIfNullOrWhiteSpace(normalizer);
        ArgumentException.ThrowIfNullOrWhiteSpace(ruleSet);
        var parts = string.Join(',', extractors.Order(StringComparer.Ordinal));
        var hash = Sha256Hex.Of(string.Create(CultureInfo.InvariantCulture, $"extractors={parts}|normalizer={normalizer}|rules={ruleSet}"));
        return "p-" + hash[..16];
    }
}

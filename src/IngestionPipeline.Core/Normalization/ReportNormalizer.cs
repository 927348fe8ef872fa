using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Normalization;

/// <summary>Places the extracted text and tables into the canonical report of the detected template version.</summary>
public sealed class ReportNormalizer
{
    public const string Name = "normalizer@1";

    public Outcome<CanonicalReport> Normalize(ExtractedDocument document, string sourceSha256) =>
        throw new NotImplementedException("Being written.");
}

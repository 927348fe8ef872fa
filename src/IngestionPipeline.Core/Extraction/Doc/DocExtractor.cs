using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction.Doc;

/// <summary>Placeholder until the doc extractor lands: a clear rejection, never a crash.</summary>
public sealed class DocExtractor : IExtractor
{
    public string Name => "doc@0";

    public string MediaType => FormatDetector.Doc;

    public Outcome<ExtractedDocument> Extract(RawFile file, CancellationToken cancellationToken = default) =>
        Outcome<ExtractedDocument>.Reject(ReasonCodes.UnsupportedFormat, "doc files are not supported yet.");
}

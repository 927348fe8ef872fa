using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction.Pdf;

/// <summary>Placeholder until the pdf extractor lands: a clear rejection, never a crash.</summary>
public sealed class PdfExtractor : IExtractor
{
    public string Name => "pdf@0";

    public string MediaType => FormatDetector.Pdf;

    public Outcome<ExtractedDocument> Extract(RawFile file, CancellationToken cancellationToken = default) =>
        Outcome<ExtractedDocument>.Reject(ReasonCodes.UnsupportedFormat, "pdf files are not supported yet.");
}

using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction.Docx;

/// <summary>Placeholder until the docx extractor lands: a clear rejection, never a crash.</summary>
public sealed class DocxExtractor : IExtractor
{
    public string Name => "docx@0";

    public string MediaType => FormatDetector.Docx;

    public Outcome<ExtractedDocument> Extract(RawFile file, CancellationToken cancellationToken = default) =>
        Outcome<ExtractedDocument>.Reject(ReasonCodes.UnsupportedFormat, "docx files are not supported yet.");
}

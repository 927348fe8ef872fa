using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction.Html;

/// <summary>Placeholder until the html extractor lands: a clear rejection, never a crash.</summary>
public sealed class HtmlExtractor : IExtractor
{
    public string Name => "html@0";

    public string MediaType => FormatDetector.Html;

    public Outcome<ExtractedDocument> Extract(RawFile file, CancellationToken cancellationToken = default) =>
        Outcome<ExtractedDocument>.Reject(ReasonCodes.UnsupportedFormat, "html files are not supported yet.");
}

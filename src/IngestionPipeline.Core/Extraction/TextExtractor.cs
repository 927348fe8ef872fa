using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction;

/// <summary>Plain-text / Markdown reports (UTF-8, UTF-16, GB18030).</summary>
public sealed class TextExtractor : IExtractor
{
    public string Name => "text@1";

    public string MediaType => FormatDetector.Text;

    public Outcome<ExtractedDocument> Extract(RawFile file, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("Being written.");
}

using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction;

/// <summary>Chooses the extractor for a file from its content (magic bytes, markup), not its name.</summary>
public sealed class ExtractorRegistry(IEnumerable<IExtractor> extractors)
{
    private readonly Dictionary<string, IExtractor> byMediaType = extractors.ToDictionary(e => e.MediaType, StringComparer.Ordinal);

    public static ExtractorRegistry CreateDefault() => new(
    [
        new TextExtractor(),
        new Html.HtmlExtractor(),
        new Docx.DocxExtractor(),
        new Pdf.PdfExtractor(),
        new Doc.DocExtractor(),
        new Ocr.ImageExtractor(FormatDetector.Png),
        new Ocr.ImageExtractor(FormatDetector.Jpeg),
        new Ocr.ImageExtractor(FormatDetector.Tiff),
    ]);

    public IReadOnlyCollection<IExtractor> Extractors => byMediaType.Values;

    public Outcome<IExtractor> Select(RawFile file)
    {
        var mediaType = FormatDetector.Detect(file.Content.Span);
        if (mediaType is null)
        {
            return Outcome<IExtractor>.Reject(ReasonCodes.UnsupportedFormat, "The content is not a recognised document format (binary data).");
        }

        return byMediaType.TryGetValue(mediaType, out var extractor)
            ? Outcome<IExtractor>.Success(extractor)
            : Outcome<IExtractor>.Reject(ReasonCodes.UnsupportedFormat, $"Format {mediaType} is recognised but not supported yet.");
    }
}

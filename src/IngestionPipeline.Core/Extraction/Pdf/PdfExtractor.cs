using IngestionPipeline.Core.Parsing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace IngestionPipeline.Core.Extraction.Pdf;

/// <summary>
/// PDF text layers via PdfPig. Per page: letters are grouped into lines by baseline (CJK has no spaces,
/// so gaps are judged relative to the glyph size), tables are rebuilt from ruling lines (spans where a
/// rule is missing), ruleless tables are recovered from column alignment, and running page numbers and
/// repeated headers/footers are dropped. A table continued on the next page is a separate
/// <see cref="TableBlock"/>; the normalizer reads rows by label, so the split does not matter.
/// Scanned pages (an image and next to no text layer) are read by OCR page by page (<see cref="Ocr.ScannedPdfPages"/>),
/// so mixed PDFs keep their text pages; a PDF that is all scans without the OCR models installed is rejected with
/// <see cref="ReasonCodes.ExtractorUnavailable"/>, one without text or images with <see cref="ReasonCodes.NoTextLayer"/>.
/// </summary>
public sealed class PdfExtractor(int maxPages = PdfExtractor.DefaultMaxPages, Ocr.OcrOptions? ocrOptions = null) : IExtractor
{
    private readonly Ocr.OcrOptions ocr = ocrOptions ?? Ocr.OcrOptions.FromEnvironment();

    public const int DefaultMaxPages = 300;

    public string Name => "pdf@1";

    public string MediaType => FormatDetector.Pdf;

    public Outcome<ExtractedDocument> Extract(RawFile file, CancellationToken cancellationToken = default)
    {
        if (file.Content.IsEmpty)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.EmptyFile, "The file is empty (0 bytes).");
        }

        try
        {
            var bytes = file.Content.ToArray();
            if (PdfPreScan.Check(bytes, cancellationToken) is { } hostile)
            {
                return Outcome<ExtractedDocument>.Reject(hostile);
            }

            using var document = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            var pageCount = document.NumberOfPages;
            if (pageCount == 0)
            {
                return Outcome<ExtractedDocument>.Reject(ReasonCodes.CorruptFile, "The PDF has no pages.");
            }

            if (pageCount > maxPages)
            {
                return Outcome<ExtractedDocument>.Reject(ReasonCodes.TooLarge, $"The PDF has {pageCount} pages; the limit is {maxPages}.");
            }

            var pages = new List<PdfPageLayout>(pageCount);
            var scanned = new List<(int Number, double Width, double Height)>();
            for (var number = 1; number <= pageCount; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = document.GetPage(number);
                var layout = PdfPageLayout.Analyze(page, number);
                if (layout.GlyphCount < ocr.MinTextLayerGlyphs && page.GetImages().Any())
                {
                    scanned.Add((number, page.Width, page.Height));
                }
                else
                {
                    pages.Add(layout);
                }
            }

            var ocrBlocks = new Dictionary<int, IReadOnlyList<DocumentBlock>>();
            if (scanned.Count > 0)
            {
                var read = Ocr.ScannedPdfPages.Read(bytes, scanned, allScanned: pages.Sum(p => p.GlyphCount) == 0, ocr, cancellationToken);
                if (!read.IsSuccess)
                {
                    return Outcome<ExtractedDocument>.Reject(read.Rejection);
                }

                ocrBlocks = read.Value;
            }

            if (pages.Sum(p => p.GlyphCount) == 0 && ocrBlocks.Count == 0)
            {
                return Outcome<ExtractedDocument>.Reject(
                    ReasonCodes.NoTextLayer,
                    $"The PDF ({pageCount} page(s)) has no text layer and no page images to read by OCR.");
            }

            PdfPageLayout.RemoveRunningHeadersAndFooters(pages);
            var textBlocks = pages.ToDictionary(p => p.PageNumber, p => p.ToBlocks().ToList());
            var blocks = Enumerable.Range(1, pageCount)
                .SelectMany(n => textBlocks.TryGetValue(n, out var text) ? text : ocrBlocks.TryGetValue(n, out var ocrPage) ? ocrPage : [])
                .ToList();
            var title = document.Information?.Title;
            var name = ocrBlocks.Count > 0 ? $"{Name}+{Ocr.ScannedPdfPages.ReaderName}" : Name;
            return Outcome<ExtractedDocument>.Success(new ExtractedDocument(MediaType, name, blocks) { DocumentTitle = string.IsNullOrWhiteSpace(title) ? null : title.Trim() });
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (PdfDocumentEncryptedException ex)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.Encrypted, $"The PDF is encrypted or password-protected ({ex.Message}).");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // PdfPig throws a variety of exception types for damaged files (truncated streams, bad xref
            // tables, broken fonts): all of them mean the file cannot be read as delivered.
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.CorruptFile, $"The PDF cannot be read (damaged or truncated): {ex.GetType().Name}: {Truncate(ex.Message)}");
        }
    }

    private static string Truncate(string message) => message.Length <= 200 ? message : message[..200] + "…";
}

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
/// Scanned PDFs (no text layer) are rejected with <see cref="ReasonCodes.NoTextLayer"/>: they need OCR.
/// </summary>
public sealed class PdfExtractor(int maxPages = PdfExtractor.DefaultMaxPages) : IExtractor
{
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
            for (var number = 1; number <= pageCount; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                pages.Add(PdfPageLayout.Analyze(document.GetPage(number), number));
            }

            if (pages.Sum(p => p.GlyphCount) == 0)
            {
                return Outcome<ExtractedDocument>.Reject(
                    ReasonCodes.NoTextLayer,
                    $"The PDF ({pageCount} page(s)) has no text layer (scanned images only); OCR is needed to read it.");
            }

            PdfPageLayout.RemoveRunningHeadersAndFooters(pages);
            var blocks = pages.SelectMany(p => p.ToBlocks()).ToList();
            var title = document.Information?.Title;
            return Outcome<ExtractedDocument>.Success(new ExtractedDocument(MediaType, Name, blocks) { DocumentTitle = string.IsNullOrWhiteSpace(title) ? null : title.Trim() });
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

using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction.Ocr;

/// <summary>The scanned pages of a PDF (an image, next to no text layer), rendered by <c>pdftoppm</c> and read by OCR.</summary>
internal static class ScannedPdfPages
{
    /// <summary>Appended to the PDF extractor's name when pages were read by OCR (recorded in provenance).</summary>
    public const string ReaderName = "ocr@1";

    /// <summary>
    /// The blocks of each scanned page by page number. Without the models or <c>pdftoppm</c>, a PDF that is all scans
    /// is rejected (<c>EXTRACTOR_UNAVAILABLE</c>, naming the fix); a mixed one is read from its text pages only, as
    /// before OCR existed.
    /// </summary>
    public static Outcome<Dictionary<int, IReadOnlyList<DocumentBlock>>> Read(
        byte[] pdf, IReadOnlyList<(int Number, double Width, double Height)> pages, bool allScanned, OcrOptions options, CancellationToken cancellationToken)
    {
        var renderer = new PdfPageRenderer(options);
        var (models, problem) = renderer.IsAvailable
            ? OcrModels.Load(options)
            : (null, $"The PDF's pages are scans and pdftoppm is not installed ({PdfPageRenderer.DefaultPath}); install poppler-utils.");
        if (models is null)
        {
            return allScanned
                ? Outcome<Dictionary<int, IReadOnlyList<DocumentBlock>>>.Reject(ReasonCodes.ExtractorUnavailable, problem!)
                : Outcome<Dictionary<int, IReadOnlyList<DocumentBlock>>>.Success([]);
        }

        if (pages.Count > options.MaxPages)
        {
            return Outcome<Dictionary<int, IReadOnlyList<DocumentBlock>>>.Reject(ReasonCodes.TooLarge, $"The PDF has {pages.Count} scanned pages; OCR reads at most {options.MaxPages} (INGEST_OCR_MAX_PAGES).");
        }

        var path = Path.Combine(Path.GetTempPath(), $"ingest-ocr-{Guid.NewGuid():N}.pdf");
        try
        {
            File.WriteAllBytes(path, pdf);
            var reader = new OcrPageReader(models);
            var blocks = new Dictionary<int, IReadOnlyList<DocumentBlock>>();
            foreach (var (number, width, height) in pages)
            {
                if (renderer.DpiFor(width, height) is not { } dpi)
                {
                    return Outcome<Dictionary<int, IReadOnlyList<DocumentBlock>>>.Reject(ReasonCodes.TooLarge, $"Page {number} measures {width:0}×{height:0} pt; at 100 dpi it exceeds {options.MaxPixelsPerPage:N0} pixels (INGEST_OCR_MAX_PIXELS).");
                }

                Outcome<IReadOnlyList<DocumentBlock>> read;
                try
                {
                    var (image, renderProblem) = renderer.Render(path, number, dpi, cancellationToken);
                    if (image is null)
                    {
                        return Outcome<Dictionary<int, IReadOnlyList<DocumentBlock>>>.Reject(ReasonCodes.CorruptFile, renderProblem!);
                    }

                    using (image)
                    {
                        read = OcrPages.ReadWithDeadline(reader, image, number, dpi, options, cancellationToken);
                    }
                }
                catch (TimeoutException e)
                {
                    return Outcome<Dictionary<int, IReadOnlyList<DocumentBlock>>>.Reject(ReasonCodes.ExtractionTimeout, e.Message);
                }

                if (!read.IsSuccess)
                {
                    return Outcome<Dictionary<int, IReadOnlyList<DocumentBlock>>>.Reject(read.Rejection);
                }

                blocks[number] = read.Value;
            }

            return Outcome<Dictionary<int, IReadOnlyList<DocumentBlock>>>.Success(blocks);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

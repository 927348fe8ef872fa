using IngestionPipeline.Core.Parsing;
using OpenCvSharp;

namespace IngestionPipeline.Core.Extraction.Ocr;

/// <summary>Reading pages under the per-page time limit.</summary>
internal static class OcrPages
{
    /// <summary>The page's blocks, or <c>EXTRACTION_TIMEOUT</c> when it takes longer than <see cref="OcrOptions.PageTimeout"/>.</summary>
    public static Outcome<IReadOnlyList<DocumentBlock>> ReadWithDeadline(OcrPageReader reader, Mat page, int pageNumber, double dpi, OcrOptions options, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.PageTimeout);
        try
        {
            return Outcome<IReadOnlyList<DocumentBlock>>.Success(reader.Read(page, pageNumber, dpi, deadline.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Outcome<IReadOnlyList<DocumentBlock>>.Reject(ReasonCodes.ExtractionTimeout, $"OCR of page {pageNumber} took longer than {options.PageTimeout.TotalSeconds:0} s (INGEST_OCR_PAGE_TIMEOUT_SECONDS).");
        }
    }
}

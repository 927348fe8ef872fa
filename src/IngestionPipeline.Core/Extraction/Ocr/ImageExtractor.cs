using IngestionPipeline.Core.Parsing;
using OpenCvSharp;

namespace IngestionPipeline.Core.Extraction.Ocr;

/// <summary>
/// Page images submitted as the report (PNG, JPEG, TIFF; every page of a multi-page TIFF) read by OCR. The declared
/// pixel size is checked before decoding (<see cref="OcrOptions.MaxPixelsPerPage"/>); an image's resolution is taken
/// to be that of an A4 page scanned across its width (boxes in points need one).
/// </summary>
public sealed class ImageExtractor(string mediaType, OcrOptions? options = null) : IExtractor
{
    private readonly OcrOptions options = options ?? OcrOptions.FromEnvironment();

    /// <summary>Images with a side shorter than this are no page scan (icons, pixels): <c>NOT_A_REPORT</c>.</summary>
    public const int MinPageSide = 200;

    public string Name => "ocr-image@1";

    public string MediaType => mediaType;

    public Outcome<ExtractedDocument> Extract(RawFile file, CancellationToken cancellationToken = default)
    {
        if (file.Content.IsEmpty)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.EmptyFile, "The file is empty (0 bytes).");
        }

        if (ImageHeader.ReadSize(file.Content.Span) is not { } size || size.Width == 0 || size.Height == 0)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.CorruptFile, "The image header cannot be read (damaged or truncated image).");
        }

        if (size.Width * size.Height > options.MaxPixelsPerPage)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.TooLarge, $"The image declares {size.Width}×{size.Height} pixels; the limit is {options.MaxPixelsPerPage:N0} pixels per page.");
        }

        if (size.Width < MinPageSide || size.Height < MinPageSide)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.NotAReport, $"The image is {size.Width}×{size.Height} pixels: too small to be a scanned report page (at least {MinPageSide} px a side).");
        }

        var (models, problem) = OcrModels.Load(options);
        if (models is null)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.ExtractorUnavailable, problem!);
        }

        var pages = new List<Mat>();
        try
        {
            var bytes = file.Content.ToArray();
            if (MediaType == FormatDetector.Tiff)
            {
                // OpenCV reads every page of a TIFF only from a file.
                var path = Path.Combine(Path.GetTempPath(), $"ingest-ocr-{Guid.NewGuid():N}.tif");
                try
                {
                    File.WriteAllBytes(path, bytes);
                    if (!Cv2.ImReadMulti(path, out var decoded, ImreadModes.Grayscale) || decoded.Length == 0)
                    {
                        return Outcome<ExtractedDocument>.Reject(ReasonCodes.CorruptFile, "The TIFF cannot be decoded (damaged or unsupported compression).");
                    }

                    pages.AddRange(decoded);
                }
                finally
                {
                    File.Delete(path);
                }
            }
            else
            {
                var page = Cv2.ImDecode(bytes, ImreadModes.Grayscale);
                if (page.Empty())
                {
                    page.Dispose();
                    return Outcome<ExtractedDocument>.Reject(ReasonCodes.CorruptFile, "The image cannot be decoded (damaged or truncated).");
                }

                pages.Add(page);
            }

            if (pages.Count > options.MaxPages)
            {
                return Outcome<ExtractedDocument>.Reject(ReasonCodes.TooLarge, $"The image has {pages.Count} pages; OCR reads at most {options.MaxPages}.");
            }

            var reader = new OcrPageReader(models);
            var blocks = new List<DocumentBlock>();
            for (var i = 0; i < pages.Count; i++)
            {
                if ((long)pages[i].Width * pages[i].Height > options.MaxPixelsPerPage)
                {
                    return Outcome<ExtractedDocument>.Reject(ReasonCodes.TooLarge, $"Page {i + 1} has {pages[i].Width}×{pages[i].Height} pixels; the limit is {options.MaxPixelsPerPage:N0}.");
                }

                var read = OcrPages.ReadWithDeadline(reader, pages[i], i + 1, pages[i].Width / 8.27, options, cancellationToken);
                if (!read.IsSuccess)
                {
                    return Outcome<ExtractedDocument>.Reject(read.Rejection!);
                }

                blocks.AddRange(read.Value!);
            }

            return Outcome<ExtractedDocument>.Success(new ExtractedDocument(MediaType, Name, blocks));
        }
        catch (OpenCVException e)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.CorruptFile, $"The image cannot be decoded: {e.Message}");
        }
        finally
        {
            foreach (var page in pages)
            {
                page.Dispose();
            }
        }
    }
}

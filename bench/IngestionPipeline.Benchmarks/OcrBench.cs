using System.Diagnostics;
using System.Globalization;
using IngestionPipeline.Core.Extraction.Ocr;
using IngestionPipeline.Corpus;
using OpenCvSharp;

namespace IngestionPipeline.Benchmarks;

/// <summary>
/// <c>-- ocr &lt;scanRoot&gt;</c>: OCR of scans (issue 15) against Tesseract on the same pages in the same run. The root
/// holds a <c>scan/</c> directory written by <c>ingest corpus scan</c>. Per page, one core: the page image is rendered
/// once (170 dpi grey), then timed through <see cref="OcrPageReader"/> (models loaded before timing, one ONNX thread)
/// and through <c>tesseract -l chi_sim --psm 6</c> (OMP_THREAD_LIMIT=1). Cell accuracy of both through the same
/// normalizer and evaluator: OCR through the PDF/TIFF extract path, Tesseract's text as a TXT report.
/// </summary>
public static class OcrBench
{
    public const string TesseractPath = "/usr/bin/tesseract";

    public static async Task<int> RunAsync(string[] args, TextWriter log)
    {
        if (args.Length < 1 || !Directory.Exists(Path.Combine(args[0], ScanCorpus.Format)))
        {
            await log.WriteLineAsync("usage: -- ocr <root with scan/ from `ingest corpus scan corpus/generated/pdf <root>/scan`>");
            return 2;
        }

        var scans = Path.Combine(args[0], ScanCorpus.Format);
        var options = OcrOptions.FromEnvironment() with { Threads = 1 };
        var (models, problem) = OcrModels.Load(options);
        if (models is null)
        {
            await log.WriteLineAsync(problem);
            return 3;
        }

        var reader = new OcrPageReader(models);
        var tesseract = File.Exists(TesseractPath);
        var work = Path.Combine(Path.GetTempPath(), $"ocr-bench-{Guid.NewGuid():N}");
        var tessRoot = Path.Combine(work, "tesseract", ScanCorpus.Format);
        Directory.CreateDirectory(tessRoot);
        var (ocrSeconds, tessSeconds, pages, tablePages) = (0.0, 0.0, 0, 0);
        try
        {
            foreach (var scan in Directory.GetFiles(scans).Where(f => f.EndsWith(".pdf", StringComparison.Ordinal) || f.EndsWith(".tif", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var stem = Path.GetFileNameWithoutExtension(scan);
                var images = PageImages(scan, work);
                var text = new System.Text.StringBuilder();
                for (var i = 0; i < images.Count; i++)
                {
                    using var page = Cv2.ImRead(images[i], ImreadModes.Grayscale);
                    var sw = Stopwatch.StartNew();
                    var blocks = reader.Read(page, i + 1, 170, CancellationToken.None);
                    ocrSeconds += sw.Elapsed.TotalSeconds;
                    pages++;
                    tablePages += blocks.Any(b => b is Core.Extraction.TableBlock) ? 1 : 0;
                    if (tesseract)
                    {
                        sw.Restart();
                        text.AppendLine(await TesseractAsync(images[i]));
                        tessSeconds += sw.Elapsed.TotalSeconds;
                    }
                }

                await File.WriteAllTextAsync(Path.Combine(tessRoot, stem + ".txt"), text.ToString());
                File.Copy(Path.Combine(scans, stem + CorpusLayout.ExpectedSuffix), Path.Combine(tessRoot, stem + CorpusLayout.ExpectedSuffix));
            }

            var ocrAccuracy = new AccuracyEvaluator(Core.Parsing.ReportParser.CreateDefault()).Evaluate([args[0]]);
            var ocr = ocrAccuracy.Formats.Single(b => b.Format == ScanCorpus.Format);
            await log.WriteLineAsync("| reader | pages | table pages | pages/s (1 core) | cells right | reports with a wrong cell | of them flagged |");
            await log.WriteLineAsync("|---|---|---|---|---|---|---|");
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"| PP-OCRv4 (this extractor) | {pages} | {tablePages} | {pages / ocrSeconds:0.00} | {ocr.Accuracy:P2} ({ocr.Correct}/{ocr.Cells}) | {ocr.ReportsWithWrongCells} | {ocr.FlaggedReportsWithWrongCells} |"));
            if (tesseract)
            {
                var tessAccuracy = new AccuracyEvaluator(Core.Parsing.ReportParser.CreateDefault()).Evaluate([Path.Combine(work, "tesseract")]);
                var tess = tessAccuracy.Formats.Single(b => b.Format == ScanCorpus.Format);
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"| Tesseract chi_sim --psm 6 | {pages} | {tablePages} | {pages / tessSeconds:0.00} | {tess.Accuracy:P2} ({tess.Correct}/{tess.Cells}) | {tess.ReportsWithWrongCells} | {tess.FlaggedReportsWithWrongCells} |"));
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"speed-up: {tessSeconds / ocrSeconds:0.0}x"));
            }
            else
            {
                await log.WriteLineAsync($"tesseract: {TesseractPath} not found, skipped (apt-get install tesseract-ocr tesseract-ocr-chi-sim).");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static List<string> PageImages(string scan, string work)
    {
        var dir = Path.Combine(work, "pages", Path.GetFileNameWithoutExtension(scan));
        Directory.CreateDirectory(dir);
        if (scan.EndsWith(".tif", StringComparison.Ordinal))
        {
            Cv2.ImReadMulti(scan, out var mats, ImreadModes.Grayscale);
            var paths = new List<string>();
            for (var i = 0; i < mats.Length; i++)
            {
                var path = Path.Combine(dir, $"page-{i + 1:000}.png");
                Cv2.ImWrite(path, mats[i]);
                mats[i].Dispose();
                paths.Add(path);
            }

            return paths;
        }

        using var process = Process.Start(new ProcessStartInfo("pdftoppm", ["-r", "170", "-gray", "-png", scan, Path.Combine(dir, "page")]) { UseShellExecute = false })!;
        process.WaitForExit();
        return [.. Directory.GetFiles(dir, "page*.png").Order(StringComparer.Ordinal)];
    }

    private static async Task<string> TesseractAsync(string image)
    {
        var start = new ProcessStartInfo(TesseractPath, [image, "stdout", "-l", "chi_sim", "--psm", "6"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["OMP_THREAD_LIMIT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await output;
    }
}

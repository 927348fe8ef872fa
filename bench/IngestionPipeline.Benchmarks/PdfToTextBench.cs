using System.Diagnostics;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Parsing;
using UglyToad.PdfPig;

namespace IngestionPipeline.Benchmarks;

public sealed record PdfResult(int Pages, double PdfToTextPagesPerSecond, double PdfPigTextPagesPerSecond, double ExtractPagesPerSecond, bool PdfToTextAvailable);

/// <summary>pdftotext (poppler, one process per file) against PdfPig on the same PDFs; median of <c>runs</c> passes over the set.</summary>
public static class PdfToTextBench
{
    public const string PdfToTextPath = "/usr/bin/pdftotext";

    public static async Task<PdfResult> RunAsync(int runs, int fileCount, TextWriter log, CancellationToken ct)
    {
        var files = BenchCorpus.Load("pdf", fileCount);
        var pages = files.Sum(f => { using var d = PdfDocument.Open(f.Content); return d.NumberOfPages; });
        var paths = BenchCorpus.Files("pdf", fileCount);
        var available = File.Exists(PdfToTextPath);

        double popplerRate = double.NaN;
        if (available)
        {
            await PdfToTextPassAsync(paths, ct); // warm-up (page cache, binary)
            var times = new List<double>();
            for (var r = 0; r < runs; r++)
            {
                var sw = Stopwatch.StartNew();
                await PdfToTextPassAsync(paths, ct);
                times.Add(sw.Elapsed.TotalSeconds);
            }

            popplerRate = pages / Stats.Median(times);
        }
        else
        {
            log.WriteLine($"pdftotext: {PdfToTextPath} not found, skipped (apt-get install poppler-utils).");
        }

        var pigRate = pages / MedianSeconds(runs, () =>
        {
            foreach (var f in files)
            {
                using var doc = PdfDocument.Open(f.Content);
                foreach (var page in doc.GetPages())
                {
                    _ = page.Text;
                }
            }
        });

        var parser = ReportParser.CreateDefault();
        var raws = files.Select(f => new RawFile(f.Content, f.Name)).ToArray();
        var extractRate = pages / MedianSeconds(runs, () =>
        {
            foreach (var raw in raws)
            {
                _ = parser.Extract(raw, ct);
            }
        });

        return new PdfResult(pages, popplerRate, pigRate, extractRate, available);
    }

    private static double MedianSeconds(int runs, Action pass)
    {
        pass(); // warm-up / JIT
        var times = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var sw = Stopwatch.StartNew();
            pass();
            times.Add(sw.Elapsed.TotalSeconds);
        }

        return Stats.Median(times);
    }

    private static async Task PdfToTextPassAsync(IReadOnlyList<string> paths, CancellationToken ct)
    {
        foreach (var path in paths)
        {
            var psi = new ProcessStartInfo(PdfToTextPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-layout");
            psi.ArgumentList.Add("-enc");
            psi.ArgumentList.Add("UTF-8");
            psi.ArgumentList.Add(path);
            psi.ArgumentList.Add("-");
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            await Task.WhenAll(stdout, stderr);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"pdftotext failed on {path}: {await stderr}");
            }
        }
    }
}

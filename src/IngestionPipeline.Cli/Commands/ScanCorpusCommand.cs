using System.CommandLine;
using IngestionPipeline.Corpus;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>corpus scan &lt;pdfDir&gt; &lt;outDir&gt; [--seed S] [--count N]</c>: writes the <c>scan</c> corpus format, the
/// generated PDF reports as degraded scans (image-only PDFs and multi-page TIFFs) with their ground truth
/// (<see cref="ScanCorpus"/>). Needs <c>pdftoppm</c>.
/// </summary>
internal static class ScanCorpusCommand
{
    public static Command Create()
    {
        var pdfDir = new Argument<string>("pdfDir") { Description = "Directory of generated PDF reports with their .expected.json (corpus/generated/pdf)." };
        var outDir = new Argument<string>("outDir") { Description = "Directory to write the scans and their .expected.json into (corpus/generated/scan)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the degradations.", DefaultValueFactory = _ => CorpusCommand.DefaultSeed };
        var count = new Option<int?>("--count") { Description = "At most this many reports (default: all)." };
        var scan = new Command("scan", "Render generated PDF reports as degraded scans (150–200 dpi, ≤1° rotation, grain, blur, JPEG).") { pdfDir, outDir, seed, count };
        scan.SetAction(result =>
        {
            var written = ScanCorpus.Write(result.GetValue(pdfDir)!, result.GetValue(outDir)!, result.GetValue(seed), result.GetValue(count));
            Console.WriteLine($"{written.Count} scans written to {result.GetValue(outDir)}");
            return written.Count > 0 ? 0 : 1;
        });
        return scan;
    }
}

using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace IngestionPipeline.Corpus.Rendering;

/// <summary>How one generated scan was degraded (recorded in its file name).</summary>
public sealed record ScanStyle(int Dpi, double RotationDegrees, double NoiseSigma, double BlurSigma, int JpegQuality, bool Tiff)
{
    public string Tag => string.Create(CultureInfo.InvariantCulture, $"{Dpi}dpi-r{RotationDegrees:+0.00;-0.00}-n{NoiseSigma:0}-b{BlurSigma:0.0}-q{JpegQuality}");

    /// <summary>A style drawn from <paramref name="random"/>: 150–200 dpi, rotation up to ±1°, grain, blur, JPEG artefacts.</summary>
    public static ScanStyle Draw(Random random, bool tiff) => new(
        150 + (random.Next(0, 6) * 10),
        Math.Round((random.NextDouble() * 2) - 1, 2),
        Math.Round(3 + (random.NextDouble() * 7), 0),
        Math.Round(0.5 + (random.NextDouble() * 0.6), 1),
        45 + random.Next(0, 36),
        tiff);
}

/// <summary>
/// Turns generated PDF reports into scans: each page rendered by <c>pdftoppm</c> at 150–200 dpi in grey, rotated by up
/// to 1°, with sensor grain, lens blur and JPEG artefacts (OpenCV), then put back together as an image-only PDF (one
/// JPEG per page, as scanners write them) or, for a quarter of them, a multi-page TIFF. The ground truth is the source
/// PDF's: a scan shows the same report.
/// </summary>
public static class ScanRenderer
{
    /// <summary>The scan of <paramref name="pdfPath"/> in <paramref name="style"/>: the bytes and the extension (<c>.pdf</c> or <c>.tif</c>).</summary>
    public static (byte[] Content, string Extension) Render(string pdfPath, ScanStyle style, int seed)
    {
        var random = new Random(seed);
        var work = Path.Combine(Path.GetTempPath(), $"ingest-scan-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var start = new ProcessStartInfo("pdftoppm") { UseShellExecute = false, RedirectStandardError = true };
            foreach (var arg in new[] { "-r", style.Dpi.ToString(CultureInfo.InvariantCulture), "-gray", pdfPath, Path.Combine(work, "page") })
            {
                start.ArgumentList.Add(arg);
            }

            using (var process = Process.Start(start) ?? throw new InvalidOperationException("pdftoppm did not start."))
            {
                var stderr = process.StandardError.ReadToEnd();
                if (!process.WaitForExit(TimeSpan.FromMinutes(2)) || process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"pdftoppm failed on {pdfPath}: {stderr}");
                }
            }

            var pages = Directory.GetFiles(work, "page*.pgm").Order(StringComparer.Ordinal).ToList();
            var degraded = pages.Select(p =>
            {
                using var page = Cv2.ImRead(p, ImreadModes.Grayscale);
                return Degrade(page, style, random);
            }).ToList();
            try
            {
                return style.Tiff ? (Tiff(degraded, work), ".tif") : (Pdf(degraded, style.Dpi, style.JpegQuality), ".pdf");
            }
            finally
            {
                degraded.ForEach(d => d.Dispose());
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The page as a scanner would deliver it: rotated, blurred, grainy, JPEG-compressed.</summary>
    public static Mat Degrade(Mat page, ScanStyle style, Random random)
    {
        using var rotated = new Mat();
        using (var rotation = Cv2.GetRotationMatrix2D(new Point2f(page.Width / 2f, page.Height / 2f), style.RotationDegrees, 1.0))
        {
            Cv2.WarpAffine(page, rotated, rotation, page.Size(), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.White);
        }

        using var blurred = new Mat();
        Cv2.GaussianBlur(rotated, blurred, new Size(0, 0), style.BlurSigma);
        using var noise = new Mat(blurred.Size(), MatType.CV_16SC1);
        Cv2.SetTheRNG((ulong)random.Next());
        Cv2.Randn(noise, Scalar.All(0), Scalar.All(style.NoiseSigma));
        using var signed = new Mat();
        blurred.ConvertTo(signed, MatType.CV_16SC1);
        Cv2.Add(signed, noise, signed);
        using var grainy = new Mat();
        signed.ConvertTo(grainy, MatType.CV_8UC1);
        Cv2.ImEncode(".jpg", grainy, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, style.JpegQuality));
        return Cv2.ImDecode(jpeg, ImreadModes.Grayscale);
    }

    private static byte[] Pdf(IReadOnlyList<Mat> pages, int dpi, int quality)
    {
        var builder = new PdfDocumentBuilder();
        foreach (var page in pages)
        {
            var (width, height) = (page.Width * 72.0 / dpi, page.Height * 72.0 / dpi);
            var pdfPage = builder.AddPage(width, height);
            Cv2.ImEncode(".jpg", page, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
            pdfPage.AddJpeg(jpeg, new PdfRectangle(0, 0, width, height));
        }

        return builder.Build();
    }

    private static byte[] Tiff(IReadOnlyList<Mat> pages, string work)
    {
        var path = Path.Combine(work, "scan.tif");
        if (!Cv2.ImWrite(path, pages, new ImageEncodingParam(ImwriteFlags.TiffCompression, 8)))
        {
            throw new InvalidOperationException("OpenCV could not write the TIFF.");
        }

        return File.ReadAllBytes(path);
    }
}

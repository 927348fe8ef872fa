using System.ComponentModel;
using System.Diagnostics;
using OpenCvSharp;

namespace IngestionPipeline.Core.Extraction.Ocr;

/// <summary>
/// Renders one PDF page to a grey image with poppler's <c>pdftoppm</c> (Debian <c>poppler-utils</c>) as a child
/// process: the resolution is lowered so the page stays within the pixel limit, and the process is killed at the page
/// time limit.
/// </summary>
public sealed class PdfPageRenderer(OcrOptions options, string pdftoppmPath = PdfPageRenderer.DefaultPath)
{
    public const string DefaultPath = "/usr/bin/pdftoppm";

    public bool IsAvailable => File.Exists(pdftoppmPath);

    /// <summary>
    /// The dpi page <paramref name="pageNumber"/> (<paramref name="widthPoints"/> × <paramref name="heightPoints"/>) is
    /// rendered at: <see cref="OcrOptions.RenderDpi"/>, lowered to keep within <see cref="OcrOptions.MaxPixelsPerPage"/>;
    /// null when even 100 dpi would exceed the limit (a bomb page).
    /// </summary>
    public int? DpiFor(double widthPoints, double heightPoints)
    {
        var dpi = (double)options.RenderDpi;
        var pixels = widthPoints / 72 * dpi * (heightPoints / 72 * dpi);
        if (pixels > options.MaxPixelsPerPage)
        {
            dpi *= Math.Sqrt(options.MaxPixelsPerPage / pixels);
        }

        return dpi < 100 ? null : (int)Math.Floor(dpi);
    }

    /// <summary>The page image (grey), or null with the problem.</summary>
    public (Mat? Page, string? Problem) Render(string pdfPath, int pageNumber, int dpi, CancellationToken cancellationToken)
    {
        var work = Path.Combine(Path.GetTempPath(), $"ingest-ocr-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var start = new ProcessStartInfo(pdftoppmPath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = work,
            };
            foreach (var arg in new[] { "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-gray", "-f", $"{pageNumber}", "-l", $"{pageNumber}", "-singlefile", pdfPath, Path.Combine(work, "page") })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start);
            if (process is null)
            {
                return (null, "pdftoppm did not start.");
            }

            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.PageTimeout);
            try
            {
                process.WaitForExitAsync(deadline.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException($"pdftoppm did not render page {pageNumber} within {options.PageTimeout.TotalSeconds:0} s.");
            }

            var output = Path.Combine(work, "page.pgm");
            if (!File.Exists(output))
            {
                return (null, $"pdftoppm could not render page {pageNumber} (exit code {process.ExitCode}: {stderr.GetAwaiter().GetResult().Trim()}).");
            }

            var image = Cv2.ImRead(output, ImreadModes.Grayscale);
            return image.Empty() ? (null, $"pdftoppm rendered an unreadable image of page {pageNumber}.") : (image, null);
        }
        catch (Win32Exception e)
        {
            return (null, $"pdftoppm could not be started: {e.Message}");
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // The temp cleaner takes it.
            }
        }
    }
}

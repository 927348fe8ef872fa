using System.ComponentModel;
using System.Diagnostics;

namespace IngestionPipeline.Core.Extraction.Doc;

/// <summary>
/// Converts a Word 97 file to DOCX with a headless LibreOffice (Debian's <c>libreoffice-writer-nogui</c>),
/// so the DOCX extractor reads the real table grid (merged cells included). One process per file, with
/// its own throw-away user profile so conversions can run in parallel, and a timeout that kills the tree.
/// </summary>
public sealed class LibreOfficeConverter(string sofficePath = LibreOfficeConverter.DefaultSofficePath, TimeSpan? timeout = null)
{
    public const string DefaultSofficePath = "/usr/bin/soffice";

    private readonly TimeSpan timeout = timeout ?? TimeSpan.FromSeconds(90);

    public bool IsAvailable => File.Exists(sofficePath);

    /// <summary>The DOCX bytes, or null with a reason when LibreOffice could not convert the file.</summary>
    public (byte[]? Docx, string? Problem) ConvertToDocx(ReadOnlyMemory<byte> doc, CancellationToken cancellationToken)
    {
        var work = Path.Combine(Path.GetTempPath(), $"ingest-lo-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var input = Path.Combine(work, "input.doc");
            File.WriteAllBytes(input, doc.ToArray());
            var start = new ProcessStartInfo(sofficePath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = work,
            };
            foreach (var arg in new[]
            {
                $"-env:UserInstallation=file://{Path.Combine(work, "profile")}",
                "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                "--convert-to", "docx:MS Word 2007 XML", "--outdir", work, input,
            })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start);
            if (process is null)
            {
                return (null, "LibreOffice did not start.");
            }

            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                process.WaitForExitAsync(deadline.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                return (null, $"LibreOffice did not finish within {timeout.TotalSeconds:0} s.");
            }

            var output = Path.Combine(work, "input.docx");
            return File.Exists(output) && new FileInfo(output).Length > 0
                ? (File.ReadAllBytes(output), null)
                : (null, $"LibreOffice could not convert the file (exit code {process.ExitCode}: {stderr.GetAwaiter().GetResult().Trim()}).");
        }
        catch (Win32Exception e)
        {
            return (null, $"LibreOffice could not be started: {e.Message}");
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A profile file still held by a dying soffice: the temp cleaner takes it.
            }
        }
    }
}

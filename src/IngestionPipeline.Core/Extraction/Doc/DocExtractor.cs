using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction.Doc;

/// <summary>
/// Word 97–2003 (.doc) via Debian's <c>antiword -w 0 -m UTF-8.txt</c>, run as a child process on a temp
/// copy with a timeout (the process tree is killed when it expires). antiword prints narrow tables as
/// <c>|</c>-separated rows, which <see cref="TextExtractor.Split"/> turns into table blocks; wide tables
/// (about 7+ columns) come out "flattened" (<c>a |b |c | |d …</c>, a row end is an empty cell), which
/// <see cref="RebuildFlattenedTables"/> turns back into pipe rows first. antiword 0.37 is known to drop
/// rows of some wide tables entirely; such cells end up MISSING in the report, never guessed.
/// </summary>
/// <remarks>
/// When LibreOffice is installed it is preferred: it converts the file to DOCX and the DOCX extractor reads
/// the real table grid, which antiword loses for wide tables. antiword stays the fallback (smaller, faster,
/// and enough for prose and narrow tables). The extractor recorded in provenance says which path ran.
/// </remarks>
public sealed class DocExtractor(
    string antiwordPath = DocExtractor.DefaultAntiwordPath,
    TimeSpan? timeout = null,
    LibreOfficeConverter? libreOffice = null) : IExtractor
{
    public const string DefaultAntiwordPath = "/usr/bin/antiword";

    private readonly TimeSpan timeout = timeout ?? TimeSpan.FromSeconds(30);

    private readonly LibreOfficeConverter libreOffice = libreOffice ?? new LibreOfficeConverter();

    public string Name => "doc@2";

    public string MediaType => FormatDetector.Doc;

    public Outcome<ExtractedDocument> Extract(RawFile file, CancellationToken cancellationToken = default)
    {
        if (file.Content.IsEmpty)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.EmptyFile, "The file is empty (0 bytes).");
        }

        if (libreOffice.IsAvailable && HasWordStream(file.Content.Span) && ViaLibreOffice(file, cancellationToken) is { } converted)
        {
            return converted;
        }

        if (ResolveExecutable(antiwordPath) is not { } executable)
        {
            return Outcome<ExtractedDocument>.Reject(
                ReasonCodes.ExtractorUnavailable,
                $"antiword is not installed (looked for '{antiwordPath}'); install the Debian package 'antiword' to read .doc files.");
        }

        var temp = Path.Combine(Path.GetTempPath(), $"ingest-{Guid.NewGuid():N}.doc");
        try
        {
            File.WriteAllBytes(temp, file.Content.ToArray());
            var run = Run(executable, temp, HasWordStream(file.Content.Span), cancellationToken);
            if (run.Rejection is { } rejection)
            {
                return rejection;
            }

            var text = run.Output!;
            if (string.IsNullOrWhiteSpace(text))
            {
                return Outcome<ExtractedDocument>.Reject(ReasonCodes.CorruptFile, "antiword found no text in the Word document.");
            }

            var blocks = TextExtractor.Split(RebuildFlattenedTables(text), cancellationToken);
            return Outcome<ExtractedDocument>.Success(new ExtractedDocument(MediaType, $"{Name}+antiword", blocks));
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>
    /// The LibreOffice path: null when LibreOffice could not convert the file (then antiword decides, and
    /// its reason codes for encrypted or damaged files apply).
    /// </summary>
    private Outcome<ExtractedDocument>? ViaLibreOffice(RawFile file, CancellationToken cancellationToken)
    {
        var (docx, _) = libreOffice.ConvertToDocx(file.Content, cancellationToken);
        if (docx is null)
        {
            return null;
        }

        var outcome = new Docx.DocxExtractor().Extract(new RawFile(docx, Path.ChangeExtension(file.FileName, ".docx")), cancellationToken);
        if (!outcome.IsSuccess)
        {
            return null;
        }

        return Outcome<ExtractedDocument>.Success(outcome.Value with { MediaType = MediaType, Extractor = $"{Name}+libreoffice" });
    }

    /// <summary>Maps a failed antiword run (exit code and stderr) to a rejection.</summary>
    /// <param name="exitCode">antiword's exit code.</param>
    /// <param name="stderr">antiword's messages.</param>
    /// <param name="hasWordStream">Whether the OLE directory names a <c>WordDocument</c> stream: a Word file antiword cannot
    /// read is damaged (CORRUPT_FILE), while an OLE file without one (.xls, .ppt, .msg) is simply another format.</param>
    internal static Rejection Classify(int exitCode, string stderr, bool hasWordStream)
    {
        var message = stderr.Trim().ReplaceLineEndings(" ");
        if (message.Length > 300)
        {
            message = message[..300] + "…";
        }

        if (message.Contains("encrypt", StringComparison.OrdinalIgnoreCase) || message.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            return new Rejection(ReasonCodes.Encrypted, $"The Word document is encrypted or password-protected (antiword: {message}).");
        }

        if (!hasWordStream || message.Contains("Word for DOS", StringComparison.OrdinalIgnoreCase) || message.Contains("version", StringComparison.OrdinalIgnoreCase))
        {
            return new Rejection(ReasonCodes.UnsupportedFormat, $"The OLE file is not a Word 97–2003 document (antiword: {message}).");
        }

        return new Rejection(ReasonCodes.CorruptFile, $"antiword could not read the Word document; it is damaged or truncated (exit code {exitCode}: {message}).");
    }

    /// <summary>True when the UTF-16LE stream name <c>WordDocument</c> appears in the file (the OLE directory of a Word file).</summary>
    internal static bool HasWordStream(ReadOnlySpan<byte> content) => content.IndexOf("W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0"u8) >= 0;

    /// <summary>
    /// Turns antiword's flattened rendering of wide tables (cells ended by <c>" |"</c>, a row end shown as an
    /// extra empty cell, line breaks inside cells) back into one <c>|a|b|</c> line per row. Narrow tables
    /// (lines starting with <c>|</c>) and prose pass through unchanged.
    /// </summary>
    internal static string RebuildFlattenedTables(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var output = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (!IsFlattenedStart(line))
            {
                output.Append(line).Append('\n');
                continue;
            }

            var first = i;
            var run = new StringBuilder(line);
            while (i + 1 < lines.Length && lines[i + 1].Contains('|', StringComparison.Ordinal))
            {
                run.Append(lines[++i]);
            }

            var tokens = run.ToString().Split('|');
            if (tokens.Length < 4)
            {
                // Fewer than three cells: prose that happens to contain " |", keep it as printed.
                foreach (var kept in lines[first..(i + 1)])
                {
                    output.Append(kept).Append('\n');
                }

                continue;
            }

            var trailing = tokens[^1].Trim();
            var row = new List<string>();
            foreach (var token in tokens[..^1].Select(t => t.Trim()))
            {
                if (token.Length == 0)
                {
                    FlushRow(row, output);
                }
                else
                {
                    row.Add(token);
                }
            }

            FlushRow(row, output);
            if (trailing.Length > 0)
            {
                output.Append(trailing).Append('\n');
            }
        }

        return output.ToString();
    }

    private static bool IsFlattenedStart(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.Length > 0 && trimmed[0] != '|' && trimmed.Contains(" |", StringComparison.Ordinal);
    }

    private static void FlushRow(List<string> row, StringBuilder output)
    {
        if (row.Count == 0)
        {
            return;
        }

        // One cell alone stays a text line (a caption or a wrapped label); two or more are a table row.
        output.Append(row.Count == 1 ? row[0] : "|" + string.Join("|", row) + "|").Append('\n');
        row.Clear();
    }

    private (string? Output, Rejection? Rejection) Run(string executable, string path, bool hasWordStream, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[] { "-w", "0", "-m", "UTF-8.txt", path })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return (null, new Rejection(ReasonCodes.ExtractorUnavailable, $"antiword could not be started ('{executable}': {ex.Message})."));
        }

        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            process.WaitForExitAsync(timer.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            return (null, new Rejection(ReasonCodes.CorruptFile, $"antiword did not finish within {timeout.TotalSeconds:0} s; the document is treated as unreadable."));
        }

        var output = stdout.GetAwaiter().GetResult();
        var errors = stderr.GetAwaiter().GetResult();
        return process.ExitCode == 0 && output.Length > 0
            ? (output, null)
            : (null, Classify(process.ExitCode, errors.Length > 0 ? errors : "no output", hasWordStream));
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(2000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Could not be killed; nothing more to do here.
        }
    }

    private static string? ResolveExecutable(string path)
    {
        if (Path.IsPathRooted(path) || path.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(path) ? path : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, path))
            .FirstOrDefault(File.Exists);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

using System.CommandLine;
using IngestionPipeline.Components.Extraction;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>parse &lt;file|dir&gt; [--out DIR]</c>: the contract's command. Runs the same extract → normalize →
/// validate code as the workers, with no bus and no database.
/// </summary>
internal static class ParseCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("file-or-directory") { Description = "A report file, or a directory of them." };
        var output = new Option<string?>("--out") { Description = "Write <input file name>.json (or .error.txt) per input into this directory." };
        var inProcess = new Option<bool>("--in-process") { Description = "Extract in this process instead of the sandbox's child process (trusted files only: a hostile file can crash it)." };
        var include = FileSelection.IncludeOption();
        var exclude = FileSelection.ExcludeOption();
        var allowRejections = CommonOptions.AllowRejections();
        var command = new Command("parse", "Parse report files into canonical JSON (no bus, no database).") { input, output, inProcess, include, exclude, allowRejections };
        command.SetAction((result, ct) => RunAsync(
            result.GetValue(input)!, result.GetValue(output), result.GetValue(inProcess),
            FileSelection.From(result.GetValue(include), result.GetValue(exclude)), result.GetValue(allowRejections), ct));
        return command;
    }

    /// <summary>
    /// Parses <paramref name="input"/>: one file prints its JSON (exit 0) or its rejection (exit 2); a directory's files
    /// of <paramref name="selection"/> exit 1 when any was rejected, unless <paramref name="allowRejections"/>.
    /// </summary>
    internal static async Task<int> RunAsync(
        string input, string? outDirectory, bool inProcess, FileSelection selection, bool allowRejections, CancellationToken cancellationToken)
    {
        var parser = ReportParser.CreateDefault();
        var parserOptions = new ParserOptions();
        var workers = Environment.ProcessorCount;
        var extractionOptions = new ExtractionOptions { PoolSize = workers };
        if (!inProcess && ExtractionPrerequisites.FindProblem(extractionOptions) is { } missing)
        {
            await Console.Error.WriteLineAsync(missing);
            return ServiceDefaults.StartupProblemException.ExitCode;
        }

        using var sandbox = inProcess ? null : new ExtractionSandbox(extractionOptions, parserOptions.MaxFileBytes);
        IExtractionService extraction = sandbox is null ? new InProcessExtraction(parser) : sandbox;
        if (File.Exists(input) && outDirectory is null)
        {
            var outcome = await ParseFileAsync(parser, extraction, new FileInfo(input), cancellationToken);
            if (!outcome.IsSuccess)
            {
                Console.Error.WriteLine($"{input}: rejected: {outcome.Rejection}");
                return 2;
            }

            Console.Out.WriteLine(ReportJson.Serialize(outcome.Value));
            return 0;
        }

        IReadOnlyList<FileInfo> files;
        try
        {
            files = CommonOptions.ExpandInputs([input], selection);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }

        if (outDirectory is not null)
        {
            Directory.CreateDirectory(outDirectory);
        }

        // Every core parses: files are read, extracted (by one of the sandbox's children each), normalized, validated,
        // serialized and written in parallel; the console lines come out in input order.
        int produced = 0, rejected = 0;
        await foreach (var parsed in OrderedParallel.SelectAsync(files, workers, (file, ct) => ParseAndWriteAsync(parser, extraction, file, outDirectory, ct), cancellationToken))
        {
            if (parsed.Produced)
            {
                produced++;
                if (parsed.Json is not null)
                {
                    // Without --out a directory becomes JSON Lines on stdout; summaries go to stderr.
                    Console.Out.WriteLine(parsed.Json);
                }
            }
            else
            {
                rejected++;
            }

            Summary(outDirectory, parsed.Summary);
        }

        Summary(outDirectory, $"{files.Count} files: {produced} reports, {rejected} rejected");
        return rejected == 0 || allowRejections ? 0 : 1;
    }

    /// <summary>
    /// One file of a batch: parses it, writes <c>&lt;name&gt;.json</c> or <c>&lt;name&gt;.error.txt</c> into
    /// <paramref name="outDirectory"/> when given, and returns its outcome, its JSON when it goes to stdout
    /// (no <c>--out</c>) and its summary line.
    /// </summary>
    private static async Task<ParsedFile> ParseAndWriteAsync(ReportParser parser, IExtractionService extraction, FileInfo file, string? outDirectory, CancellationToken cancellationToken)
    {
        var outcome = await ParseFileAsync(parser, extraction, file, cancellationToken).ConfigureAwait(false);
        if (!outcome.IsSuccess)
        {
            if (outDirectory is not null)
            {
                File.WriteAllText(Path.Combine(outDirectory, file.Name + ".error.txt"), outcome.Rejection + Environment.NewLine);
            }

            return new ParsedFile(false, null, $"{file.Name}: rejected {outcome.Rejection}");
        }

        var report = outcome.Value;
        var json = ReportJson.Serialize(report, indented: outDirectory is not null);
        var summary = $"{file.Name}: ok {report.Meta.Organization} {report.Meta.Year} {report.Meta.TemplateVersion.ToWire()} findings={report.Findings.Count}";
        if (outDirectory is not null)
        {
            File.WriteAllText(Path.Combine(outDirectory, file.Name + ".json"), json);
            return new ParsedFile(true, null, summary);
        }

        return new ParsedFile(true, json, summary);
    }

    private static async Task<Outcome<CanonicalReport>> ParseFileAsync(ReportParser parser, IExtractionService extraction, FileInfo file, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = CommonOptions.ReadInput(file);
        }
        catch (Exception e) when (CommonOptions.IsUnreadable(e))
        {
            // One unreadable file (permissions, a dangling symlink, a symlink loop) is reported, and the batch goes on.
            return Outcome<CanonicalReport>.Reject(ReasonCodes.CorruptFile, $"Cannot read the file: {e.Message}");
        }

        try
        {
            var extracted = await extraction.ExtractAsync(new RawFile(bytes, file.Name), cancellationToken);
            if (!extracted.IsSuccess)
            {
                return extracted.Rejection;
            }

            var normalized = parser.Normalize(extracted.Value, Sha256Hex.Of(bytes));
            return normalized.IsSuccess ? Outcome<CanonicalReport>.Success(parser.Validate(normalized.Value)) : normalized;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A parser bug on one file must not end a batch of thousands; the file is reported, not skipped silently.
            return Outcome<CanonicalReport>.Reject(ReasonCodes.ParserError, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static void Summary(string? outDirectory, string line)
    {
        if (outDirectory is not null)
        {
            Console.Out.WriteLine(line);
        }
        else
        {
            Console.Error.WriteLine(line);
        }
    }

    /// <summary>A batch file's result: parsed or rejected, its JSON for stdout (null with <c>--out</c>), its summary line.</summary>
    private sealed record ParsedFile(bool Produced, string? Json, string Summary);
}

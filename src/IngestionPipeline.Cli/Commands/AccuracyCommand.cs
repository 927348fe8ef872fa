using System.CommandLine;
using IngestionPipeline.Corpus;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>accuracy [&lt;corpusDir&gt;...] [--json] [--wrong-cells N]</c>: parses every labelled document (a file with a
/// <c>&lt;stem&gt;.expected.json</c> beside it) and prints cell accuracy per format × template version, then the wrong cells.
/// Without directories it reads <c>corpus/generated</c> and <c>corpus/samples</c> of the repository.
/// </summary>
internal static class AccuracyCommand
{
    public static Command Create()
    {
        var dirs = new Argument<string[]>("corpusDir") { Description = "Corpus directories (default: corpus/generated and corpus/samples).", Arity = ArgumentArity.ZeroOrMore };
        var json = CommonOptions.Json();
        var wrongCells = new Option<int>("--wrong-cells") { Description = "How many wrong cells to list.", DefaultValueFactory = _ => 50 };
        var command = new Command("accuracy", "Measure cell accuracy of the parser against a labelled corpus.") { dirs, json, wrongCells };
        command.SetAction((result, ct) => Task.FromResult(Run(result.GetValue(dirs) ?? [], result.GetValue(json), result.GetValue(wrongCells), ct)));
        return command;
    }

    internal static int Run(IReadOnlyList<string> directories, bool json, int wrongCellLimit, CancellationToken cancellationToken)
    {
        if (directories.Count == 0)
        {
            var corpus = FindCorpus();
            if (corpus is null)
            {
                Console.Error.WriteLine("No corpus directory given and no corpus/ folder found above the current directory.");
                return 1;
            }

            directories = new[] { Path.Combine(corpus, "generated"), Path.Combine(corpus, "samples") }.Where(Directory.Exists).ToArray();
        }

        var missing = directories.Where(d => !Directory.Exists(d)).ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"No such corpus directory: {string.Join(", ", missing)}");
            return 1;
        }

        var documents = AccuracyEvaluator.Discover(directories);
        if (documents.Count == 0)
        {
            Console.Error.WriteLine($"No labelled documents (<name>.<ext> with <name>.expected.json) under {string.Join(", ", directories)}.");
            return 1;
        }

        var report = AccuracyEvaluator.CreateDefault().Evaluate(documents, cancellationToken);
        Console.Out.WriteLine(json ? AccuracyReportFormatter.ToJson(report, wrongCellLimit) : AccuracyReportFormatter.ToText(report, wrongCellLimit));
        return 0;
    }

    private static string? FindCorpus()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

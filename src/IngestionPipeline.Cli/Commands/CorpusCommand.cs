using System.CommandLine;
using IngestionPipeline.Corpus;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>corpus generate &lt;outDir&gt; [--count N] [--seed S] [--formats txt,html,docx]</c>: writes a labelled corpus
/// (documents plus <c>.expected.json</c> ground truth) under <c>&lt;outDir&gt;/&lt;format&gt;/</c>. The formats pdf and doc
/// write DOCX sources into <c>&lt;format&gt;-docx/</c>; <c>tools/corpus/generate.sh</c> converts them with LibreOffice.
/// </summary>
internal static class CorpusCommand
{
    public const int DefaultCount = 40;
    public const int DefaultSeed = 20250101;

    public static Command Create()
    {
        var outDir = new Argument<string>("outDir") { Description = "Directory to write <format>/<name>.<ext> and <name>.expected.json into." };
        var count = new Option<int>("--count") { Description = "Documents per format.", DefaultValueFactory = _ => DefaultCount };
        var seed = new Option<int>("--seed") { Description = "Seed; the same seed writes the same corpus.", DefaultValueFactory = _ => DefaultSeed };
        var formats = new Option<string>("--formats") { Description = "Comma-separated formats: txt, html, docx, pdf, doc (pdf/doc: DOCX sources for LibreOffice).", DefaultValueFactory = _ => "txt,html,docx" };
        var classes = new Option<string>("--classes") { Description = $"Comma-separated wild classes written to <outDir>/<class>/ ({string.Join(", ", Corpus.Wild.WildCorpus.Classes)}; 'all' for every class). Default: none.", DefaultValueFactory = _ => string.Empty };
        var generate = new Command("generate", "Generate a labelled corpus of synthetic reports with their expected canonical JSON.") { outDir, count, seed, formats, classes };
        generate.SetAction(result => Generate(result.GetValue(outDir)!, result.GetValue(count), result.GetValue(seed), result.GetValue(formats)!, result.GetValue(classes)!));
        return new Command("corpus", "Labelled test corpus tools.") { generate, ScanCorpusCommand.Create() };
    }

    internal static int Generate(string outDirectory, int count, int seed, string formats, string classes = "")
    {
        var list = formats.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f => f.ToLowerInvariant()).Where(f => f != "none").ToList();
        var classList = classes.Trim() == "all"
            ? Corpus.Wild.WildCorpus.Classes.ToList()
            : classes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f => f.ToLowerInvariant()).ToList();
        var unknown = list.Where(f => !CorpusLayout.Formats.Contains(f)).ToList();
        var unknownClasses = classList.Where(c => !Corpus.Wild.WildCorpus.Classes.Contains(c)).ToList();
        if (unknown.Count > 0 || unknownClasses.Count > 0 || (list.Count == 0 && classList.Count == 0) || count < 1)
        {
            Console.Error.WriteLine(unknown.Count > 0
                ? $"Unknown format(s): {string.Join(", ", unknown)} (known: {string.Join(", ", CorpusLayout.Formats)})."
                : unknownClasses.Count > 0
                    ? $"Unknown class(es): {string.Join(", ", unknownClasses)} (known: {string.Join(", ", Corpus.Wild.WildCorpus.Classes)})."
                    : "Give at least one format or class and a positive --count.");
            return 1;
        }

        foreach (var group in CorpusWriter.WriteClasses(outDirectory, classList, count, seed).GroupBy(d => d.Class))
        {
            var formatsOf = string.Join(", ", group.GroupBy(d => d.Format).Select(g => $"{g.Count()} {g.Key}"));
            Console.Out.WriteLine($"{group.Key}: {group.Count()} documents ({formatsOf}), {group.Sum(d => (long)d.Content.Length) / 1024} KiB");
        }

        var written = CorpusWriter.Write(outDirectory, list, count, seed);
        foreach (var group in written.GroupBy(d => d.Format))
        {
            var bytes = group.Sum(d => (long)d.Content.Length);
            var v2019 = group.Count(d => d.Spec.Version == Core.Model.TemplateVersion.Gb2019);
            Console.Out.WriteLine($"{group.Key}: {group.Count()} documents ({v2019} gb2019, {group.Count() - v2019} gb2021), {bytes / 1024} KiB");
        }

        return 0;
    }
}

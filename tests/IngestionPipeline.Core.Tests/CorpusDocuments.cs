using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Tests;

/// <summary>
/// Every file of <c>corpus/generated</c> (TXT, HTML, DOCX, PDF) and <c>samples/</c>, extracted, normalized and
/// validated once per test run, for the artifact JSON oracle tests. DOC is left out: it becomes DOCX through
/// LibreOffice first (the same extractor output), and a soffice process per file would make the unit tests slow.
/// </summary>
internal static class CorpusDocuments
{
    private static readonly Lazy<IReadOnlyList<Parsed>> All = new(Load);

    public static IReadOnlyList<Parsed> Parsed => All.Value;

    public static IEnumerable<string> ExpectedJsonFiles =>
        Directory.EnumerateFiles(Path.Combine(TestFiles.RepositoryRoot, "corpus", "generated"), "*.expected.json", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(TestFiles.RepositoryRoot, "tests", "IngestionPipeline.Core.Tests", "Golden"), "*.json"))
            .Order(StringComparer.Ordinal);

    private static List<Parsed> Load()
    {
        var root = Path.Combine(TestFiles.RepositoryRoot, "corpus", "generated");
        var files = new[] { "txt", "html", "docx", "pdf" }
            .SelectMany(f => Directory.EnumerateFiles(Path.Combine(root, f)))
            .Where(f => !f.EndsWith(".json", StringComparison.Ordinal))
            .Concat(TestFiles.SampleNames.Select(TestFiles.SamplePath))
            .Order(StringComparer.Ordinal)
            .ToList();
        var parser = ReportParser.CreateDefault();
        var result = new List<Parsed>();
        foreach (var path in files)
        {
            var bytes = File.ReadAllBytes(path);
            var extracted = parser.Extract(new RawFile(bytes, Path.GetFileName(path)));
            if (!extracted.IsSuccess)
            {
                continue;
            }

            var normalized = parser.Normalize(extracted.Value, Sha256Hex.Of(bytes));
            var validated = normalized.IsSuccess ? parser.Validate(normalized.Value) : null;
            result.Add(new Parsed(Path.GetFileName(path), extracted.Value, normalized.IsSuccess ? normalized.Value : null, validated));
        }

        return result;
    }
}

/// <summary>One corpus file after each stage (null when the stage rejected it).</summary>
internal sealed record Parsed(string Name, ExtractedDocument Extracted, CanonicalReport? Normalized, CanonicalReport? Validated);

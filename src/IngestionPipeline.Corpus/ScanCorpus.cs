using IngestionPipeline.Corpus.Rendering;

namespace IngestionPipeline.Corpus;

/// <summary>
/// The <c>scan</c> corpus format: the generated PDF reports (<c>corpus/generated/pdf</c>) as scans
/// (<see cref="ScanRenderer"/>), each with the source's ground truth. Deterministic for a seed (pixels and degradations;
/// container timestamps aside).
/// </summary>
public static class ScanCorpus
{
    public const string Format = "scan";

    /// <summary>Writes a scan of every <c>*.pdf</c> with an expected JSON in <paramref name="pdfDirectory"/> into <paramref name="outDirectory"/>.</summary>
    public static IReadOnlyList<string> Write(string pdfDirectory, string outDirectory, int seed, int? count = null)
    {
        Directory.CreateDirectory(outDirectory);
        var written = new List<string>();
        var sources = Directory.GetFiles(pdfDirectory, "*.pdf").Order(StringComparer.Ordinal)
            .Where(p => File.Exists(Path.ChangeExtension(p, null) + CorpusLayout.ExpectedSuffix))
            .Take(count ?? int.MaxValue)
            .ToList();
        for (var i = 0; i < sources.Count; i++)
        {
            var docSeed = unchecked((seed * 7919) + (i * 31) + 17);
            var style = ScanStyle.Draw(new Random(docSeed), tiff: i % 4 == 3);
            var (content, extension) = ScanRenderer.Render(sources[i], style, docSeed);
            var stem = $"{Format}-{i + 1:000}-{Path.GetFileNameWithoutExtension(sources[i]).Split('-', 3)[^1]}-{style.Tag}";
            var path = Path.Combine(outDirectory, stem + extension);
            File.WriteAllBytes(path, content);
            File.Copy(Path.ChangeExtension(sources[i], null) + CorpusLayout.ExpectedSuffix, Path.Combine(outDirectory, stem + CorpusLayout.ExpectedSuffix), overwrite: true);
            written.Add(path);
        }

        return written;
    }
}

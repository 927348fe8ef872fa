using System.Text;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Corpus.Rendering;

namespace IngestionPipeline.Corpus;

/// <summary>One generated document: its file name, bytes, ground truth and the layout tag.</summary>
public sealed record GeneratedDocument(string Format, string FileName, byte[] Content, ReportSpec Spec, string Layout)
{
    public string Stem => Path.GetFileNameWithoutExtension(FileName);

    public string ExpectedFileName => Stem + CorpusLayout.ExpectedSuffix;
}

/// <summary>File naming of a labelled corpus.</summary>
public static class CorpusLayout
{
    /// <summary>Ground truth beside each document: <c>&lt;stem&gt;.expected.json</c>.</summary>
    public const string ExpectedSuffix = ".expected.json";

    /// <summary>Optional label beside a document: <c>&lt;stem&gt;.label.json</c> (<c>class</c>, <c>format</c>, <c>hazards</c>, <c>notScored</c> paths).</summary>
    public const string LabelSuffix = ".label.json";

    /// <summary>Formats the generator knows. pdf and doc are written as DOCX sources into <c>&lt;format&gt;-docx/</c> for LibreOffice.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["txt", "html", "docx", "pdf", "doc"];

    public static string ConversionSourceDirectory(string format) => format + "-docx";
}

/// <summary>
/// Generates a labelled corpus: per format, <c>count</c> documents (40 % gb2019, 60 % gb2021) each with its
/// <c>.expected.json</c> (contract JSON, the ground truth). Fully determined by the seed.
/// </summary>
public static class CorpusWriter
{
    private static readonly TxtLayout[] TxtLayouts = Enum.GetValues<TxtLayout>();

    public static IEnumerable<GeneratedDocument> Generate(string format, int count, int seed)
    {
        var formatIndex = CorpusLayout.Formats.ToList().IndexOf(format);
        if (formatIndex < 0)
        {
            throw new ArgumentException($"Unknown format '{format}' (known: {string.Join(", ", CorpusLayout.Formats)}).", nameof(format));
        }

        for (var i = 0; i < count; i++)
        {
            var docSeed = unchecked((seed * 7919) + ((formatIndex + 1) * 1_000_003) + (i * 31));
            var version = i % 5 is 1 or 3 ? TemplateVersion.Gb2019 : TemplateVersion.Gb2021;
            yield return Document(format, i, docSeed, version);
        }
    }

    public static GeneratedDocument Document(string format, int index, int docSeed, TemplateVersion version)
    {
        var style = new Random(unchecked(docSeed ^ 0x5bd1e995));
        var prefix = $"{format}-{index + 1:000}-{version.ToWire()}";
        switch (format)
        {
            case "txt":
            {
                var layout = TxtLayouts[index % TxtLayouts.Length];
                var spec = ReportSpecGenerator.Generate(docSeed, null, new GeneratorOptions { Version = version, AllowBlankCells = TxtRenderer.SupportsBlankCells(layout), Hazards = true, TextHazards = true, RowPerLine = layout != TxtLayout.OneCellPerLine });
                var gbk = style.NextDouble() < 0.2;
                var crlf = style.NextDouble() < 0.2;
                var tag = TxtRenderer.LayoutTag(layout) + (gbk ? "-gbk" : string.Empty) + (crlf ? "-crlf" : string.Empty);
                var name = $"{prefix}-{tag}";
                var bytes = TxtRenderer.Render(spec with { Name = name }, layout, gbk ? HtmlRenderer.Gbk : null, crlf);
                return new GeneratedDocument(format, name + ".txt", bytes, spec with { Name = name }, tag);
            }

            case "html":
            {
                var spec = ReportSpecGenerator.Generate(docSeed, null, new GeneratorOptions { Version = version, Hazards = true, SplitDigits = true });
                var htmlStyle = new HtmlStyle
                {
                    Gbk = style.NextDouble() < 0.4,
                    Declaration = (HtmlCharsetDeclaration)(index % 3),
                    SiteChrome = style.NextDouble() < 0.8,
                    WordCells = style.NextDouble() < 0.4,
                };
                if (htmlStyle is { Gbk: true } && !CanEncodeGbk(HtmlRenderer.RenderText(spec, htmlStyle)))
                {
                    htmlStyle = htmlStyle with { Gbk = false };
                }

                var name = $"{prefix}-{htmlStyle.Tag}";
                return new GeneratedDocument(format, name + ".html", HtmlRenderer.Render(spec, htmlStyle), spec with { Name = name }, htmlStyle.Tag);
            }

            case "docx" or "pdf" or "doc":
            {
                var spec = ReportSpecGenerator.Generate(docSeed, null, new GeneratorOptions { Version = version, Hazards = true, SplitDigits = true });
                var tag = string.Join('+', spec.Variants.Tags().DefaultIfEmpty("plain"));
                var name = $"{prefix}-{tag}";
                return new GeneratedDocument(format, name + ".docx", DocxRenderer.Render(spec), spec with { Name = name }, tag);
            }

            default:
                throw new ArgumentException($"Unknown format '{format}'.", nameof(format));
        }
    }

    /// <summary>
    /// Writes the documents of the given formats under <paramref name="outDirectory"/>/&lt;format&gt;/ (pdf and doc as DOCX
    /// sources under &lt;format&gt;-docx/). Existing files of the same names are overwritten. Returns the documents written.
    /// </summary>
    public static IReadOnlyList<GeneratedDocument> Write(string outDirectory, IEnumerable<string> formats, int count, int seed)
    {
        var written = new List<GeneratedDocument>();
        foreach (var format in formats)
        {
            var directory = Path.Combine(outDirectory, format is "pdf" or "doc" ? CorpusLayout.ConversionSourceDirectory(format) : format);
            Directory.CreateDirectory(directory);
            foreach (var document in Generate(format, count, seed))
            {
                File.WriteAllBytes(Path.Combine(directory, document.FileName), document.Content);
                File.WriteAllText(Path.Combine(directory, document.ExpectedFileName), ExpectedJson(document), new UTF8Encoding(false));
                written.Add(document);
            }
        }

        return written;
    }

    /// <summary>
    /// Writes the documents of the given wild classes (<see cref="Wild.WildCorpus.Classes"/>) under
    /// <paramref name="outDirectory"/>/&lt;class&gt;/: the document, its expected JSON and its label side file.
    /// </summary>
    public static IReadOnlyList<Wild.WildDocument> WriteClasses(string outDirectory, IEnumerable<string> classes, int count, int seed)
    {
        var written = new List<Wild.WildDocument>();
        foreach (var cls in classes)
        {
            var directory = Path.Combine(outDirectory, cls);
            Directory.CreateDirectory(directory);
            foreach (var document in Wild.WildCorpus.Generate(cls, count, seed))
            {
                File.WriteAllBytes(Path.Combine(directory, document.FileName), document.Content);
                File.WriteAllText(Path.Combine(directory, document.ExpectedFileName), document.ExpectedJson(), new UTF8Encoding(false));
                File.WriteAllText(Path.Combine(directory, document.LabelFileName), document.LabelJson(), new UTF8Encoding(false));
                written.Add(document);
            }
        }

        return written;
    }

    public static string ExpectedJson(GeneratedDocument document)
    {
        var mediaType = document.Format switch
        {
            "txt" => FormatDetector.Text,
            "html" => FormatDetector.Html,
            "docx" => FormatDetector.Docx,
            "pdf" => FormatDetector.Pdf,
            "doc" => FormatDetector.Doc,
            _ => string.Empty,
        };
        return ReportJson.Serialize(ExpectedReport.From(document.Spec, mediaType), indented: false);
    }

    private static bool CanEncodeGbk(string text)
    {
        try
        {
            _ = HtmlRenderer.Gbk.GetBytes(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}

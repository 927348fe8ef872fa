using System.Globalization;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Corpus;

/// <summary>
/// A labelled document: the file, its ground truth, its format bucket and its class. Without a label side file
/// (<c>&lt;stem&gt;.label.json</c>) both are the name of its directory; with one, the label's <c>format</c> (txt, md, html)
/// and <c>class</c> (title, org, md, ocr, web, mixed), its <c>hazards</c> and the cell paths it does not score.
/// </summary>
public sealed record CorpusDocument(string Path, string ExpectedPath, string Format)
{
    /// <summary>The class the document guards (the directory name when there is no label file).</summary>
    public string Class { get; init; } = Format;

    /// <summary>The hazard tags of the document (from the label file; empty otherwise).</summary>
    public IReadOnlyList<string> Hazards { get; init; } = [];

    /// <summary>Cell paths excluded from scoring: values the document lost or left ambiguous.</summary>
    public IReadOnlySet<string> NotScored { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>The layout tag of a generated file name (<c>txt-007-gb2019-onecell</c> → <c>onecell</c>); "-" for other names.</summary>
    public string Layout
    {
        get
        {
            var parts = System.IO.Path.GetFileNameWithoutExtension(Path).Split('-');
            return parts.Length > 3 && parts[2].StartsWith("gb", StringComparison.Ordinal) ? string.Join('-', parts.Skip(3)) : "-";
        }
    }
}

/// <summary>A cell whose parsed value or semantic differs from the ground truth.</summary>
public sealed record WrongCell(string File, string Format, string Path, string Expected, string Actual);

/// <summary>The outcome for one document; <c>Findings</c> counts its error and warning findings (info findings do not flag a report).</summary>
public sealed record DocumentAccuracy(
    string File,
    string Format,
    string Layout,
    string TemplateVersion,
    int Cells,
    int Correct,
    string? Rejection,
    int Findings,
    IReadOnlyList<string> MetaMismatches)
{
    public bool Rejected => Rejection is not null;

    public string Class { get; init; } = Format;

    public IReadOnlyList<string> Hazards { get; init; } = [];

    public int Wrong => Cells - Correct;
}

/// <summary>Cell accuracy of one bucket (format × template version, or a roll-up).</summary>
public sealed record AccuracyBucket(string Format, string TemplateVersion, int Documents, int Rejected, int Cells, int Correct, int ReportsWithWrongCells, int FlaggedReportsWithWrongCells)
{
    public double Accuracy => Cells == 0 ? 1 : (double)Correct / Cells;
}

/// <summary>The accuracy report over one or more corpus directories.</summary>
public sealed record AccuracyReport(
    IReadOnlyList<AccuracyBucket> Buckets,
    IReadOnlyList<AccuracyBucket> Formats,
    AccuracyBucket Overall,
    IReadOnlyList<DocumentAccuracy> Documents,
    IReadOnlyList<WrongCell> WrongCells)
{
    /// <summary>Cell accuracy per class (the bucket's <see cref="AccuracyBucket.Format"/> holds the class name).</summary>
    public IReadOnlyList<AccuracyBucket> Classes { get; init; } = [];

    /// <summary>Cell accuracy of the documents carrying each hazard tag (a document counts in each of its hazards).</summary>
    public IReadOnlyList<AccuracyBucket> Hazards { get; init; } = [];
}

/// <summary>
/// Parses every labelled document of a corpus with <see cref="ReportParser.CreateDefault"/> and compares every
/// cell of the ground truth: a cell is right only when both value and semantic match. A rejected document counts
/// all its cells wrong. Also records, per report with a wrong cell, whether the report carries at least one finding
/// (the bar: a report with any wrong cell must carry a finding).
/// </summary>
public sealed class AccuracyEvaluator(ReportParser parser)
{
    public const string AllVersions = "all";

    public static AccuracyEvaluator CreateDefault() => new(ReportParser.CreateDefault());

    /// <summary>Labelled documents under the given directories (recursively); the bucket is the containing directory's name.</summary>
    public static IReadOnlyList<CorpusDocument> Discover(IEnumerable<string> roots)
    {
        var documents = new List<CorpusDocument>();
        foreach (var root in roots)
        {
            if (!Directory.Exists(root))
            {
                throw new DirectoryNotFoundException($"No such corpus directory: {root}");
            }

            foreach (var expected in Directory.EnumerateFiles(root, "*" + CorpusLayout.ExpectedSuffix, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var directory = Path.GetDirectoryName(expected)!;
                var stem = Path.GetFileName(expected)[..^CorpusLayout.ExpectedSuffix.Length];
                var source = Directory.EnumerateFiles(directory, stem + ".*")
                    .Where(f => !f.EndsWith(CorpusLayout.ExpectedSuffix, StringComparison.Ordinal))
                    .Where(f => Path.GetFileNameWithoutExtension(f) == stem)
                    .Order(StringComparer.Ordinal)
                    .FirstOrDefault();
                if (source is not null)
                {
                    documents.Add(WithLabel(new CorpusDocument(source, expected, Path.GetFileName(directory)), Path.Combine(directory, stem + CorpusLayout.LabelSuffix)));
                }
            }
        }

        return documents;
    }

    private static CorpusDocument WithLabel(CorpusDocument document, string labelPath)
    {
        if (!File.Exists(labelPath))
        {
            return document;
        }

        using var label = System.Text.Json.JsonDocument.Parse(File.ReadAllText(labelPath));
        var root = label.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;
        IEnumerable<string> List(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Array
            ? v.EnumerateArray().Select(e => e.GetString()).OfType<string>()
            : [];
        return document with { Format = Text("format") ?? document.Format }
            with
            {
                Class = Text("class") ?? document.Format,
                Hazards = List("hazards").ToList(),
                NotScored = List("notScored").ToHashSet(StringComparer.Ordinal),
            };
    }

    public AccuracyReport Evaluate(IEnumerable<string> roots, CancellationToken cancellationToken = default) =>
        Evaluate(Discover(roots), cancellationToken);

    public AccuracyReport Evaluate(IReadOnlyList<CorpusDocument> documents, CancellationToken cancellationToken = default)
    {
        var results = new List<DocumentAccuracy>();
        var wrongCells = new List<WrongCell>();
        foreach (var document in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var expected = ReportJson.Deserialize(File.ReadAllText(document.ExpectedPath));
            var (actual, rejection) = Parse(document, cancellationToken);
            var template = TemplateDefinition.For(expected.Meta.TemplateVersion);
            var correct = 0;
            var scored = 0;
            foreach (var path in template.CellPaths)
            {
                if (document.NotScored.Contains(path))
                {
                    continue;
                }

                scored++;
                var want = expected[path];
                var got = actual?[path];
                if (got is not null && Same(want, got))
                {
                    correct++;
                }
                else
                {
                    wrongCells.Add(new WrongCell(document.FileName, document.Class, path, Describe(want), got is null ? "REJECTED" : Describe(got)));
                }
            }

            var meta = new List<string>();
            if (actual is not null)
            {
                if (actual.Meta.Year != expected.Meta.Year)
                {
                    meta.Add($"year {actual.Meta.Year} ≠ {expected.Meta.Year}");
                }

                if (actual.Meta.TemplateVersion != expected.Meta.TemplateVersion)
                {
                    meta.Add($"templateVersion {actual.Meta.TemplateVersion.ToWire()} ≠ {expected.Meta.TemplateVersion.ToWire()}");
                }

                if (!string.Equals(Compact(actual.Meta.Organization), Compact(expected.Meta.Organization), StringComparison.Ordinal))
                {
                    meta.Add($"organization '{actual.Meta.Organization}' ≠ '{expected.Meta.Organization}'");
                }
            }

            results.Add(new DocumentAccuracy(
                document.FileName,
                document.Format,
                document.Layout,
                expected.Meta.TemplateVersion.ToWire(),
                scored,
                correct,
                rejection,
                actual?.Findings.Count(f => f.Severity is FindingSeverity.Error or FindingSeverity.Warning) ?? 0,
                meta)
            {
                Class = document.Class,
                Hazards = document.Hazards,
            });
        }

        var buckets = results
            .GroupBy(r => (r.Format, r.TemplateVersion))
            .OrderBy(g => FormatOrder(g.Key.Format)).ThenBy(g => g.Key.Format, StringComparer.Ordinal).ThenBy(g => g.Key.TemplateVersion, StringComparer.Ordinal)
            .Select(g => Bucket(g.Key.Format, g.Key.TemplateVersion, g.ToList()))
            .ToList();
        var formats = results
            .GroupBy(r => r.Format)
            .OrderBy(g => FormatOrder(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Bucket(g.Key, AllVersions, g.ToList()))
            .ToList();
        var classes = results
            .GroupBy(r => r.Class)
            .OrderBy(g => ClassOrder(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Bucket(g.Key, AllVersions, g.ToList()))
            .ToList();
        var hazards = results
            .SelectMany(r => r.Hazards.Select(h => (Hazard: h, Document: r)))
            .GroupBy(x => x.Hazard, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Bucket(g.Key, AllVersions, g.Select(x => x.Document).ToList()))
            .ToList();
        return new AccuracyReport(buckets, formats, Bucket("all", AllVersions, results), results, wrongCells) { Classes = classes, Hazards = hazards };
    }

    /// <summary>
    /// Right when both value and semantic match. An expected MISSING cell (not in the document) is also right when the
    /// parser derived a value and marked it inferred (contract §3), as the real-world scorer counts it.
    /// </summary>
    public static bool Same(Cell expected, Cell actual) =>
        (expected.Semantic == actual.Semantic && expected.Value == actual.Value)
        || (expected.Semantic == CellSemantic.Missing && actual.Inferred);

    public static string Describe(Cell cell)
    {
        var value = cell.Value is { } v ? ReportJson.Canonical(v).ToString(CultureInfo.InvariantCulture) : "null";
        var raw = cell.Raw is null ? string.Empty : $" raw='{cell.Raw}'";
        return $"{value} {ReportJson.SemanticToWire(cell.Semantic)}{raw}";
    }

    private static AccuracyBucket Bucket(string format, string version, IReadOnlyList<DocumentAccuracy> docs)
    {
        var withWrong = docs.Where(d => d.Wrong > 0 && !d.Rejected).ToList();
        return new AccuracyBucket(
            format,
            version,
            docs.Count,
            docs.Count(d => d.Rejected),
            docs.Sum(d => d.Cells),
            docs.Sum(d => d.Correct),
            withWrong.Count,
            withWrong.Count(d => d.Findings > 0));
    }

    private static readonly string[] FormatSequence = ["txt", "md", "html", "docx", "pdf", "doc"];

    private static int FormatOrder(string format)
    {
        var i = Array.IndexOf(FormatSequence, format);
        return i < 0 ? FormatSequence.Length : i;
    }

    private static int ClassOrder(string cls)
    {
        var i = CorpusLayout.Formats.ToList().IndexOf(cls);
        if (i >= 0)
        {
            return i;
        }

        var j = Wild.WildCorpus.Classes.ToList().IndexOf(cls);
        return j >= 0 ? CorpusLayout.Formats.Count + 1 + j : cls == "samples" ? CorpusLayout.Formats.Count : 100;
    }

    private static string Compact(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    private (CanonicalReport? Report, string? Rejection) Parse(CorpusDocument document, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = parser.Parse(new RawFile(File.ReadAllBytes(document.Path), document.FileName), cancellationToken);
            return outcome.IsSuccess ? (outcome.Value, null) : (null, outcome.Rejection.ToString());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, $"{e.GetType().Name}: {e.Message}");
        }
    }
}

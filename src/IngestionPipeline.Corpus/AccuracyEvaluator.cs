using System.Globalization;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Corpus;

/// <summary>A labelled document: the file, its ground truth and its format bucket (the name of its directory).</summary>
public sealed record CorpusDocument(string Path, string ExpectedPath, string Format)
{
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

/// <summary>The outcome for one document.</summary>
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
    IReadOnlyList<WrongCell> WrongCells);

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
                    documents.Add(new CorpusDocument(source, expected, Path.GetFileName(directory)));
                }
            }
        }

        return documents;
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
            var expected = CanonicalReportJson.Deserialize(File.ReadAllText(document.ExpectedPath));
            var (actual, rejection) = Parse(document, cancellationToken);
            var template = TemplateDefinition.For(expected.Meta.TemplateVersion);
            var correct = 0;
            foreach (var path in template.CellPaths)
            {
                var want = expected[path];
                var got = actual?[path];
                if (got is not null && Same(want, got))
                {
                    correct++;
                }
                else
                {
                    wrongCells.Add(new WrongCell(document.FileName, document.Format, path, Describe(want), got is null ? "REJECTED" : Describe(got)));
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
                template.CellPaths.Count,
                correct,
                rejection,
                actual?.Findings.Count ?? 0,
                meta));
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
        return new AccuracyReport(buckets, formats, Bucket("all", AllVersions, results), results, wrongCells);
    }

    /// <summary>Right only when both value and semantic match.</summary>
    public static bool Same(Cell expected, Cell actual) => expected.Semantic == actual.Semantic && expected.Value == actual.Value;

    public static string Describe(Cell cell)
    {
        var value = cell.Value is { } v ? CanonicalReportJson.Canonical(v).ToString(CultureInfo.InvariantCulture) : "null";
        var raw = cell.Raw is null ? string.Empty : $" raw='{cell.Raw}'";
        return $"{value} {CanonicalReportJson.SemanticToWire(cell.Semantic)}{raw}";
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

    private static int FormatOrder(string format)
    {
        var i = CorpusLayout.Formats.ToList().IndexOf(format);
        return i < 0 ? CorpusLayout.Formats.Count : i;
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

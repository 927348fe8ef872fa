using System.Text;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Corpus.Wild;

namespace IngestionPipeline.Corpus.Tests;

/// <summary>The wild classes of issue 12: deterministic, every class and hazard emitted, ground truth consistent.</summary>
public sealed class WildCorpusTests
{
    /// <summary>Documents per class in the committed corpus (tools/corpus/generate.sh: CLASS_COUNT).</summary>
    public const int CommittedCount = 20;

    private const int CommittedSeed = 20250101;

    public static TheoryData<string> ClassNames() => new(WildCorpus.Classes);

    /// <summary>The hazards each class must carry somewhere in the committed corpus.</summary>
    private static readonly Dictionary<string, string[]> RequiredHazards = new(StringComparer.Ordinal)
    {
        ["title"] =
        [
            "title-yearfirst", "title-split2-yearfirst", "title-split2-orgfirst", "title-split3", "title-wrapmid", "title-yearbreak",
            "title-fileyear", "notitle", "yearspace", "runninghead", "mdheading", "titlelabel", "statwrap",
        ],
        ["org"] = ["org-hash", "org-label", "org-bodyonly", "org-signature", "org-garbled", "dateline"],
        ["md"] = ["htmltable", "groupsplit", "t2annot", "detached", "splitrow", "spreadheader", "repeatsep", "trailingempty", "t3heading", "pagenum", "t2plain", "t4flat", "t4split"],
        ["ocr"] = ["ocr-pergroup", "ocr-lines", "ocr-splitlines", "ocr-garble", "ocr-letters", "ocr-lostvalue", "ocr-spuriousheader", "t4split"],
        ["web"] = ["org-label", "web-spans", "web-vertical", "web-blankorg", "web-truncated", "notitle", "org-bodyonly"],
        ["mixed"] = ["notitle", "detached", "ocr-garble", "statwrap"],
    };

    [Theory]
    [MemberData(nameof(ClassNames))]
    public void Same_seed_writes_the_same_class(string cls)
    {
        var a = WildCorpus.Generate(cls, 12, 77).ToList();
        var b = WildCorpus.Generate(cls, 12, 77).ToList();
        Assert.Equal(a.Select(d => d.FileName), b.Select(d => d.FileName));
        Assert.Equal(a.Select(d => Convert.ToHexString(d.Content)), b.Select(d => Convert.ToHexString(d.Content)));
        Assert.Equal(a.Select(d => d.ExpectedJson()), b.Select(d => d.ExpectedJson()));
        Assert.Equal(a.Select(d => d.LabelJson()), b.Select(d => d.LabelJson()));
        Assert.NotEqual(a.Select(d => d.ExpectedJson()), WildCorpus.Generate(cls, 12, 78).Select(d => d.ExpectedJson()));
    }

    [Theory]
    [MemberData(nameof(ClassNames))]
    public void Every_class_carries_its_hazards(string cls)
    {
        var documents = WildCorpus.Generate(cls, CommittedCount, CommittedSeed).ToList();
        Assert.All(documents, d => Assert.Equal(cls, d.Class));
        var hazards = documents.SelectMany(d => d.Hazards).ToHashSet(StringComparer.Ordinal);
        var missing = RequiredHazards[cls].Where(h => !hazards.Contains(h)).ToList();
        Assert.True(missing.Count == 0, $"{cls}: no document carries {string.Join(", ", missing)}");
        if (cls == "mixed")
        {
            // Several hazard families in one report: a title or organization hazard on top of converter or OCR damage.
            Assert.All(documents, d => Assert.True(d.Hazards.Count >= 2, $"{d.FileName}: {string.Join(",", d.Hazards)}"));
        }
    }

    [Theory]
    [MemberData(nameof(ClassNames))]
    public void Committed_class_matches_the_generator(string cls)
    {
        var directory = Path.Combine(CorpusPaths.Generated, cls);
        var documents = WildCorpus.Generate(cls, CommittedCount, CommittedSeed).ToList();
        Assert.Equal(
            documents.SelectMany(d => new[] { d.FileName, d.ExpectedFileName, d.LabelFileName }).Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var document in documents)
        {
            Assert.True(document.Content.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(directory, document.FileName))), $"{document.FileName} differs: regenerate with tools/corpus/generate.sh");
            Assert.Equal(document.ExpectedJson(), File.ReadAllText(Path.Combine(directory, document.ExpectedFileName)));
            Assert.Equal(document.LabelJson(), File.ReadAllText(Path.Combine(directory, document.LabelFileName)));
        }
    }

    [Theory]
    [MemberData(nameof(ClassNames))]
    public void Ground_truth_is_internally_consistent(string cls)
    {
        foreach (var document in WildCorpus.Generate(cls, CommittedCount, CommittedSeed))
        {
            var spec = document.Spec;
            var expected = document.Expected;
            var name = document.FileName;
            decimal V(string path) => spec[path].Underlying;

            // The identities hold on the true values (T3-COLSUM, T3-IDENT, T3-RESULTS, T4-SUM), whatever the document printed.
            foreach (var row in spec.Template.ApplicationRows)
            {
                Assert.Equal(TemplateDefinition.ApplicantColumns.Take(6).Sum(c => V(TemplateDefinition.ApplicationPath(c, row))), V(TemplateDefinition.ApplicationPath("total", row)));
            }

            foreach (var column in TemplateDefinition.ApplicantColumns)
            {
                decimal A(string row) => V(TemplateDefinition.ApplicationPath(column, row));
                Assert.Equal(A("newReceived") + A("carriedOver"), A("results.totalProcessed") + A("results.carriedForward"));
                var results = spec.Template.ApplicationRows
                    .Where(r => r.StartsWith("results.", StringComparison.Ordinal) && r is not "results.totalProcessed" and not "results.carriedForward")
                    .Sum(A);
                Assert.Equal(results, A("results.totalProcessed"));
            }

            foreach (var group in TemplateDefinition.ReviewGroups)
            {
                Assert.Equal(TemplateDefinition.ReviewColumns.Take(4).Sum(c => V(TemplateDefinition.ReviewPath(group, c))), V(TemplateDefinition.ReviewPath(group, "total")));
            }

            // The expected cells: exactly the template's paths; a read value is the true value; a printed blank or NA is
            // null and only ever stands for a zero; MISSING only where the document does not print the cell.
            Assert.Equal(spec.Template.CellPaths, expected.Cells.Keys);
            foreach (var (path, cell) in expected.Cells)
            {
                switch (cell.Semantic)
                {
                    case CellSemantic.Zero or CellSemantic.Numeric:
                        Assert.Equal(V(path), cell.Value);
                        break;
                    case CellSemantic.Empty or CellSemantic.NA:
                        Assert.Null(cell.Value);
                        Assert.Equal(0, V(path));
                        break;
                    case CellSemantic.Missing:
                        Assert.Null(cell.Value);
                        Assert.Contains("web-truncated", document.Hazards);
                        break;
                    default:
                        Assert.Fail($"{name} {path}: unexpected semantic {cell.Semantic}");
                        break;
                }
            }

            Assert.All(document.NotScored, p => Assert.Contains(p, spec.Template.CellPaths));
            Assert.Equal(document.NotScored.Count > 0, document.Hazards.Contains("ocr-lostvalue") || document.Hazards.Contains("t2annot"));

            // Metadata as a careful human labels it: the organization as printed (in the title or the body's self-reference),
            // never with markup or a label; the year; the template version.
            Assert.Equal(spec.Year, expected.Meta.Year);
            Assert.Equal(spec.Version, expected.Meta.TemplateVersion);
            Assert.False(string.IsNullOrWhiteSpace(expected.Meta.Organization), name);
            Assert.DoesNotContain('#', expected.Meta.Organization);
            Assert.DoesNotContain("标题", expected.Meta.Organization, StringComparison.Ordinal);
            var text = Encoding.UTF8.GetString(document.Content);
            Assert.Contains(expected.Meta.Organization, text, StringComparison.Ordinal);
            var year = spec.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (document.Hazards.Contains("title-fileyear"))
            {
                Assert.Contains(year, document.FileName, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains(year, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Evaluator_reads_the_label_excludes_not_scored_cells_and_groups_by_class()
    {
        var dir = Directory.CreateTempSubdirectory("corpus-wild-");
        try
        {
            var bucket = Path.Combine(dir.FullName, "ocr");
            var document = WildCorpus.Generate("ocr", CommittedCount, CommittedSeed).First(d => d.NotScored.Count > 0);
            CorpusWriter.WriteClasses(dir.FullName, ["ocr"], CommittedCount, CommittedSeed);
            var discovered = AccuracyEvaluator.Discover([dir.FullName]).Single(d => d.FileName == document.FileName);
            Assert.Equal("ocr", discovered.Class);
            Assert.Equal("txt", discovered.Format);
            Assert.Equal(document.NotScored, discovered.NotScored.Order(StringComparer.Ordinal));
            Assert.True(Directory.Exists(bucket));

            var report = AccuracyEvaluator.CreateDefault().Evaluate([discovered], TestContext.Current.CancellationToken);
            var result = Assert.Single(report.Documents);
            Assert.Equal(document.Spec.Template.CellPaths.Count - document.NotScored.Count, result.Cells);
            Assert.Equal("ocr", Assert.Single(report.Classes).Format);
            Assert.Equal("txt", Assert.Single(report.Formats).Format);
            Assert.DoesNotContain(report.WrongCells, w => document.NotScored.Contains(w.Path));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_expected_missing_cell_accepts_an_inferred_value_only()
    {
        Assert.True(AccuracyEvaluator.Same(Cell.Missing, Cell.Missing));
        Assert.True(AccuracyEvaluator.Same(Cell.Missing, new Cell(3, CellSemantic.Numeric, null, Inferred: true)));
        Assert.False(AccuracyEvaluator.Same(Cell.Missing, new Cell(3, CellSemantic.Numeric, "3")));
        Assert.False(AccuracyEvaluator.Same(new Cell(null, CellSemantic.Empty, string.Empty), Cell.Missing));
    }
}

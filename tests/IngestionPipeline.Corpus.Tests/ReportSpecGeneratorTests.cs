using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Normalization;

namespace IngestionPipeline.Corpus.Tests;

public sealed class ReportSpecGeneratorTests
{
    public static TheoryData<int> Seeds() => new(Enumerable.Range(1, 300).Select(i => i * 7_919));

    [Fact]
    public void Same_seed_gives_the_same_report_and_the_same_files()
    {
        foreach (var format in CorpusLayout.Formats)
        {
            var a = CorpusWriter.Generate(format, 6, 42).ToList();
            var b = CorpusWriter.Generate(format, 6, 42).ToList();
            Assert.Equal(a.Select(d => d.FileName), b.Select(d => d.FileName));
            Assert.Equal(a.Select(CorpusWriter.ExpectedJson), b.Select(CorpusWriter.ExpectedJson));
            if (format is "txt" or "html")
            {
                Assert.Equal(a.Select(d => Convert.ToHexString(d.Content)), b.Select(d => Convert.ToHexString(d.Content)));
            }
            else
            {
                // Zip containers carry timestamps; the document part must be identical.
                Assert.Equal(a.Select(d => DocxText.DocumentXml(d.Content)), b.Select(d => DocxText.DocumentXml(d.Content)));
            }
        }
    }

    [Fact]
    public void Different_seeds_give_different_reports()
    {
        var a = CorpusWriter.ExpectedJson(CorpusWriter.Generate("txt", 1, 1).Single());
        var b = CorpusWriter.ExpectedJson(CorpusWriter.Generate("txt", 1, 2).Single());
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Corpus_mixes_both_template_versions()
    {
        var docs = CorpusWriter.Generate("html", 40, 7).ToList();
        Assert.Equal(16, docs.Count(d => d.Spec.Version == TemplateVersion.Gb2019));
        Assert.Equal(24, docs.Count(d => d.Spec.Version == TemplateVersion.Gb2021));
        Assert.All(docs, d => Assert.Equal(d.Spec.Version, d.Spec.Year <= 2020 ? TemplateVersion.Gb2019 : TemplateVersion.Gb2021));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_identity_holds(int seed)
    {
        var spec = ReportSpecGenerator.Generate(seed);
        Assert.Equal(spec.Template.CellPaths, spec.Cells.Keys);
        decimal V(string path) => spec[path].Underlying;

        foreach (var row in spec.Template.ApplicationRows)
        {
            var columns = TemplateDefinition.ApplicantColumns;
            var sum = columns.Take(6).Sum(c => V(TemplateDefinition.ApplicationPath(c, row)));
            Assert.Equal(sum, V(TemplateDefinition.ApplicationPath("total", row))); // T3-COLSUM
        }

        foreach (var column in TemplateDefinition.ApplicantColumns)
        {
            decimal A(string row) => V(TemplateDefinition.ApplicationPath(column, row));
            Assert.Equal(A("newReceived") + A("carriedOver"), A("results.totalProcessed") + A("results.carriedForward")); // T3-IDENT
            var results = spec.Template.ApplicationRows
                .Where(r => r.StartsWith("results.", StringComparison.Ordinal) && r is not "results.totalProcessed" and not "results.carriedForward")
                .Sum(A);
            Assert.Equal(results, A("results.totalProcessed")); // T3-RESULTS
        }

        foreach (var group in TemplateDefinition.ReviewGroups)
        {
            var parts = TemplateDefinition.ReviewColumns.Take(4).Sum(c => V(TemplateDefinition.ReviewPath(group, c)));
            Assert.Equal(parts, V(TemplateDefinition.ReviewPath(group, "total"))); // T4-SUM
        }

        foreach (var (path, cell) in spec.Cells)
        {
            if (cell.Value is null)
            {
                Assert.Contains(cell.Semantic, new[] { CellSemantic.NA, CellSemantic.Empty });
                Assert.Equal(0, cell.Underlying); // NA and blank cells only replace zeros
            }
            else
            {
                Assert.Equal(cell.Value.Value, cell.Underlying);
                Assert.Equal(cell.Value == 0 ? CellSemantic.Zero : CellSemantic.Numeric, cell.Semantic);
                if (!path.EndsWith(".itemChange", StringComparison.Ordinal))
                {
                    Assert.True(cell.Value >= 0, path);
                }
            }
        }

        if (spec.Version == TemplateVersion.Gb2021)
        {
            foreach (var row in new[] { "regulations", "normativeDocuments" })
            {
                Assert.True(V($"activeDisclosure.{row}.valid") >= V($"activeDisclosure.{row}.made") - V($"activeDisclosure.{row}.repealed")); // T2-VALID-GE-NET
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Ground_truth_follows_the_value_grammar(int seed)
    {
        // The expected value/semantic of every printed cell is what the spec §7 grammar reads from its raw text.
        var spec = ReportSpecGenerator.Generate(seed);
        foreach (var (path, cell) in spec.Cells)
        {
            var kind = path.EndsWith(".itemChange", StringComparison.Ordinal) ? ValueKind.Change
                : path.EndsWith(".amount", StringComparison.Ordinal) || path.EndsWith(".totalAmount", StringComparison.Ordinal) ? ValueKind.Money
                : ValueKind.Count;
            var parsed = ValueParser.Parse(cell.Raw, kind);
            Assert.True(parsed.Semantic == cell.Semantic && parsed.Value == cell.Value, $"{path}: '{cell.Raw}' reads as {parsed.Value} {parsed.Semantic}, expected {cell.Value} {cell.Semantic}");
        }
    }

    [Fact]
    public void Deviations_and_value_forms_occur_across_a_corpus()
    {
        var specs = Enumerable.Range(0, 400).Select(i => ReportSpecGenerator.Generate(1000 + i)).ToList();
        Assert.Contains(specs, s => s.Variants.TotalAsHeji);
        Assert.Contains(specs, s => s.Variants.PlainNormativeLabel);
        Assert.Contains(specs, s => s.Variants.ShandongNotes);
        Assert.Contains(specs, s => s.Variants.JilinExtraRow);
        Assert.Contains(specs, s => s.Variants.ProblemsTitle != "五、存在的主要问题及改进情况");
        Assert.Contains(specs, s => s.Variants.ReviewTitle.StartsWith("四、因", StringComparison.Ordinal));
        var raws = specs.SelectMany(s => s.Cells.Values).Select(c => c.Raw).ToHashSet();
        Assert.Contains(raws, r => r.StartsWith("减少 ", StringComparison.Ordinal));
        Assert.Contains(raws, r => r.StartsWith("增加 ", StringComparison.Ordinal));
        Assert.Contains(raws, r => r.StartsWith("增 ", StringComparison.Ordinal) && r.Contains(" 减 ", StringComparison.Ordinal));
        Assert.Contains(raws, r => r.StartsWith('+'));
        Assert.Contains(raws, r => r.StartsWith('-') && r.Length > 1);
        Assert.Contains(raws, r => r.EndsWith("万元", StringComparison.Ordinal));
        Assert.Contains(raws, r => r.EndsWith('万'));
        Assert.Contains(raws, r => r.EndsWith('项'));
        Assert.Contains(raws, r => r.Contains("（其中修订", StringComparison.Ordinal));
        Assert.Contains(raws, r => r == "/");
        Assert.Contains(raws, r => r.Length == 0);
        Assert.Contains(specs, s => s.Agency.PrintedName.EndsWith("卫健局", StringComparison.Ordinal));
        var cells = specs.SelectMany(s => s.Cells.Values).ToList();
        var notApplicable = cells.Count(c => c.Value is null);
        Assert.InRange((double)notApplicable / cells.Count, 0.0005, 0.02); // a small share
    }
}

using System.Text;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Validation;
using IngestionPipeline.Corpus.Rendering;

namespace IngestionPipeline.Corpus.Tests;

/// <summary>
/// Validation tells a wrong report from a wrong extraction: generated reports are rendered, parsed and validated
/// (a) with inconsistent totals injected into the spec before rendering → FAIL on the right cells, origin
/// source_inconsistency; (b) with extraction faults simulated on the rendered text (split digits, a dropped cell,
/// a shifted row) → extraction_suspect, never source_inconsistency; (c) consistent → no error or warning at all.
/// </summary>
public sealed class ValidationFaultInjectionTests
{
    private static readonly ReportParser Parser = ReportParser.CreateDefault();

    public static TheoryData<int, string> Seeds()
    {
        var data = new TheoryData<int, string>();
        foreach (var seed in Enumerable.Range(1, 12))
        {
            data.Add(seed * 7919, "txt");
            data.Add(seed * 7919, "html");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Consistent_reports_have_no_error_or_warning_finding(int seed, string format)
    {
        var spec = Consistent(ReportSpecGenerator.Generate(seed));

        var report = Parse(spec, format);

        var loud = report.Findings.Where(f => f.Severity != FindingSeverity.Info).Select(f => $"{f.RuleId}: {f.Message}").ToList();
        Assert.True(loud.Count == 0, string.Join(Environment.NewLine, loud));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Bumped_table3_grand_total_fails_on_its_cells_as_source_inconsistency(int seed, string format)
    {
        var spec = Consistent(ReportSpecGenerator.Generate(seed));
        const string cell = "applications.total.newReceived";
        spec = Bump(spec, cell, 5);

        var report = Parse(spec, format);

        AssertFails(report, "T3-COLSUM-new_received", cell);
        AssertFails(report, "T3-IDENT-total", cell);
        Assert.DoesNotContain(report.Findings, f => f.Origin == FindingOrigin.ExtractionSuspect && f.Severity != FindingSeverity.Info);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Bumped_results_total_fails_results_identity_as_source_inconsistency(int seed, string format)
    {
        var spec = Consistent(ReportSpecGenerator.Generate(seed));
        const string cell = "applications.naturalPerson.results.totalProcessed";
        spec = Bump(spec, cell, 4);

        var report = Parse(spec, format);

        AssertFails(report, "T3-RESULTS-natural_person", cell);
        AssertFails(report, "T3-IDENT-natural_person", cell);
        AssertFails(report, "T3-COLSUM-total_processed", cell);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Bumped_table4_total_fails_its_group_sum_as_source_inconsistency(int seed, string format)
    {
        var spec = Consistent(ReportSpecGenerator.Generate(seed));
        const string cell = "reviewLitigation.litigationDirect.total";
        spec = Bump(spec, cell, 2);

        var report = Parse(spec, format);

        var finding = AssertFails(report, "T4-SUM-litigation_direct", cell);
        Assert.Equal(5, finding.Paths.Count);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(23)]
    [InlineData(37)]
    [InlineData(41)]
    public void Split_digits_are_blamed_on_the_extraction(int seed)
    {
        var (spec, row, column) = FindRowWith(seed, (raws, c) => raws[c].Length == 2 && raws[c][0] != '0');
        var text = TxtRenderer.RenderText(spec, TxtLayout.Tabs);
        var raws = RowRaws(spec, row);
        var split = raws.ToArray();
        split[column] = $"{raws[column][0]}\t{raws[column][1..]}";
        text = ReplaceRow(text, raws, split);

        var report = Parse(text);

        var suspect = report.Findings.Where(f => f.Origin == FindingOrigin.ExtractionSuspect && f.Paths.Any(p => p.EndsWith("." + row, StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(suspect);
        Assert.Contains(report.Findings, f => f.Message.Contains(OriginDiagnostics.SplitDigitsHint, StringComparison.Ordinal));
        AssertNoSourceInconsistency(report);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(23)]
    [InlineData(37)]
    public void A_dropped_cell_is_blamed_on_the_extraction(int seed)
    {
        var (spec, row, column) = FindRowWith(seed, (raws, c) => raws[c] != "0");
        var text = TxtRenderer.RenderText(spec, TxtLayout.Tabs);
        var raws = RowRaws(spec, row);
        text = ReplaceRow(text, raws, raws.Where((_, i) => i != column).ToArray());

        var report = Parse(text);

        Assert.Contains(report.Findings, f => f.Origin == FindingOrigin.ExtractionSuspect && f.Paths.Contains(TemplateDefinition.ApplicationPath("total", row)));
        AssertNoSourceInconsistency(report);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(23)]
    [InlineData(37)]
    [InlineData(41)]
    public void A_row_shifted_by_one_position_is_blamed_on_the_extraction(int seed)
    {
        // A blank (zero) cell is lost and the values slide left; a stray value fills the last column.
        var (spec, row, k) = FindRowWith(seed, (raws, c) => raws[6] != "0" && raws[c] == "0" && raws.Skip(c + 1).Take(5 - c).Any(x => x != "0"));
        var raws = RowRaws(spec, row);
        var shifted = raws.Where((_, i) => i != k).Append("7").ToArray();
        var text = ReplaceRow(TxtRenderer.RenderText(spec, TxtLayout.Tabs), raws, shifted);

        var report = Parse(text);

        var colsum = Assert.Single(report.Findings, f => f.RuleId == $"T3-COLSUM-{RuleCatalog.Snake(row)}");
        Assert.Equal(FindingStatus.Fail, colsum.Status);
        Assert.Equal(FindingOrigin.ExtractionSuspect, colsum.Origin);
        Assert.Contains("slid left", colsum.Message, StringComparison.Ordinal);
        AssertNoSourceInconsistency(report);
    }

    private static Finding AssertFails(CanonicalReport report, string ruleId, string cell)
    {
        var finding = Assert.Single(report.Findings, f => f.RuleId == ruleId);
        Assert.Equal(FindingStatus.Fail, finding.Status);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal(FindingOrigin.SourceInconsistency, finding.Origin);
        Assert.Contains(cell, finding.Paths);
        return finding;
    }

    private static void AssertNoSourceInconsistency(CanonicalReport report)
    {
        var blamed = report.Findings.Where(f => f.Origin == FindingOrigin.SourceInconsistency).Select(f => $"{f.RuleId}: {f.Message}").ToList();
        Assert.True(blamed.Count == 0, string.Join(Environment.NewLine, blamed));
    }

    /// <summary>A consistent report: the generator's NA/blank cells (always zeros underneath) printed as 0.</summary>
    private static ReportSpec Consistent(ReportSpec spec) => spec with
    {
        Cells = spec.Cells.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.Semantic is CellSemantic.NA or CellSemantic.Empty ? SpecCell.Number(kv.Value.Underlying) : kv.Value,
            StringComparer.Ordinal),
    };

    private static ReportSpec Bump(ReportSpec spec, string path, decimal by)
    {
        var cells = new Dictionary<string, SpecCell>(spec.Cells, StringComparer.Ordinal) { [path] = SpecCell.Number(spec[path].Underlying + by) };
        return spec with { Cells = spec.Template.CellPaths.ToDictionary(p => p, p => cells[p], StringComparer.Ordinal) };
    }

    /// <summary>A consistent gb2021 report and a table 三 row and non-total column (printed once in the text) that match.</summary>
    private static (ReportSpec Spec, string Row, int Column) FindRowWith(int seed, Func<string[], int, bool> match)
    {
        for (var s = seed; ; s += 1000)
        {
            var spec = Consistent(ReportSpecGenerator.Generate(s, options: new GeneratorOptions { Version = TemplateVersion.Gb2021 }));
            foreach (var row in spec.Template.ApplicationRows)
            {
                var raws = RowRaws(spec, row);
                var text = TxtRenderer.RenderText(spec, TxtLayout.Tabs);
                for (var c = 0; c < 6; c++)
                {
                    if (match(raws, c) && Occurrences(text, "\t" + string.Join("\t", raws) + "\n") == 1)
                    {
                        return (spec, row, c);
                    }
                }
            }
        }
    }

    private static string[] RowRaws(ReportSpec spec, string row) =>
        TemplateDefinition.ApplicantColumns.Select(c => spec[TemplateDefinition.ApplicationPath(c, row)].Raw).ToArray();

    private static string ReplaceRow(string text, string[] raws, string[] replacement)
    {
        var from = "\t" + string.Join("\t", raws) + "\n";
        Assert.Equal(1, Occurrences(text, from));
        return text.Replace(from, "\t" + string.Join("\t", replacement) + "\n", StringComparison.Ordinal);
    }

    private static int Occurrences(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    private static CanonicalReport Parse(ReportSpec spec, string format) => format switch
    {
        "txt" => Parse(TxtRenderer.RenderText(spec, TxtLayout.Tabs)),
        "html" => ParseBytes(HtmlRenderer.Render(spec, new HtmlStyle()), "report.html"),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static CanonicalReport Parse(string text) => ParseBytes(new UTF8Encoding(false).GetBytes(text), "report.txt");

    private static CanonicalReport ParseBytes(byte[] content, string fileName)
    {
        var outcome = Parser.Parse(new RawFile(content, fileName));
        Assert.True(outcome.IsSuccess, outcome.IsSuccess ? null : outcome.Rejection.ToString());
        return outcome.Value;
    }
}

using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Validation;

namespace IngestionPipeline.Core.Tests;

/// <summary>Origin decisions, inference, cross-year and text-versus-table checks of the rule catalogue.</summary>
public class ValidationRulesTests
{
    private const string Seed004 = "004_c49188e090674de6.txt"; // gb2021, consistent
    private static readonly ReportValidator Validator = new();

    [Theory]
    [InlineData(TemplateVersion.Gb2021, new[] { "T2-NONNEG", "T2-INT", "T2-FEES-NONNEG", "T2-FEE-UNIT", "T2-VALID-GE-NET-regulations", "T2-VALID-GE-NET-normative_documents", "T3-NONNEG", "T3-INT", "T4-NONNEG", "T4-INT", "T3-ROWS-COMPLETE", "X-T3-CARRY-total", "X-T2-VALID-CARRY-regulations", "X-TEXT-new_received", "X-TEXT-review_total" })]
    [InlineData(TemplateVersion.Gb2019, new[] { "T2L-NONNEG", "T2L-ITEMS-AFTER-CHANGE-licensing", "T2L-TOTALPUB-GE-NEWPUB-regulations", "T2L-TOTALPUB-GE-NEWPUB-normative_documents", "T2L-ITEMS-EQ-DECISIONS-coercion", "T3-INT", "T4-INT", "X-T3-CARRY-natural_person" })]
    public void Catalogue_has_the_spec_checks(TemplateVersion version, string[] ids)
    {
        var catalogue = RuleCatalog.Describe(version).Select(r => r.Id).ToHashSet();

        Assert.All(ids, id => Assert.Contains(id, catalogue));
        Assert.Equal(version == TemplateVersion.Gb2019 ? 4 : 0, catalogue.Count(i => i.StartsWith("T2L-ITEMS-EQ-DECISIONS-", StringComparison.Ordinal)));
        Assert.Equal(7, catalogue.Count(i => i.StartsWith("X-T3-CARRY-", StringComparison.Ordinal)));
    }

    [Fact]
    public void Split_digits_in_a_row_are_extraction_suspect_with_hint()
    {
        // Printed 12 | 3 | 0 … | 15, read as 1 | 2 | 3 | 0 … | 15 (the 12 split, a blank lost).
        var report = WithRow(TestFiles.Parse(Seed004), "results.granted", [1, 2, 3, 0, 0, 0, 15]);

        var colsum = Assert.Single(Validator.Validate(report).Findings, f => f.RuleId == "T3-COLSUM-granted");

        Assert.Equal(FindingOrigin.ExtractionSuspect, colsum.Origin);
        Assert.Contains("SPLIT_DIGITS_SUSPECTED", colsum.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unexplained_row_sum_failure_is_source_inconsistency_with_reason()
    {
        var report = WithRow(TestFiles.Parse(Seed004), "results.granted", [0, 0, 0, 0, 0, 0, 3]);

        var colsum = Assert.Single(Validator.Validate(report).Findings, f => f.RuleId == "T3-COLSUM-granted");

        Assert.Equal(FindingOrigin.SourceInconsistency, colsum.Origin);
        Assert.Contains("read unambiguously", colsum.Message, StringComparison.Ordinal);
        Assert.Equal(7, colsum.Paths.Count);
    }

    [Fact]
    public void Missing_cell_pinned_by_one_identity_is_inferred_idempotently_and_not_counted_as_read()
    {
        const string path = "applications.total.results.carriedForward";
        var parsed = TestFiles.Parse(Seed004);
        var expected = parsed[path].Value;
        var holed = With(parsed, path, Cell.Missing);

        var once = Validator.Validate(holed);
        var twice = Validator.Validate(ReportJson.Deserialize(ReportJson.Serialize(once)));

        var cell = once[path];
        Assert.True(cell.Inferred);
        Assert.Null(cell.Raw);
        Assert.Equal(expected, cell.Value);
        var info = Assert.Single(once.Findings, f => f.RuleId == "INFERRED-" + path);
        Assert.Equal(FindingSeverity.Info, info.Severity);
        Assert.Contains(once.Findings, f => f.RuleId == "T3-ROWS-COMPLETE" && f.Paths.Contains(path));
        Assert.Equal(once.Findings.Select(Key), twice.Findings.Select(Key));
        Assert.Equal(once.Cells[path], twice.Cells[path]);

        // A failure involving an inferred cell is never blamed on the publisher: last year's 结转 disagrees with an inferred 上年结转.
        var noCarry = With(parsed, "applications.total.carriedOver", Cell.Missing);
        var previous = With(parsed with { Meta = parsed.Meta with { Year = parsed.Meta.Year - 1 } }, "applications.total.results.carriedForward", new Cell(42, CellSemantic.Numeric, "42"));
        var crossed = Validator.Validate(noCarry, new ValidationInputs(previous));
        Assert.True(crossed["applications.total.carriedOver"].Inferred);
        var carry = Assert.Single(crossed.Findings, f => f.RuleId == "X-T3-CARRY-total");
        Assert.Equal(FindingOrigin.ExtractionSuspect, carry.Origin);
        Assert.Contains("inferred", carry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_inferred_when_an_identity_has_two_unknowns_or_a_blank()
    {
        var parsed = TestFiles.Parse(Seed004);
        var holed = With(With(parsed, "reviewLitigation.review.total", Cell.Missing), "reviewLitigation.review.maintain", Cell.Missing);
        var blank = With(parsed, "applications.total.carriedOver", new Cell(null, CellSemantic.Empty, string.Empty));

        var two = Validator.Validate(holed);
        var empty = Validator.Validate(blank);

        Assert.False(two["reviewLitigation.review.total"].HasValue);
        Assert.Equal(FindingStatus.NotAssessable, Assert.Single(two.Findings, f => f.RuleId == "T4-SUM-review").Status);
        Assert.Equal(CellSemantic.Empty, empty["applications.total.carriedOver"].Semantic);
        Assert.DoesNotContain(empty.Findings, f => f.RuleId.StartsWith("INFERRED-", StringComparison.Ordinal));
    }

    [Fact]
    public void Cross_year_carry_compares_with_last_years_carried_forward_only_when_given()
    {
        var current = TestFiles.Parse(Seed004);
        var previous = With(current with { Meta = current.Meta with { Year = current.Meta.Year - 1 } }, "applications.total.results.carriedForward", new Cell(42, CellSemantic.Numeric, "42"));

        var without = Validator.Validate(current);
        var with = Validator.Validate(current, new ValidationInputs(previous));
        var same = Validator.Validate(current, new ValidationInputs(current with { Meta = current.Meta with { Year = current.Meta.Year - 1 } }));

        Assert.DoesNotContain(without.Findings, f => f.RuleId.StartsWith("X-T3-CARRY-", StringComparison.Ordinal));
        var carry = Assert.Single(with.Findings, f => f.RuleId == "X-T3-CARRY-total");
        Assert.Equal(FindingSeverity.Warning, carry.Severity);
        Assert.Equal(["applications.total.carriedOver"], carry.Paths);
        Assert.Contains("42", carry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(same.Findings, f => f.RuleId == "X-T3-CARRY-total");
    }

    [Fact]
    public void Valid_documents_carry_is_checked_against_last_year()
    {
        var current = TestFiles.Parse(Seed004);
        var previous = With(current with { Meta = current.Meta with { Year = current.Meta.Year - 1 } }, "activeDisclosure.normativeDocuments.valid", new Cell(1000, CellSemantic.Numeric, "1000"));

        var report = Validator.Validate(current, new ValidationInputs(previous));

        var finding = Assert.Single(report.Findings, f => f.RuleId == "X-T2-VALID-CARRY-normative_documents");
        Assert.Contains("activeDisclosure.normativeDocuments.made", finding.Paths);
    }

    [Fact]
    public void Narrative_number_contradicting_the_table_is_a_warning_and_agreement_is_silent()
    {
        var parsed = TestFiles.Parse(Seed004);
        var newReceived = parsed["applications.total.newReceived"].Value!.Value;
        var review = parsed["reviewLitigation.review.total"].Value!.Value;
        CanonicalReport Say(string text) => parsed with
        {
            Sections = new Dictionary<string, Section?>(parsed.Sections) { [SectionKeys.OverallSituation] = new Section("一、总体情况", text) },
        };

        var wrong = Validator.Validate(Say($"（二）依申请公开。全年共新收政府信息公开申请{newReceived + 3}件。本年度被申请行政复议{review + 1}件。"));
        var right = Validator.Validate(Say($"（二）依申请公开。全年共新收政府信息公开申请{newReceived}件。本年度被申请行政复议{review}件。2021年新收到信访件12件。"));

        Assert.Equal(FindingSeverity.Warning, Assert.Single(wrong.Findings, f => f.RuleId == "X-TEXT-new_received").Severity);
        Assert.Single(wrong.Findings, f => f.RuleId == "X-TEXT-review_total");
        Assert.DoesNotContain(right.Findings, f => f.RuleId.StartsWith("X-TEXT-", StringComparison.Ordinal));
    }

    [Fact]
    public void Fee_in_yuan_is_flagged()
    {
        var report = Validator.Validate(With(TestFiles.Parse(Seed004), "activeDisclosure.fees.amount", new Cell(2_500_000, CellSemantic.Numeric, "2500000")));

        Assert.Single(report.Findings, f => f.RuleId == "T2-FEE-UNIT");
    }

    private static string Key(Finding f) => $"{f.RuleId}|{f.Severity}|{f.Status}|{f.Origin}|{f.Message}|{string.Join(",", f.Paths)}";

    private static CanonicalReport WithRow(CanonicalReport report, string row, decimal[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            report = With(report, TemplateDefinition.ApplicationPath(TemplateDefinition.ApplicantColumns[i], row), new Cell(v, v == 0 ? CellSemantic.Zero : CellSemantic.Numeric, v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return report;
    }

    private static CanonicalReport With(CanonicalReport report, string path, Cell cell)
    {
        var cells = new Dictionary<string, Cell>(report.Cells, StringComparer.Ordinal) { [path] = cell };
        return report with { Cells = cells };
    }
}

using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Validation;

namespace IngestionPipeline.Core.Tests;

public class ReportValidatorTests
{
    private const string Seed000 = "000_0ce65c396658d36e.txt";
    private const string Seed003 = "003_13863c369ac78f75.txt";
    private const string Seed004 = "004_c49188e090674de6.txt";

    private static readonly ReportValidator Validator = new();

    [Fact]
    public void Validate_consistent_report_has_no_error_findings()
    {
        var report = TestFiles.Parse(Seed003);

        Assert.DoesNotContain(report.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal(ReportValidator.RuleSetVersion, report.Provenance.RuleSet);
    }

    [Fact]
    public void Validate_inconsistent_total_fails_identity_and_row_sum_on_the_right_paths()
    {
        var report = Validator.Validate(With(TestFiles.Parse(Seed003), "applications.total.newReceived", Number(3)));

        var ident = Assert.Single(report.Findings, f => f.RuleId == "T3-IDENT-total");
        Assert.Equal(FindingStatus.Fail, ident.Status);
        Assert.Equal(FindingSeverity.Error, ident.Severity);
        Assert.Equal(FindingOrigin.SourceInconsistency, ident.Origin);
        Assert.Equal(
            ["applications.total.newReceived", "applications.total.carriedOver", "applications.total.results.totalProcessed", "applications.total.results.carriedForward"],
            ident.Paths);

        var colsum = Assert.Single(report.Findings, f => f.RuleId == "T3-COLSUM-new_received");
        Assert.Equal(FindingStatus.Fail, colsum.Status);
        Assert.Equal(7, colsum.Paths.Count);
        Assert.Contains("applications.legalPerson.social.newReceived", colsum.Paths);
        Assert.DoesNotContain(report.Findings, f => f.RuleId == "T3-IDENT-natural_person");
    }

    [Fact]
    public void Validate_blank_participant_is_not_assessable_not_zero()
    {
        var blank = new Cell(null, CellSemantic.Empty, string.Empty);

        var report = Validator.Validate(With(TestFiles.Parse(Seed004), "applications.total.carriedOver", blank));

        var ident = Assert.Single(report.Findings, f => f.RuleId == "T3-IDENT-total");
        Assert.Equal(FindingStatus.NotAssessable, ident.Status);
        Assert.Equal(["applications.total.carriedOver"], ident.Paths);
        Assert.Equal(FindingStatus.NotAssessable, Assert.Single(report.Findings, f => f.RuleId == "T3-COLSUM-carried_over").Status);
        Assert.DoesNotContain(report.Findings, f => f.Severity == FindingSeverity.Error);
    }

    [Fact]
    public void Validate_table4_sum_failure_names_all_five_cells()
    {
        var report = Validator.Validate(With(TestFiles.Parse(Seed004), "reviewLitigation.review.total", Number(2)));

        var sum = Assert.Single(report.Findings, f => f.RuleId == "T4-SUM-review");
        Assert.Equal(FindingStatus.Fail, sum.Status);
        Assert.Equal(5, sum.Paths.Count);
        Assert.Equal(FindingOrigin.SourceInconsistency, sum.Origin);
    }

    [Fact]
    public void Validate_report_read_back_from_json_blames_extraction_for_positional_cells()
    {
        var parsed = With(TestFiles.Parse(Seed000), "reviewLitigation.review.total", Number(2));
        var fromJson = ReportJson.Deserialize(ReportJson.Serialize(parsed));

        var report = Validator.Validate(fromJson);

        var sum = Assert.Single(report.Findings, f => f.RuleId == "T4-SUM-review");
        Assert.Equal(FindingOrigin.ExtractionSuspect, sum.Origin);
    }

    [Fact]
    public void Validate_twice_gives_the_same_findings()
    {
        var once = TestFiles.Parse(Seed000);

        var twice = Validator.Validate(once);

        Assert.Equal(once.Findings.Select(Key), twice.Findings.Select(Key));
    }

    [Fact]
    public void Validate_negative_count_fails_nonnegativity()
    {
        var report = Validator.Validate(With(TestFiles.Parse(Seed004), "activeDisclosure.coercion.processed", Number(-1)));

        var finding = Assert.Single(report.Findings, f => f.RuleId == "T2-NONNEG");
        Assert.Equal(["activeDisclosure.coercion.processed"], finding.Paths);
    }

    [Fact]
    public void Validate_decisions_equal_to_item_count_is_flagged_as_info()
    {
        var report = TestFiles.Parse("001_aa2b01d2dfa1efd2.txt");

        var finding = Assert.Single(report.Findings, f => f.RuleId == "T2L-ITEMS-EQ-DECISIONS-punishment");
        Assert.Equal(FindingSeverity.Info, finding.Severity);
        Assert.Equal(48, report["activeDisclosure.punishment.processed"].Value);
    }

    [Fact]
    public void Validate_truncated_table3_reports_missing_rows()
    {
        var report = TestFiles.Parse(Seed000);

        var complete = Assert.Single(report.Findings, f => f.RuleId == "T3-ROWS-COMPLETE");
        Assert.Equal(FindingSeverity.Warning, complete.Severity);
        Assert.Contains("applications.total.results.carriedForward", complete.Paths);
        Assert.Equal(FindingStatus.NotAssessable, Assert.Single(report.Findings, f => f.RuleId == "T3-IDENT-total").Status);
    }

    [Theory]
    [InlineData(TemplateVersion.Gb2019, 37)]
    [InlineData(TemplateVersion.Gb2021, 39)]
    public void RuleCatalog_has_the_spec_count_of_table3_identities(TemplateVersion version, int count)
    {
        var ids = RuleCatalog.Describe(version).Select(r => r.Id).ToList();

        Assert.Equal(count, ids.Count(id => id.StartsWith("T3-IDENT-", StringComparison.Ordinal) || id.StartsWith("T3-RESULTS-", StringComparison.Ordinal) || id.StartsWith("T3-COLSUM-", StringComparison.Ordinal)));
        Assert.Equal(3, ids.Count(id => id.StartsWith("T4-SUM-", StringComparison.Ordinal)));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    private static string Key(Finding f) => $"{f.RuleId}|{f.Severity}|{f.Status}|{f.Origin}|{f.Message}|{string.Join(",", f.Paths)}";

    private static Cell Number(decimal value) => new(value, value == 0 ? CellSemantic.Zero : CellSemantic.Numeric, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static CanonicalReport With(CanonicalReport report, string path, Cell cell)
    {
        var cells = new Dictionary<string, Cell>(report.Cells, StringComparer.Ordinal) { [path] = cell };
        return report with { Cells = cells };
    }
}

using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Versioning;

namespace IngestionPipeline.Core.Tests;

/// <summary>
/// <see cref="ReportContent.ContentHash"/> against hashes recorded before the report JSON moved to source-generated
/// wire records (<c>TestData/content-hashes.tsv</c>: every golden and expected corpus document, hashed by the former
/// DOM-equivalent writer): stored content hashes are compared with new ones, so not one bit may move.
/// </summary>
public class ReportContentHashTests
{
    [Fact]
    public void ContentHash_of_every_committed_document_equals_the_recorded_hash()
    {
        var recorded = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "content-hashes.tsv"))
            .Select(l => l.Split('\t'))
            .ToList();
        Assert.True(recorded.Count >= 280, $"only {recorded.Count} recorded hashes");
        var differing = recorded
            .Where(r => ReportContent.ContentHash(ReportJson.Deserialize(File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot, r[0])))) != r[1])
            .Select(r => r[0])
            .ToList();
        Assert.True(differing.Count == 0, "content hash moved for: " + string.Join(", ", differing));
    }

    [Fact]
    public void ContentHash_escapes_and_optional_members_like_the_recorded_hash()
    {
        var baseline = ReportJson.Deserialize(File.ReadAllText(TestFiles.GoldenPath(TestFiles.SampleNames[^1])));
        var cells = new Dictionary<string, Cell>(baseline.Cells, StringComparer.Ordinal);
        var first = cells.Keys.First();
        cells[first] = new Cell(-83.420m, CellSemantic.Numeric, "减少 “83.42” <b>&\u0001\u2028", "万元", Inferred: true, Note: "注：\"x\"\t\\", Change: new ItemChange(1.50m, null, 1.5m), Source: new CellSource(3, 4, 5, 6));
        var report = baseline with
        {
            Cells = cells,
            Meta = baseline.Meta with { Region = new Region("山东省", null, "兰陵县"), OrganizationNormalized = null },
            Sections = new Dictionary<string, Section?>(StringComparer.Ordinal) { [SectionKeys.All[0]] = new Section("一、总体情况", "😀 text\r\n") },
            Findings = [new Finding("r1", FindingSeverity.Error, FindingStatus.Fail, "消息 'quoted'", [first, "x"], null)],
        };

        // Recorded with the former writer (non-ASCII escaped, nulls of value/raw/sections written, no source).
        Assert.Equal("c37c241e9537d6074cc479cbc5b37c9d08651ef3d5010b59827f4525df05147f", ReportContent.ContentHash(report));
    }

    [Fact]
    public void ContentHash_ignores_provenance_year_source_and_cell_sources()
    {
        var report = CorpusDocuments.Parsed.First(p => p.Validated is not null).Validated!;
        var moved = report with
        {
            Provenance = report.Provenance with { SourceSha256 = "other", MediaType = "application/pdf" },
            Meta = report.Meta with { YearSource = report.Meta.YearSource is null ? "fileName" : null },
            Cells = report.Cells.ToDictionary(
                kv => kv.Key,
                kv => kv.Value with { Source = new CellSource(9, 99, 1, 2) { Table = "t9", Box = new SourceBox(1, 2, 3, 4), PlacedBy = CellSource.ByPosition } },
                StringComparer.Ordinal),
        };

        Assert.Equal(ReportContent.ContentHash(report), ReportContent.ContentHash(moved));
        Assert.NotEqual(ReportContent.ContentHash(report), ReportContent.ContentHash(report with { Meta = report.Meta with { Year = report.Meta.Year + 1 } }));
    }
}

using System.Text;
using System.Text.Json;
using IngestionPipeline.Core.Model;
using Wire = IngestionPipeline.Contracts.Reports;

namespace IngestionPipeline.Core.Tests;

/// <summary>
/// <see cref="ReportJson"/> over the source-generated wire records: the contract JSON is read by outside tools and
/// stored in every version, so the committed documents must come back byte for byte, and reading stays tolerant of
/// what older documents contain.
/// </summary>
public class ReportJsonTests
{
    [Fact]
    public void Expected_corpus_files_round_trip_byte_identical()
    {
        var files = CorpusDocuments.ExpectedJsonFiles.Where(f => !f.Contains("Golden", StringComparison.Ordinal)).ToList();
        Assert.True(files.Count >= 250, $"only {files.Count} expected files");
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            var report = ReportJson.Deserialize(bytes);
            Assert.True(bytes.AsSpan().SequenceEqual(ReportJson.SerializeToUtf8Bytes(report, indented: false)), $"{file}: not written back byte for byte");
        }
    }

    [Fact]
    public void Corpus_reports_round_trip_equal()
    {
        var checkedReports = 0;
        foreach (var parsed in CorpusDocuments.Parsed)
        {
            foreach (var report in new[] { parsed.Normalized, parsed.Validated })
            {
                if (report is null)
                {
                    continue;
                }

                foreach (var indented in new[] { true, false })
                {
                    var json = ReportJson.Serialize(report, indented);
                    Assert.Equal(Encoding.UTF8.GetBytes(json), ReportJson.SerializeToUtf8Bytes(report, indented));
                    AssertSameReport(report, ReportJson.Deserialize(json), parsed.Name);
                    AssertSameReport(report, ReportJson.Deserialize(Encoding.UTF8.GetBytes(json)), parsed.Name);
                }

                checkedReports++;
            }
        }

        Assert.True(checkedReports >= 280, $"only {checkedReports} reports checked");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_reports_round_trip_equal_with_canonical_numbers(int seed)
    {
        var random = new Random(seed);
        foreach (var version in new[] { TemplateVersion.Gb2019, TemplateVersion.Gb2021 })
        {
            var report = RandomReport(random, version);
            var json = ReportJson.Serialize(report, indented: seed % 2 == 0);
            var back = ReportJson.Deserialize(json);
            AssertSameReport(report, back, $"seed {seed} {version}");
            Assert.Equal(json, ReportJson.Serialize(back, indented: seed % 2 == 0));
            foreach (var (_, cell) in back.Cells)
            {
                // Written canonically: no trailing zeros survive the round trip.
                Assert.Equal(cell.Value is { } v ? ReportJson.Canonical(v).Scale : null, cell.Value?.Scale);
            }
        }
    }

    [Fact]
    public void Cell_source_writes_table_and_box_after_the_existing_members()
    {
        var report = ValidatedGb2021();
        var path = report.Cells.Keys.First();
        var source = new CellSource(2, 40, 3, 4) { PlacedBy = CellSource.ByPosition, Table = "t2", Box = new SourceBox(10.5, 20, 30.25, 40) };
        var cells = new Dictionary<string, Cell>(report.Cells, StringComparer.Ordinal) { [path] = new Cell(12.0m, CellSemantic.Numeric, "12", Source: source) };
        var json = ReportJson.Serialize(report with { Cells = cells }, indented: false);

        Assert.Contains("""{"value":12,"semantic":"NUMERIC","raw":"12","source":{"page":2,"line":40,"row":3,"column":4,"placedBy":"position","table":"t2","box":{"left":10.5,"top":20,"right":30.25,"bottom":40}}}""", json, StringComparison.Ordinal);
        Assert.Equal(source, ReportJson.Deserialize(json).Cells[path].Source);
    }

    [Fact]
    public void Deserialize_tolerates_a_document_without_optional_members()
    {
        // What the oldest documents hold: no yearSource, organizationNormalized, region, origin, unit, inferred, note,
        // change or source, and only some cells (the rest are MISSING).
        const string json = """
            {"schemaVersion":"1.0","meta":{"title":"t","organization":"o","year":2020,"templateVersion":"gb2019"},
             "applications":{"total":{"newReceived":{"value":3,"semantic":"NUMERIC","raw":"3"}}},
             "sections":{"overallSituation":null,"problemsAndImprovements":{"title":"二","text":"x"},"otherMatters":null},
             "findings":[{"ruleId":"r","severity":"warning","status":"UNCERTAIN","message":"m","paths":[]}],
             "provenance":{"sourceSha256":"s","mediaType":"text/plain","extractor":"e","normalizer":"n","ruleSet":"1"}}
            """;

        var report = ReportJson.Deserialize(json);

        Assert.Null(report.Meta.YearSource);
        Assert.Null(report.Meta.Region);
        Assert.Equal(TemplateDefinition.Gb2019.CellPaths, report.Cells.Keys);
        Assert.Equal(new Cell(3, CellSemantic.Numeric, "3"), report.Cells["applications.total.newReceived"]);
        Assert.Equal(Cell.Missing, report.Cells["applications.total.carriedOver"]);
        Assert.Null(report.Findings[0].Origin);
        Assert.Equal(new Section("二", "x"), report.Sections[SectionKeys.ProblemsAndImprovements]);
        Assert.Null(report.Sections[SectionKeys.OtherMatters]);
    }

    [Fact]
    public void Deserialize_reads_absent_sections_as_null()
    {
        var json = ReportJson.Serialize(ValidatedGb2021(), indented: false);
        using var document = JsonDocument.Parse(json);
        var sections = document.RootElement.GetProperty("sections").GetRawText();

        Assert.Contains(SectionKeys.All, k => ValidatedGb2021().Sections[k] is not null);
        var report = ReportJson.Deserialize(json.Replace("\"sections\":" + sections, "\"sections\":{}", StringComparison.Ordinal));

        Assert.Equal(SectionKeys.All, report.Sections.Keys);
        Assert.All(report.Sections.Values, Assert.Null);
    }

    [Fact]
    public void Deserialize_ignores_unknown_members_and_the_other_templates_cells_and_takes_any_order()
    {
        var report = TestFiles.Parse(TestFiles.SampleNames[0]);
        var json = ReportJson.Serialize(report, indented: false);
        var other = report.Meta.TemplateVersion == TemplateVersion.Gb2019 ? "\"made\"" : "\"newlyMade\"";

        // Provenance first, an unknown member, a cell of the other template version, an escaped member name.
        var reordered = "{\"provenance\":" + Member(json, "provenance") + ",\"extension\":{\"x\":[1,{\"y\":null}]},"
            + json[1..].Replace("\"regulations\":{", "\"regulations\":{" + other + ":{\"value\":1,\"semantic\":\"NUMERIC\",\"raw\":\"1\"},", StringComparison.Ordinal)
                .Replace("\"semantic\"", "\"\\u0073emantic\"", StringComparison.Ordinal);

        AssertSameReport(report, ReportJson.Deserialize(reordered), "reordered");
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""{"provenance":{"sourceSha256":"s","mediaType":"m","extractor":"e","normalizer":"n","ruleSet":"r"}}""")]
    [InlineData("""{"schemaVersion":"1.0","meta":null,"sections":{},"findings":[],"provenance":null}""")]
    public void Deserialize_rejects_malformed_documents_with_JsonException(string json)
    {
        Assert.Throws<JsonException>(() => ReportJson.Deserialize(json));
        Assert.Throws<JsonException>(() => ReportJson.Deserialize(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("\"templateVersion\":\"gb2021\"", "\"templateVersion\":\"gb2030\"")]
    [InlineData("\"semantic\":\"NUMERIC\"", "\"semantic\":\"NUMBER\"")]
    [InlineData("\"value\":0,", "\"value\":\"0\",")]
    [InlineData("\"severity\":\"", "\"severity\":\"fatal-")]
    [InlineData("\"provenance\":", "\"provenanceMoved\":")]
    [InlineData("\"semantic\":\"ZERO\",", "")]
    [InlineData("\"findings\":[", "\"findings\":[null,")]
    public void Deserialize_rejects_a_wrong_member_with_JsonException(string member, string replacement)
    {
        var json = ReportJson.Serialize(ValidatedGb2021(), indented: false);
        Assert.Contains(member, json, StringComparison.Ordinal);

        Assert.Throws<JsonException>(() => ReportJson.Deserialize(json.Replace(member, replacement, StringComparison.Ordinal)));
    }

    [Fact]
    public void Wire_tree_has_exactly_the_cell_paths_of_both_templates()
    {
        var union = TemplateDefinition.Gb2019.CellPaths.Union(TemplateDefinition.Gb2021.CellPaths).Order(StringComparer.Ordinal);
        Assert.Equal(union, ReportWireTree.Instance.Leaves.Select(l => l.Path!).Order(StringComparer.Ordinal));
        foreach (var version in new[] { TemplateVersion.Gb2019, TemplateVersion.Gb2021 })
        {
            Assert.Equal(TestFiles.ContractPaths(version), ReportWireTree.Instance.TemplateLeaves[version].Select(l => l.Path!));
        }
    }

    [Fact]
    public void Core_and_wire_enums_have_the_same_members_in_the_same_order()
    {
        AssertSameMembers<CellSemantic, Wire.CellSemantic>();
        AssertSameMembers<TemplateVersion, Wire.TemplateVersion>();
        AssertSameMembers<FindingSeverity, Wire.FindingSeverity>();
        AssertSameMembers<FindingStatus, Wire.FindingStatus>();
        AssertSameMembers<FindingOrigin, Wire.FindingOrigin>();
        foreach (var semantic in Enum.GetValues<CellSemantic>())
        {
            Assert.Equal($"\"{ReportJson.SemanticToWire(semantic)}\"", JsonSerializer.Serialize((Wire.CellSemantic)semantic, Wire.ReportJsonContext.Default.CellSemantic));
        }
    }

    private static void AssertSameMembers<TCore, TWire>()
        where TCore : struct, Enum
        where TWire : struct, Enum
    {
        Assert.Equal(Enum.GetNames<TCore>(), Enum.GetNames<TWire>());
        Assert.Equal(Enum.GetValues<TCore>().Select(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)), Enum.GetValues<TWire>().Select(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static CanonicalReport ValidatedGb2021() =>
        CorpusDocuments.Parsed.First(p => p.Validated is { Meta.TemplateVersion: TemplateVersion.Gb2021, Findings.Count: > 0 }
            && p.Validated.Cells.Values.Any(c => c.Semantic == CellSemantic.Zero)
            && p.Validated.Cells.Values.Any(c => c.Semantic == CellSemantic.Numeric)).Validated!;

    /// <summary>The JSON text of a top-level member of a compact document (its value is an object without nested braces in strings).</summary>
    private static string Member(string json, string name)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty(name).GetRawText();
    }

    internal static CanonicalReport RandomReport(Random random, TemplateVersion version)
    {
        string[] pieces = ["0", "7", "12", ".", ",", "/", "—", "无", " ", "\"", "\\", "\t", "\n", "“", "”", "中文", "😀", "<b>", "&", "'", "\u0001", "\u2028"];
        string? Text() => random.Next(5) == 0 ? null : string.Concat(Enumerable.Range(0, random.Next(0, 8)).Select(_ => pieces[random.Next(pieces.Length)]));
        decimal Number() => Math.Round((decimal)(random.NextDouble() * 1e6) * (random.Next(2) == 0 ? 1 : -1), random.Next(0, 4)) * 1.000m;
        var cells = new Dictionary<string, Cell>(StringComparer.Ordinal);
        foreach (var path in TemplateDefinition.For(version).CellPaths)
        {
            var semantic = (CellSemantic)random.Next(6);
            cells[path] = semantic == CellSemantic.Missing ? Cell.Missing : new Cell(
                semantic is CellSemantic.Numeric ? Number() : semantic is CellSemantic.Zero ? 0.00m : null,
                semantic,
                Text() ?? string.Empty,
                random.Next(4) == 0 ? "万元" : null,
                random.Next(6) == 0,
                random.Next(3) == 0 ? null : new CellSource(random.Next(3) == 0 ? null : random.Next(1, 9), random.Next(1, 500), random.Next(1, 30), random.Next(1, 12))
                {
                    PlacedBy = random.Next(5) == 0 ? CellSource.ByPosition : null,
                    Table = random.Next(2) == 0 ? $"t{random.Next(1, 5)}" : null,
                    Box = random.Next(3) == 0 ? new SourceBox(random.NextDouble() * 500, random.Next(800), 512.25, 1e-3) : null,
                },
                random.Next(8) == 0 ? Text() : null,
                random.Next(8) == 0 ? new ItemChange(random.Next(2) == 0 ? null : 1.50m, 3, -1.5m) : null);
        }

        return new CanonicalReport
        {
            Meta = new ReportMeta(Text() ?? "t", "组织", Text(), random.Next(2) == 0 ? null : new Region("山东省", Text(), null), 2019 + random.Next(5), version) { YearSource = random.Next(2) == 0 ? null : "title" },
            Cells = cells,
            Sections = SectionKeys.All.ToDictionary(k => k, k => random.Next(3) == 0 ? null : new Section(k, Text() ?? string.Empty), StringComparer.Ordinal),
            Findings = [.. Enumerable.Range(0, random.Next(4)).Select(i => new Finding($"R{i}", (FindingSeverity)random.Next(3), (FindingStatus)random.Next(3), Text() ?? "m", [.. cells.Keys.Take(i)], random.Next(3) == 0 ? null : (FindingOrigin)random.Next(2)))],
            Provenance = new Provenance("sha", "text/plain", "x@1", "n@1", "r1"),
        };
    }

    internal static void AssertSameReport(CanonicalReport expected, CanonicalReport actual, string name)
    {
        Assert.Equal(expected.SchemaVersion, actual.SchemaVersion);
        Assert.Equal(expected.Meta with { Region = expected.Meta.Region is { IsEmpty: true } ? null : expected.Meta.Region }, actual.Meta);
        Assert.Equal(expected.Provenance, actual.Provenance);
        Assert.Equal(TemplateDefinition.For(expected.Meta.TemplateVersion).CellPaths, actual.Cells.Keys);
        foreach (var (path, cell) in ReportJson.OrderedCells(expected))
        {
            var other = actual.Cells[path];
            Assert.True(cell == other, $"{name} {path}: {cell} != {other}");
        }

        foreach (var key in SectionKeys.All)
        {
            Assert.Equal(expected.Sections.GetValueOrDefault(key), actual.Sections[key]);
        }

        Assert.Equal(expected.Findings.Count, actual.Findings.Count);
        for (var i = 0; i < expected.Findings.Count; i++)
        {
            var (e, a) = (expected.Findings[i], actual.Findings[i]);
            Assert.Equal((e.RuleId, e.Severity, e.Status, e.Message, e.Origin), (a.RuleId, a.Severity, a.Status, a.Message, a.Origin));
            Assert.Equal(e.Paths, a.Paths);
        }
    }
}

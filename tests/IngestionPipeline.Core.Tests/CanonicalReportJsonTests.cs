using System.Text;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Tests;

/// <summary>
/// The streaming <see cref="CanonicalReportJson"/> against the former DOM implementation
/// (<see cref="LegacyCanonicalReportJson"/>): the contract JSON is read by outside tools, so the bytes must not move.
/// </summary>
[Trait("Tier", "Slow")]
public class CanonicalReportJsonTests
{
    [Fact]
    public void Serialize_every_corpus_report_is_byte_identical_to_the_dom_writer()
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
                    var expected = LegacyCanonicalReportJson.Serialize(report, indented);
                    Assert.True(expected == CanonicalReportJson.Serialize(report, indented), $"{parsed.Name} (indented {indented}): JSON differs");
                    Assert.Equal(Encoding.UTF8.GetBytes(expected), CanonicalReportJson.SerializeToUtf8Bytes(report, indented));
                }

                checkedReports++;
            }
        }

        Assert.True(checkedReports >= 280, $"only {checkedReports} reports checked");
    }

    [Fact]
    public void Deserialize_every_corpus_report_equals_the_dom_reader()
    {
        foreach (var parsed in CorpusDocuments.Parsed)
        {
            if (parsed.Validated is not { } report)
            {
                continue;
            }

            foreach (var indented in new[] { true, false })
            {
                var json = LegacyCanonicalReportJson.Serialize(report, indented);
                AssertSameReport(LegacyCanonicalReportJson.Deserialize(json), CanonicalReportJson.Deserialize(json), parsed.Name);
                AssertSameReport(LegacyCanonicalReportJson.Deserialize(json), CanonicalReportJson.Deserialize(Encoding.UTF8.GetBytes(json)), parsed.Name);
            }
        }
    }

    [Fact]
    public void Deserialize_every_expected_and_golden_file_equals_the_dom_reader()
    {
        var files = CorpusDocuments.ExpectedJsonFiles.ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var json = File.ReadAllText(file);
            var expected = LegacyCanonicalReportJson.Deserialize(json);
            var actual = CanonicalReportJson.Deserialize(json);
            AssertSameReport(expected, actual, file);
        }
    }

    [Fact]
    public void Deserialize_accepts_members_in_any_order_and_ignores_unknown_ones()
    {
        var report = TestFiles.Parse(TestFiles.SampleNames[0]);
        var node = LegacyCanonicalReportJson.ToJsonNode(report);

        // Provenance and cells before meta, an unknown member, escaped member names.
        var reordered = new System.Text.Json.Nodes.JsonObject();
        foreach (var key in new[] { "provenance", "reviewLitigation", "findings", "applications", "sections", "meta", "activeDisclosure", "schemaVersion" })
        {
            reordered[key] = node[key]!.DeepClone();
        }

        reordered["extension"] = new System.Text.Json.Nodes.JsonObject { ["x"] = 1 };
        var json = reordered.ToJsonString().Replace("\"semantic\"", "\"\\u0073emantic\"", StringComparison.Ordinal);

        AssertSameReport(LegacyCanonicalReportJson.Deserialize(json), CanonicalReportJson.Deserialize(json), "reordered");
    }

    [Fact]
    public void Deserialize_without_meta_or_provenance_throws_FormatException()
    {
        Assert.Throws<FormatException>(() => CanonicalReportJson.Deserialize("null"));
        Assert.Throws<FormatException>(() => CanonicalReportJson.Deserialize("{\"provenance\":{}}"));
        Assert.Throws<FormatException>(() => CanonicalReportJson.Deserialize("{\"meta\":{\"templateVersion\":\"gb2021\",\"year\":2021}}"));
        Assert.Throws<FormatException>(() => CanonicalReportJson.Deserialize("{\"meta\":{\"templateVersion\":\"gb2030\"},\"provenance\":{}}"));
    }

    private static void AssertSameReport(CanonicalReport expected, CanonicalReport actual, string name)
    {
        Assert.True(LegacyCanonicalReportJson.Serialize(expected) == LegacyCanonicalReportJson.Serialize(actual), $"{name}: reports differ");
        Assert.Equal(expected.SchemaVersion, actual.SchemaVersion);
        Assert.Equal(expected.Meta, actual.Meta);
        Assert.Equal(expected.Provenance, actual.Provenance);
        Assert.Equal(expected.Cells.Keys, actual.Cells.Keys);
        foreach (var (path, cell) in expected.Cells)
        {
            var other = actual.Cells[path];
            Assert.True(cell == other, $"{name} {path}: {cell} != {other}");

            // Record equality treats 12.0 and 12 alike; the reader keeps the printed scale as before.
            Assert.Equal(cell.Value?.Scale, other.Value?.Scale);
        }

        Assert.Equal(expected.Sections.Keys, actual.Sections.Keys);
        Assert.Equal(expected.Sections.Values, actual.Sections.Values);
        Assert.Equal(expected.Findings.Count, actual.Findings.Count);
        for (var i = 0; i < expected.Findings.Count; i++)
        {
            var (e, a) = (expected.Findings[i], actual.Findings[i]);
            Assert.Equal((e.RuleId, e.Severity, e.Status, e.Message, e.Origin), (a.RuleId, a.Severity, a.Status, a.Message, a.Origin));
            Assert.Equal(e.Paths, a.Paths);
        }
    }
}

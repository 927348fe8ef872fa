using System.Text.Json.Nodes;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Versioning;

namespace IngestionPipeline.Core.Tests;

/// <summary>
/// The streamed <see cref="ReportContent.ContentHash"/> against the former DOM hash (tree, provenance and cell
/// sources removed, <c>ToJsonString()</c>): stored content hashes are compared with new ones, so not one bit may move.
/// </summary>
public class ReportContentHashTests
{
    [Fact]
    public void ContentHash_every_corpus_report_equals_the_dom_hash()
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

                Assert.True(DomHash(report) == ReportContent.ContentHash(report), $"{parsed.Name}: content hash differs");
                checkedReports++;
            }
        }

        Assert.True(checkedReports >= 280, $"only {checkedReports} reports checked");
    }

    [Fact]
    public void ContentHash_escapes_and_optional_members_like_the_dom_hash()
    {
        var baseline = CorpusDocuments.Parsed.First(p => p.Validated is not null).Validated!;
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

        Assert.Equal(DomHash(report), ReportContent.ContentHash(report));
    }

    [Fact]
    public void ContentHash_ignores_provenance_and_cell_sources()
    {
        var report = CorpusDocuments.Parsed.First(p => p.Validated is not null).Validated!;
        var moved = report with
        {
            Provenance = report.Provenance with { SourceSha256 = "other", MediaType = "application/pdf" },
            Cells = report.Cells.ToDictionary(kv => kv.Key, kv => kv.Value with { Source = new CellSource(9, 99, 1, 2) }, StringComparer.Ordinal),
        };

        Assert.Equal(ReportContent.ContentHash(report), ReportContent.ContentHash(moved));
    }

    /// <summary>The former implementation, verbatim, over the legacy DOM writer.</summary>
    private static string DomHash(CanonicalReport report)
    {
        var node = LegacyCanonicalReportJson.ToJsonNode(report);
        node.Remove("provenance");
        (node["meta"] as JsonObject)?.Remove("yearSource"); // where the year was read is provenance: not hashed
        RemoveSources(node);
        return Sha256Hex.Of(node.ToJsonString());
    }

    private static void RemoveSources(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            if (obj.ContainsKey("semantic"))
            {
                obj.Remove("source");
                return;
            }

            foreach (var (_, child) in obj.ToArray())
            {
                RemoveSources(child);
            }
        }
    }
}

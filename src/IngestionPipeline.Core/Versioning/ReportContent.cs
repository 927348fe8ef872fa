using System.Text.Json.Nodes;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Versioning;

/// <summary>
/// Content hashing for version decisions. The content hash covers what the report says (meta, cells with
/// raw text and units, sections, findings) and leaves out where it was read from (provenance, cell source
/// locations), so the same report arriving as PDF and as DOCX is one version. The fingerprint adds the
/// schema, normalizer and rule-set versions for audit.
/// </summary>
public static class ReportContent
{
    public static string ContentHash(CanonicalReport report)
    {
        var node = CanonicalReportJson.ToJsonNode(report);
        node.Remove("provenance");
        RemoveSources(node);
        return Sha256Hex.Of(node.ToJsonString());
    }

    public static string Fingerprint(CanonicalReport report, string contentHash) =>
        Sha256Hex.Of($"{contentHash}|{report.SchemaVersion}|{report.Provenance.Normalizer}|{report.Provenance.RuleSet}");

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

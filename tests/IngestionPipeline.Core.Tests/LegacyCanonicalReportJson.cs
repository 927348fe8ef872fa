using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Tests;

/// <summary>
/// The former <c>JsonObject</c>-DOM implementation of <see cref="CanonicalReportJson"/>, kept verbatim as the
/// oracle: the streaming writer and reader must give byte-identical JSON and equal reports.
/// </summary>
internal static class LegacyCanonicalReportJson
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the report as contract JSON (UTF-8 text).</summary>
    public static string Serialize(CanonicalReport report, bool indented = true) =>
        ToJsonNode(report).ToJsonString(indented ? Indented : Compact);

    public static JsonObject ToJsonNode(CanonicalReport report)
    {
        var root = new JsonObject
        {
            ["schemaVersion"] = report.SchemaVersion,
            ["meta"] = WriteMeta(report.Meta),
        };

        // Build the three table objects in contract order; JsonObject keeps insertion order.
        foreach (var (path, cell) in OrderedCells(report))
        {
            var segments = path.Split('.');
            var node = root;
            for (var i = 0; i < segments.Length - 1; i++)
            {
                if (node[segments[i]] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[segments[i]] = child;
                }

                node = child;
            }

            node[segments[^1]] = WriteCell(cell);
        }

        var sections = new JsonObject();
        foreach (var key in SectionKeys.All)
        {
            report.Sections.TryGetValue(key, out var section);
            sections[key] = section is null ? null : new JsonObject { ["title"] = section.Title, ["text"] = section.Text };
        }

        root["sections"] = sections;
        root["findings"] = new JsonArray(report.Findings.Select(f => (JsonNode)WriteFinding(f)).ToArray());
        root["provenance"] = new JsonObject
        {
            ["sourceSha256"] = report.Provenance.SourceSha256,
            ["mediaType"] = report.Provenance.MediaType,
            ["extractor"] = report.Provenance.Extractor,
            ["normalizer"] = report.Provenance.Normalizer,
            ["ruleSet"] = report.Provenance.RuleSet,
        };
        return root;
    }

    /// <summary>Reads a contract JSON document back into a report.</summary>
    public static CanonicalReport Deserialize(string json)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? throw new FormatException("Empty canonical report JSON.");
        var metaNode = root["meta"]?.AsObject() ?? throw new FormatException("Canonical report has no meta.");
        var meta = ReadMeta(metaNode);
        var template = TemplateDefinition.For(meta.TemplateVersion);

        var cells = new Dictionary<string, Cell>(template.CellPaths.Count, StringComparer.Ordinal);
        foreach (var path in template.CellPaths)
        {
            JsonNode? node = root;
            foreach (var segment in path.Split('.'))
            {
                node = node?[segment];
            }

            cells[path] = node is JsonObject cellNode ? ReadCell(cellNode) : Cell.Missing;
        }

        var sections = new Dictionary<string, Section?>(StringComparer.Ordinal);
        foreach (var key in SectionKeys.All)
        {
            var s = root["sections"]?[key];
            sections[key] = s is JsonObject so
                ? new Section(so["title"]?.GetValue<string>() ?? string.Empty, so["text"]?.GetValue<string>() ?? string.Empty)
                : null;
        }

        var findings = (root["findings"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(ReadFinding)
            .ToArray();

        var p = root["provenance"]?.AsObject() ?? throw new FormatException("Canonical report has no provenance.");
        var provenance = new Provenance(
            p["sourceSha256"]?.GetValue<string>() ?? string.Empty,
            p["mediaType"]?.GetValue<string>() ?? string.Empty,
            p["extractor"]?.GetValue<string>() ?? string.Empty,
            p["normalizer"]?.GetValue<string>() ?? string.Empty,
            p["ruleSet"]?.GetValue<string>() ?? string.Empty);

        return new CanonicalReport
        {
            SchemaVersion = root["schemaVersion"]?.GetValue<string>() ?? CanonicalReport.CurrentSchemaVersion,
            Meta = meta,
            Cells = cells,
            Sections = sections,
            Findings = findings,
            Provenance = provenance,
        };
    }

    /// <summary>Cells in contract order for the report's template version (unknown extra paths last).</summary>
    public static IEnumerable<KeyValuePair<string, Cell>> OrderedCells(CanonicalReport report)
    {
        var template = TemplateDefinition.For(report.Meta.TemplateVersion);
        foreach (var path in template.CellPaths)
        {
            yield return new(path, report.Cells.TryGetValue(path, out var cell) ? cell : Cell.Missing);
        }
    }

    public static string SemanticToWire(CellSemantic semantic) => semantic switch
    {
        CellSemantic.Zero => "ZERO",
        CellSemantic.Numeric => "NUMERIC",
        CellSemantic.Empty => "EMPTY",
        CellSemantic.NA => "NA",
        CellSemantic.Text => "TEXT",
        CellSemantic.Missing => "MISSING",
        _ => throw new ArgumentOutOfRangeException(nameof(semantic), semantic, null),
    };

    public static CellSemantic SemanticFromWire(string wire) => wire switch
    {
        "ZERO" => CellSemantic.Zero,
        "NUMERIC" => CellSemantic.Numeric,
        "EMPTY" => CellSemantic.Empty,
        "NA" => CellSemantic.NA,
        "TEXT" => CellSemantic.Text,
        "MISSING" => CellSemantic.Missing,
        _ => throw new FormatException($"Unknown cell semantic '{wire}'."),
    };

    public static string SeverityToWire(FindingSeverity s) => s switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        FindingSeverity.Info => "info",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    public static string StatusToWire(FindingStatus s) => s switch
    {
        FindingStatus.Fail => "FAIL",
        FindingStatus.Uncertain => "UNCERTAIN",
        FindingStatus.NotAssessable => "NOT_ASSESSABLE",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    public static string OriginToWire(FindingOrigin o) => o switch
    {
        FindingOrigin.SourceInconsistency => "source_inconsistency",
        FindingOrigin.ExtractionSuspect => "extraction_suspect",
        _ => throw new ArgumentOutOfRangeException(nameof(o), o, null),
    };

    /// <summary>Drops trailing zeros so that 12.0 is written as 12 and 83.420 as 83.42.</summary>
    public static decimal Canonical(decimal value) => value / 1.000000000000000000000000000000000m;

    private static JsonObject WriteMeta(ReportMeta meta)
    {
        var node = new JsonObject
        {
            ["title"] = meta.Title,
            ["organization"] = meta.Organization,
        };
        if (meta.OrganizationNormalized is not null)
        {
            node["organizationNormalized"] = meta.OrganizationNormalized;
        }

        if (meta.Region is { IsEmpty: false } region)
        {
            var r = new JsonObject();
            if (region.Province is not null)
            {
                r["province"] = region.Province;
            }

            if (region.City is not null)
            {
                r["city"] = region.City;
            }

            if (region.County is not null)
            {
                r["county"] = region.County;
            }

            node["region"] = r;
        }

        node["year"] = meta.Year;
        node["templateVersion"] = meta.TemplateVersion.ToWire();
        if (meta.YearSource is not null)
        {
            node["yearSource"] = meta.YearSource;
        }

        return node;
    }

    private static ReportMeta ReadMeta(JsonObject node)
    {
        Region? region = null;
        if (node["region"] is JsonObject r)
        {
            region = new Region(
                r["province"]?.GetValue<string>(),
                r["city"]?.GetValue<string>(),
                r["county"]?.GetValue<string>());
        }

        return new ReportMeta(
            node["title"]?.GetValue<string>() ?? string.Empty,
            node["organization"]?.GetValue<string>() ?? string.Empty,
            node["organizationNormalized"]?.GetValue<string>(),
            region,
            node["year"]?.GetValue<int>() ?? 0,
            TemplateVersionNames.Parse(node["templateVersion"]?.GetValue<string>() ?? string.Empty))
        {
            YearSource = node["yearSource"]?.GetValue<string>(),
        };
    }

    private static JsonObject WriteCell(Cell cell)
    {
        var node = new JsonObject
        {
            ["value"] = cell.Value is { } v ? JsonValue.Create(Canonical(v)) : null,
            ["semantic"] = SemanticToWire(cell.Semantic),
            ["raw"] = cell.Raw,
        };
        if (cell.Unit is not null)
        {
            node["unit"] = cell.Unit;
        }

        if (cell.Inferred)
        {
            node["inferred"] = true;
        }

        if (cell.Note is not null)
        {
            node["note"] = cell.Note;
        }

        if (cell.Change is { } change)
        {
            var c = new JsonObject();
            if (change.Increase is { } inc)
            {
                c["increase"] = Canonical(inc);
            }

            if (change.Decrease is { } dec)
            {
                c["decrease"] = Canonical(dec);
            }

            c["net"] = Canonical(change.Net);
            node["change"] = c;
        }

        if (cell.Source is { } s)
        {
            var src = new JsonObject();
            if (s.Page is { } page)
            {
                src["page"] = page;
            }

            if (s.Line is { } line)
            {
                src["line"] = line;
            }

            if (s.Row is { } row)
            {
                src["row"] = row;
            }

            if (s.Column is { } col)
            {
                src["column"] = col;
            }

            if (s.PlacedBy is { } placedBy)
            {
                src["placedBy"] = placedBy;
            }

            if (s.Table is { } table)
            {
                src["table"] = table;
            }

            if (s.Box is { } box)
            {
                src["box"] = new JsonObject { ["left"] = box.Left, ["top"] = box.Top, ["right"] = box.Right, ["bottom"] = box.Bottom };
            }

            node["source"] = src;
        }

        return node;
    }

    private static Cell ReadCell(JsonObject node)
    {
        decimal? value = node["value"] is JsonValue v ? decimal.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) : null;
        CellSource? source = null;
        if (node["source"] is JsonObject s)
        {
            source = new CellSource(s["page"]?.GetValue<int>(), s["line"]?.GetValue<int>(), s["row"]?.GetValue<int>(), s["column"]?.GetValue<int>()) 
            {
                PlacedBy = s["placedBy"]?.GetValue<string>(),
                Table = s["table"]?.GetValue<string>(),
                Box = s["box"] is JsonObject b ? new SourceBox(b["left"]!.GetValue<double>(), b["top"]!.GetValue<double>(), b["right"]!.GetValue<double>(), b["bottom"]!.GetValue<double>()) : null,
            };
        }

        ItemChange? change = null;
        if (node["change"] is JsonObject c)
        {
            change = new ItemChange(c["increase"]?.GetValue<decimal>(), c["decrease"]?.GetValue<decimal>(), c["net"]?.GetValue<decimal>() ?? 0);
        }

        return new Cell(
            value,
            SemanticFromWire(node["semantic"]?.GetValue<string>() ?? "MISSING"),
            node["raw"]?.GetValue<string>(),
            node["unit"]?.GetValue<string>(),
            node["inferred"]?.GetValue<bool>() ?? false,
            source,
            node["note"]?.GetValue<string>(),
            change);
    }

    private static JsonObject WriteFinding(Finding f)
    {
        var node = new JsonObject
        {
            ["ruleId"] = f.RuleId,
            ["severity"] = SeverityToWire(f.Severity),
            ["status"] = StatusToWire(f.Status),
            ["message"] = f.Message,
            ["paths"] = new JsonArray(f.Paths.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
        };
        if (f.Origin is { } origin)
        {
            node["origin"] = OriginToWire(origin);
        }

        return node;
    }

    private static Finding ReadFinding(JsonObject node)
    {
        var severity = node["severity"]?.GetValue<string>() switch
        {
            "error" => FindingSeverity.Error,
            "warning" => FindingSeverity.Warning,
            _ => FindingSeverity.Info,
        };
        var status = node["status"]?.GetValue<string>() switch
        {
            "FAIL" => FindingStatus.Fail,
            "UNCERTAIN" => FindingStatus.Uncertain,
            _ => FindingStatus.NotAssessable,
        };
        FindingOrigin? origin = node["origin"]?.GetValue<string>() switch
        {
            "source_inconsistency" => FindingOrigin.SourceInconsistency,
            "extraction_suspect" => FindingOrigin.ExtractionSuspect,
            _ => null,
        };
        var paths = (node["paths"] as JsonArray ?? []).Select(p => p?.GetValue<string>() ?? string.Empty).ToArray();
        return new Finding(node["ruleId"]?.GetValue<string>() ?? string.Empty, severity, status, node["message"]?.GetValue<string>() ?? string.Empty, paths, origin);
    }
}

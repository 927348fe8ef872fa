using System.ComponentModel;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace IngestionPipeline.Contracts.Reports;

/// <summary>
/// The JSON Schema (draft 2020-12) of the canonical report, generated from the wire types with
/// <see cref="JsonSchemaExporter"/>: every record and enum once under <c>$defs</c>, descriptions from their
/// <see cref="DescriptionAttribute"/>s, required members from the types' <c>required</c> members. The committed copy
/// (<c>schemas/canonical-report.schema.json</c>) is embedded in this assembly and shipped in its package.
/// </summary>
public static class ReportSchema
{
    /// <summary>The schema's <c>$id</c>.</summary>
    public const string Id = "https://ingestion-pipeline.local/schemas/canonical-report.schema.json";

    private const string ResourceName = "IngestionPipeline.Contracts.schemas.canonical-report.schema.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The committed schema, as embedded in this assembly.</summary>
    public static string Embedded()
    {
        using var stream = typeof(ReportSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Resource {ResourceName} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Generates the schema from the wire types (indented JSON, <c>\n</c> line ends, no trailing newline).</summary>
    public static string Generate()
    {
        var definitions = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var options = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) => Transform(context, node, definitions),
        };

        var root = ReportJsonContext.Default.CanonicalReport.GetJsonSchemaAsNode(options).AsObject();
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = Id,
            ["title"] = "Canonical report",
        };
        foreach (var (name, value) in root.ToList())
        {
            root.Remove(name);
            schema[name] = value;
        }

        var defs = new JsonObject();
        foreach (var (name, definition) in definitions)
        {
            defs[name] = definition;
        }

        schema["$defs"] = defs;
        return schema.ToJsonString(Indented).ReplaceLineEndings("\n");
    }

    /// <summary>
    /// Moves each record and enum of this namespace except the root to <c>$defs</c> and references it, and adds
    /// descriptions: the member's own, else its type's. A member is nullable in the schema only where the writer writes
    /// <c>null</c> (a cell's <c>value</c> and <c>raw</c>, an absent section); a member the writer leaves out when null is
    /// optional instead. The exporter writes a repeated type as a pointer to its first occurrence; that becomes the
    /// same <c>$defs</c> reference.
    /// </summary>
    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode node, SortedDictionary<string, JsonNode> definitions)
    {
        var type = Nullable.GetUnderlyingType(context.TypeInfo.Type) ?? context.TypeInfo.Type;
        var memberDescription = Description(context.PropertyInfo?.AttributeProvider);
        var omittedWhenNull = context.PropertyInfo is { } member && !WrittenWhenNull(member);
        if (type.Namespace != typeof(CanonicalReport).Namespace || type == typeof(CanonicalReport) || node is not JsonObject obj)
        {
            if (node is JsonObject plain)
            {
                if (omittedWhenNull)
                {
                    RemoveNull(plain);
                }

                if ((memberDescription ?? (context.PropertyInfo is null ? Description(type) : null)) is { } described)
                {
                    plain.Insert(0, "description", described);
                }
            }

            return node;
        }

        var nullable = context.PropertyInfo is { } property ? property.IsGetNullable && !omittedWhenNull : RemoveNull(obj);
        if (!obj.ContainsKey("$ref"))
        {
            RemoveNull(obj);
            if (Description(type) is { } typeDescription)
            {
                obj.Insert(0, "description", typeDescription);
            }

            definitions[type.Name] = obj;
        }

        var reference = new JsonObject { ["$ref"] = $"#/$defs/{type.Name}" };
        JsonObject result = nullable ? new JsonObject { ["anyOf"] = new JsonArray(reference, new JsonObject { ["type"] = "null" }) } : reference;
        if (memberDescription is not null)
        {
            result.Insert(0, "description", memberDescription);
        }

        return result;
    }

    /// <summary>Takes <c>null</c> out of the node's <c>type</c> or <c>enum</c>; true when it was there.</summary>
    private static bool RemoveNull(JsonObject node)
    {
        var removed = false;
        if (node["type"] is JsonArray types)
        {
            var nonNull = types.Where(t => t?.GetValue<string>() != "null").Select(t => t!.DeepClone()).ToArray();
            removed = nonNull.Length != types.Count;
            node["type"] = nonNull.Length == 1 ? nonNull[0] : new JsonArray(nonNull);
        }

        if (node["enum"] is JsonArray values && values.Any(v => v is null))
        {
            node["enum"] = new JsonArray([.. values.Where(v => v is not null).Select(v => v!.DeepClone())]);
            removed = true;
        }

        return removed;
    }

    /// <summary>Whether the writer writes the member when it is null (<c>[JsonIgnore(Condition = Never)]</c> against the context's default).</summary>
    private static bool WrittenWhenNull(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: false).OfType<JsonIgnoreAttribute>()
            .Any(a => a.Condition == JsonIgnoreCondition.Never) == true;

    private static string? Description(ICustomAttributeProvider? provider) =>
        provider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false).OfType<DescriptionAttribute>().FirstOrDefault()?.Description;
}

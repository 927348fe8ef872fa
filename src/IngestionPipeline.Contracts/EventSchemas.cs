using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace IngestionPipeline.Contracts;

/// <summary>
/// The JSON Schemas (draft 2020-12) of the events, one per message type, generated from the records with
/// <see cref="JsonSchemaExporter"/> the way <see cref="Reports.ReportSchema"/> is for the report document. Each describes
/// the <c>message</c> of the MassTransit envelope as subscribers receive it: camelCase members, byte arrays as base64
/// strings, a member required when its parameter has no default and is not nullable (MassTransit leaves null members
/// out). Further members may appear (contract changes are additive). The committed copies
/// (<c>schemas/events/&lt;Type&gt;.schema.json</c>) are embedded in this assembly and shipped in its package.
/// </summary>
public static class EventSchemas
{
    /// <summary>The base of each schema's <c>$id</c> (followed by the file name).</summary>
    public const string IdBase = "https://ingestion-pipeline.local/schemas/events/";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        RespectNullableAnnotations = true,
        // Writers write numbers as numbers; reading them from strings is a reader's leniency, not the wire format.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    /// <summary>Every event type of the contract, in pipeline order.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(ReportFileSubmitted),
        typeof(ReportExtracted),
        typeof(ReportNormalized),
        typeof(ReportValidated),
        typeof(ReportVersionCreated),
        typeof(ReportUnchanged),
        typeof(ReportRejected),
    ];

    /// <summary>The file (and resource) name of an event's schema: <c>ReportVersionCreated.schema.json</c>.</summary>
    public static string FileName(Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return $"{eventType.Name}.schema.json";
    }

    /// <summary>The committed schema of <paramref name="eventType"/>, as embedded in this assembly.</summary>
    public static string Embedded(Type eventType)
    {
        var resource = $"IngestionPipeline.Contracts.schemas.events.{FileName(eventType)}";
        using var stream = typeof(EventSchemas).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Resource {resource} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Generates the schema of <paramref name="eventType"/> (indented JSON, <c>\n</c> line ends, no trailing newline).</summary>
    public static string Generate(Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        var root = Wire.GetJsonSchemaAsNode(eventType, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = static (context, node) =>
            {
                // Nested records (SubmissionHints) get the same "required" rule as the event.
                if (node is JsonObject obj && context.TypeInfo.Kind == JsonTypeInfoKind.Object && context.TypeInfo.Type.Namespace == typeof(EventSchemas).Namespace)
                {
                    var required = RequiredMembers(context.TypeInfo.Type);
                    obj.Remove("required");
                    if (required.Count > 0)
                    {
                        obj["required"] = new JsonArray([.. required.Select(r => JsonValue.Create(r))]);
                    }
                }

                return node;
            },
        }).AsObject();
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = IdBase + FileName(eventType),
            ["title"] = eventType.Name,
        };
        foreach (var (name, value) in root.ToList())
        {
            root.Remove(name);
            schema[name] = value;
        }

        return schema.ToJsonString(Indented).ReplaceLineEndings("\n");
    }

    /// <summary>The camelCase names of the primary constructor's parameters that have no default and are not nullable.</summary>
    private static List<string> RequiredMembers(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var nullability = new NullabilityInfoContext();
        return
        [
            .. constructor.GetParameters()
                .Where(p => !p.HasDefaultValue
                    && Nullable.GetUnderlyingType(p.ParameterType) is null
                    && nullability.Create(p).WriteState != NullabilityState.Nullable)
                .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!)),
        ];
    }
}

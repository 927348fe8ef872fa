using System.Text;
using IngestionPipeline.Contracts;
using IngestionPipeline.Contracts.Reports;

namespace IngestionPipeline.Api.Endpoints;

/// <summary>
/// The published JSON Schemas (<c>GET /schemas</c>, <c>GET /schemas/{name}.json</c>): the report document's and one per
/// event, exactly the copies embedded in (and packed with) the Contracts assembly, so subscribers validate or generate
/// code from what the service really speaks.
/// </summary>
internal static class SchemaEndpoints
{
    private const string SchemaContentType = "application/schema+json";

    private static readonly IReadOnlyDictionary<string, Func<string>> Schemas = BuildSchemas();

    public static void MapSchemaEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/schemas").WithTags("schemas");

        group.MapGet("/", () => TypedResults.Ok(Schemas.Keys.Order(StringComparer.Ordinal).Select(name => new { name, href = $"/schemas/{name}" }).ToList()))
            .WithName("ListSchemas")
            .WithSummary("The published JSON Schemas: the canonical report document and one per event.");

        group.MapGet("/{file}", (string file) =>
                Schemas.TryGetValue(file, out var schema)
                    ? Results.Text(schema(), SchemaContentType, Encoding.UTF8)
                    : TypedResults.Problem($"No schema '{file}'; GET /schemas lists them.", statusCode: StatusCodes.Status404NotFound, title: "Schema not found"))
            .Produces(StatusCodes.Status200OK, contentType: SchemaContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetSchema")
            .WithSummary("One JSON Schema (draft 2020-12), e.g. canonical-report.schema.json or ReportVersionCreated.schema.json.");
    }

    private static Dictionary<string, Func<string>> BuildSchemas()
    {
        var schemas = new Dictionary<string, Func<string>>(StringComparer.Ordinal)
        {
            ["canonical-report.schema.json"] = ReportSchema.Embedded,
        };
        foreach (var type in EventSchemas.EventTypes)
        {
            schemas[EventSchemas.FileName(type)] = () => EventSchemas.Embedded(type);
        }

        return schemas;
    }
}

using System.Text.Json.Nodes;
using IngestionPipeline.Api.Endpoints;
using IngestionPipeline.Api.Security;
using IngestionPipeline.Contracts.Reports;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Scalar.AspNetCore;

namespace IngestionPipeline.Api.OpenApi;

/// <summary>
/// The OpenAPI document's additions and the interactive reference page: the API-key security scheme (required by
/// every endpoint that needs a key), the upload's multipart fields, and the canonical report's JSON Schema (from
/// <see cref="ReportSchema"/>, the contract's own) as the <c>CanonicalReport</c> component, referenced by the
/// endpoints that return a report. Scalar serves the reference at <c>/scalar</c> from its package, with no CDN or web fonts.
/// </summary>
internal static class ApiReference
{
    public const string SecuritySchemeName = "ApiKey";
    public const string ReportSchemaName = "CanonicalReport";
    public const string DocumentName = "v1";

    /// <summary>Operations (by endpoint name) whose 200 response is a canonical report document.</summary>
    private static readonly string[] ReportOperations = ["GetReport", "GetReportVersion"];

    private const string UploadOperation = "SubmitFile";

    public static IServiceCollection AddApiReference(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                AddComponents(document);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                Describe(operation, context);
                return Task.CompletedTask;
            });
        });

    public static IEndpointConventionBuilder MapApiReference(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(options =>
        {
            options.Title = "IngestionPipeline API";
            // Offline: the page's script is served from the package; no web fonts, no telemetry.
            options.DefaultFonts = false;
            options.Telemetry = false;
            options.AddPreferredSecuritySchemes(SecuritySchemeName);
        });

    private static void AddComponents(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyMiddleware.HeaderName,
            Description = "One of the keys configured in Api:ApiKeys. Needed by the endpoints that change state (submissions); reads are open.",
        };

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, schema) in ReportSchemas(document))
        {
            document.Components.Schemas[name] = schema;
        }

        // Operations were transformed before the components existed: point the report responses at the schema now.
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            if (ReportOperations.Contains(operation.OperationId)
                && operation.Responses?.TryGetValue("200", out var response) == true
                && response is OpenApiResponse ok)
            {
                ok.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
                ok.Content["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ReportSchemaName, document) };
                ok.Description ??= "The canonical report document.";
            }
        }
    }

    /// <summary>
    /// The contract's JSON Schema (2020-12, which OpenAPI 3.1 schema objects are) as components: the root as
    /// <see cref="ReportSchemaName"/>, each <c>$defs</c> entry as <c>CanonicalReport.{Name}</c>, references rewritten to match.
    /// </summary>
    private static IEnumerable<(string Name, IOpenApiSchema Schema)> ReportSchemas(OpenApiDocument document)
    {
        var root = JsonNode.Parse(ReportSchema.Embedded())!.AsObject();
        var definitions = root["$defs"]?.AsObject() ?? [];
        root.Remove("$defs");
        root.Remove("$schema");
        root.Remove("$id");
        RewriteReferences(root);
        yield return (ReportSchemaName, Parse(root, document));
        foreach (var (name, definition) in definitions.ToList())
        {
            var node = definition!.DeepClone();
            RewriteReferences(node);
            yield return ($"{ReportSchemaName}.{name}", Parse(node, document));
        }
    }

    private static IOpenApiSchema Parse(JsonNode node, OpenApiDocument document)
    {
        var schema = OpenApiModelFactory.Parse<OpenApiSchema>(node.ToJsonString(), OpenApiSpecVersion.OpenApi3_1, document, out var diagnostic, "json");
        if (schema is null || diagnostic?.Errors.Count > 0)
        {
            throw new InvalidOperationException($"The canonical report schema does not read as an OpenAPI schema: {string.Join("; ", diagnostic?.Errors.Select(e => e.Message) ?? [])}");
        }

        return schema;
    }

    private static void RewriteReferences(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/$defs/", StringComparison.Ordinal))
                {
                    o["$ref"] = $"#/components/schemas/{ReportSchemaName}.{reference["#/$defs/".Length..]}";
                }

                foreach (var (_, child) in o.ToList())
                {
                    RewriteReferences(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    RewriteReferences(child);
                }

                break;
        }
    }

    private static void Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<RequireApiKeyMetadata>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, context.Document)] = [] });
        }

        if (operation.OperationId == UploadOperation)
        {
            var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The report file (PDF, DOC, DOCX, HTML, TXT…); exactly one." },
            };
            foreach (var field in IngestionEndpoints.FormFields)
            {
                properties[field] = new OpenApiSchema
                {
                    Type = field == "year" ? JsonSchemaType.Integer : JsonSchemaType.String,
                    Format = field is "sourceUrl" or "callbackUrl" ? "uri" : null,
                    Description = field == "callbackUrl"
                        ? "Optional http(s) URL that receives the outcome as a signed POST (X-Signature-256); private addresses are refused like URL intake's."
                        : $"Optional hint: {field}.",
                };
            }

            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = properties, Required = new HashSet<string>(StringComparer.Ordinal) { "file" } },
                    },
                },
            };
        }
    }
}

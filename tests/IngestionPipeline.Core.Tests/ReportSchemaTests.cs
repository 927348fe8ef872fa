using System.Text.Json;
using System.Text.Json.Nodes;
using ReportSchema = IngestionPipeline.Contracts.Reports.ReportSchema;
using IngestionPipeline.Core.Model;
using Json.Schema;

namespace IngestionPipeline.Core.Tests;

/// <summary>
/// The committed JSON Schema of the canonical report (<c>src/IngestionPipeline.Contracts/schemas/canonical-report.schema.json</c>)
/// against the wire types it is generated from, and every committed document against the schema (JsonSchema.Net).
/// </summary>
public class ReportSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(ReportSchema.Embedded(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    private static string CommittedPath => Path.Combine(TestFiles.RepositoryRoot, "src", "IngestionPipeline.Contracts", "schemas", "canonical-report.schema.json");

    [Fact]
    public void Committed_schema_equals_the_one_generated_from_the_wire_types()
    {
        var generated = ReportSchema.Generate() + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_SCHEMA") == "1")
        {
            File.WriteAllText(CommittedPath, generated);
        }

        Assert.True(
            generated == File.ReadAllText(CommittedPath).ReplaceLineEndings("\n"),
            "The wire types in src/IngestionPipeline.Contracts/Reports and the committed canonical-report.schema.json disagree. "
            + "Regenerate it with UPDATE_SCHEMA=1 dotnet test --project tests/IngestionPipeline.Core.Tests -- --filter-class '*ReportSchemaTests', "
            + "review the diff (contract changes are additive only) and commit it.");
        Assert.Equal(generated, ReportSchema.Embedded().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Schema_requires_what_the_writer_always_writes_and_lists_the_enum_names()
    {
        var schema = JsonNode.Parse(ReportSchema.Embedded())!;
        Assert.Equal(["schemaVersion", "meta", "sections", "findings", "provenance"], Names(schema["required"]));
        Assert.Equal(["value", "semantic", "raw"], Names(schema["$defs"]!["Cell"]!["required"]));
        Assert.Equal(["ZERO", "NUMERIC", "EMPTY", "NA", "TEXT", "MISSING"], Names(schema["$defs"]!["CellSemantic"]!["enum"]));
        Assert.Equal(["gb2019", "gb2021"], Names(schema["$defs"]!["TemplateVersion"]!["enum"]));
    }

    [Fact]
    public void Every_committed_document_is_valid_against_the_schema()
    {
        var files = CorpusDocuments.ExpectedJsonFiles.ToList();
        Assert.True(files.Count >= 280, $"only {files.Count} documents");
        foreach (var file in files)
        {
            AssertValid(File.ReadAllText(file), file);
        }
    }

    [Fact]
    public void Documents_with_every_optional_member_are_valid_against_the_schema()
    {
        var random = new Random(7);
        foreach (var version in new[] { TemplateVersion.Gb2019, TemplateVersion.Gb2021 })
        {
            AssertValid(ReportJson.Serialize(ReportJsonTests.RandomReport(random, version)), version.ToString());
        }
    }

    [Theory]
    [InlineData("\"semantic\":\"ZERO\"", "\"semantic\":\"ZERO!\"")]
    [InlineData("\"templateVersion\":\"gb2021\"", "\"templateVersion\":\"gb2030\"")]
    [InlineData("\"year\":", "\"year\":\"x\",\"y\":")]
    [InlineData("\"provenance\":", "\"provenanceMoved\":")]
    [InlineData("\"raw\":\"0\"", "\"raw\":0")]
    public void A_broken_document_is_invalid_against_the_schema(string member, string replacement)
    {
        var json = ReportJson.Serialize(CorpusDocuments.Parsed.First(p => p.Validated is { Meta.TemplateVersion: TemplateVersion.Gb2021 }).Validated!, indented: false);
        Assert.Contains(member, json, StringComparison.Ordinal);

        var results = Schema.Value.Evaluate(JsonDocument.Parse(json.Replace(member, replacement, StringComparison.Ordinal)).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.False(results.IsValid);
    }

    private static void AssertValid(string json, string name)
    {
        using var document = JsonDocument.Parse(json);
        var results = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
            .Take(5);
        Assert.True(results.IsValid, $"{name}: {string.Join("; ", errors)}");
    }

    private static string[] Names(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];
}

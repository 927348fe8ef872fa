using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using IngestionPipeline.Contracts;
using Json.Schema;

namespace IngestionPipeline.Core.Tests;

/// <summary>
/// The committed JSON Schema of every event (<c>src/IngestionPipeline.Contracts/schemas/events</c>) against the records
/// it is generated from, and events serialized as MassTransit writes them (camelCase, null members left out) against it.
/// </summary>
public class EventSchemaTests
{
    // Web defaults as MassTransit's System.Text.Json serializer; null members left out (a schema must not require them)...
    private static readonly JsonSerializerOptions MassTransitJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    // ...or written as null, as MassTransit's envelope shows them (a schema must allow null where the type does).
    private static readonly JsonSerializerOptions WithNulls = new(JsonSerializerDefaults.Web);

    public static TheoryData<string> EventNames => [.. EventSchemas.EventTypes.Select(t => t.Name)];

    private static Type EventType(string name) => EventSchemas.EventTypes.Single(t => t.Name == name);

    private static string CommittedPath(Type type) => Path.Combine(TestFiles.RepositoryRoot, "src", "IngestionPipeline.Contracts", "schemas", "events", EventSchemas.FileName(type));

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Committed_schema_equals_the_one_generated_from_the_record(string name)
    {
        var type = EventType(name);
        var generated = EventSchemas.Generate(type) + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_SCHEMA") == "1")
        {
            File.WriteAllText(CommittedPath(type), generated);
        }

        Assert.True(
            File.Exists(CommittedPath(type)) && generated == File.ReadAllText(CommittedPath(type)).ReplaceLineEndings("\n"),
            $"The record {name} and the committed {EventSchemas.FileName(type)} disagree. Regenerate with UPDATE_SCHEMA=1 dotnet test "
            + "--project tests/IngestionPipeline.Core.Tests -- --filter-class '*EventSchemaTests', review the diff (contract changes are additive only) and commit it.");
        Assert.Equal(generated, EventSchemas.Embedded(type).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Every_message_record_of_the_contract_has_a_schema()
    {
        var records = typeof(EventSchemas).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(EventSchemas).Namespace && t is { IsClass: true, IsAbstract: false } && t != typeof(SubmissionHints) && t != typeof(ChangedCell))
            .Select(t => t.Name)
            .Order();
        Assert.Equal(records, EventSchemas.EventTypes.Select(t => t.Name).Order());
    }

    [Fact]
    public void Required_members_are_the_ones_always_written()
    {
        var schema = JsonNode.Parse(EventSchemas.Embedded(typeof(ReportVersionCreated)))!;
        Assert.Equal(
            ["ingestionId", "reportKey", "version", "organization", "year", "templateVersion", "fingerprint", "changedCellCount", "findingCount", "rawSha256"],
            schema["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("integer", schema["properties"]!["version"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Changed_cells_are_bounded_with_a_truncation_flag()
    {
        var many = Enumerable.Range(0, ReportVersionCreated.MaxChanges + 50).Select(i => new ChangedCell($"p{i}", "NUMERIC", i, null, "NUMERIC", i + 1, null)).ToList();
        var (kept, truncated) = ReportVersionCreated.Bound(many);
        Assert.True(truncated);
        Assert.Equal(many.Take(ReportVersionCreated.MaxChanges), kept);

        var (all, complete) = ReportVersionCreated.Bound(many[..3]);
        Assert.False(complete);
        Assert.Equal(many[..3], all);
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Generated_events_are_valid_against_their_schema(string name)
    {
        var type = EventType(name);
        var schema = JsonSchema.FromText(EventSchemas.Embedded(type), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var random = new Random(name.Length);
        for (var i = 0; i < 50; i++)
        {
            var json = JsonSerializer.SerializeToElement(Sample(type, random, withOptional: i % 4 < 2), type, i % 2 == 0 ? MassTransitJson : WithNulls);
            var result = schema.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            Assert.True(result.IsValid, $"{name} #{i} {json.GetRawText()}: {string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Value}")))}");
        }
    }

    [Theory]
    [InlineData("version", "\"2\"")]
    [InlineData("ingestionId", "\"not-a-guid\"")]
    [InlineData("reportKey", null)]
    public void A_broken_event_is_invalid_against_its_schema(string member, string? replacement)
    {
        var schema = JsonSchema.FromText(EventSchemas.Embedded(typeof(ReportVersionCreated)), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var node = JsonSerializer.SerializeToNode(Sample(typeof(ReportVersionCreated), new Random(1), withOptional: true), MassTransitJson)!.AsObject();
        var options = new EvaluationOptions { RequireFormatValidation = true };
        Assert.True(schema.Evaluate(JsonSerializer.SerializeToElement(node), options).IsValid);
        if (replacement is null)
        {
            node.Remove(member);
        }
        else
        {
            node[member] = JsonNode.Parse(replacement);
        }

        Assert.False(schema.Evaluate(JsonSerializer.SerializeToElement(node), options).IsValid);
    }

    private static object Sample(Type type, Random random, bool withOptional)
    {
        var id = new Guid([.. Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256))]);
        var sha = string.Concat(Enumerable.Range(0, 32).Select(_ => random.Next(256).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        var hints = withOptional ? new SubmissionHints(random.Next(2) == 0 ? null : "A1", "某某市人民政府办公室", random.Next(2) == 0 ? null : "北京市", 2020 + random.Next(5)) : null;
        byte[]? payload = withOptional ? [.. "{\"a\":1}"u8] : null;
        var year = 2019 + random.Next(6);
        var template = random.Next(2) == 0 ? "gb2019" : "gb2021";
        return type.Name switch
        {
            nameof(ReportFileSubmitted) => new ReportFileSubmitted(id, sha, "报告.pdf", withOptional ? "https://example.gov.cn/a.pdf" : null, DateTimeOffset.UnixEpoch.AddSeconds(random.Next()), hints),
            nameof(ReportExtracted) => new ReportExtracted(id, sha, "报告.pdf", StageNames.Extract, "application/pdf", "pdf", random.Next(1000), hints, payload),
            nameof(ReportNormalized) => new ReportNormalized(id, sha, "报告.docx", StageNames.Normalize, "某某局", year, template, hints, payload, random.Next(3)),
            nameof(ReportValidated) => new ReportValidated(id, sha, "报告.html", StageNames.Validate, random.Next(5), random.Next(5), random.Next(5), hints, payload, random.Next(3)),
            nameof(ReportVersionCreated) => new ReportVersionCreated(
                id, $"A1-{year}", 1 + random.Next(5), withOptional ? random.Next(1, 5) : null, "某某局", year, template, sha, random.Next(100), random.Next(10), sha,
                withOptional ? "parser-change" : null, withOptional ? "p-0123456789abcdef" : null,
                withOptional ? [new ChangedCell("applications.total.newReceived", random.Next(2) == 0 ? null : "NUMERIC", random.Next(2) == 0 ? null : 12.5m, "12.5", "MISSING", null, null)] : null,
                withOptional && random.Next(2) == 0),
            nameof(ReportUnchanged) => new ReportUnchanged(id, $"A1-{year}", 1 + random.Next(5), sha),
            nameof(ReportRejected) => new ReportRejected(id, StageNames.Extract, "NOT_A_REPORT", "不是年度报告", sha, "x.pdf"),
            _ => throw new ArgumentException($"No sample for {type.Name}: add one.", nameof(type)),
        };
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using IngestionPipeline.Core.Extraction;

namespace IngestionPipeline.Core.Tests;

/// <summary>The streamed extract artifact JSON against what the reflection serializer wrote before (the oracle).</summary>
public class ExtractedDocumentJsonTests
{
    private static readonly JsonSerializerOptions ReflectionOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Fact]
    public void ToJson_every_corpus_document_is_byte_identical_to_the_reflection_serializer()
    {
        var documents = CorpusDocuments.Parsed;
        Assert.True(documents.Count >= 140, $"only {documents.Count} documents");
        foreach (var parsed in documents)
        {
            var expected = JsonSerializer.Serialize(parsed.Extracted, ReflectionOptions);
            var actual = parsed.Extracted.ToJson();
            Assert.True(expected == actual, $"{parsed.Name}: artifact JSON differs");
        }
    }

    [Fact]
    public void ToJson_round_trips_through_FromJson()
    {
        foreach (var parsed in CorpusDocuments.Parsed.Take(20))
        {
            var json = parsed.Extracted.ToJson();
            Assert.Equal(json, ExtractedDocument.FromJson(json).ToJson());
        }
    }

    [Fact]
    public void ToJson_writes_nulls_empty_tables_and_unknown_locations_like_the_serializer()
    {
        var document = new ExtractedDocument("text/plain", "test@1",
        [
            new TextBlock("a \"quoted\" 中文 <b>&amp;</b>\u0001", new SourceLocation()),
            new TableBlock([], new SourceLocation(2, null)),
            new TableBlock([new TableCell(0, 1, "x", new SourceLocation(1, 3), 2, 3), new TableCell(4, 0, "y", new SourceLocation(null, 4))], new SourceLocation(1, 3)),
        ]);

        Assert.Equal(JsonSerializer.Serialize(document, ReflectionOptions), document.ToJson());
    }
}

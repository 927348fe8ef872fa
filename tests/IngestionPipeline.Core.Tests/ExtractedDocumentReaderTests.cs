using System.Text.Encodings.Web;
using System.Text.Json;
using IngestionPipeline.Core.Extraction;

namespace IngestionPipeline.Core.Tests;

/// <summary>The streamed <see cref="ExtractedDocument.FromJson(string)"/> against the reflection deserializer it replaced (the oracle).</summary>
public class ExtractedDocumentReaderTests
{
    private static readonly JsonSerializerOptions ReflectionOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Fact]
    public void FromJson_every_corpus_document_equals_the_reflection_reader()
    {
        foreach (var parsed in CorpusDocuments.Parsed)
        {
            var json = parsed.Extracted.ToJson();
            var expected = JsonSerializer.Deserialize<ExtractedDocument>(json, ReflectionOptions)!;
            var actual = ExtractedDocument.FromJson(json);
            Assert.True(expected.ToJson() == actual.ToJson(), $"{parsed.Name}: read document differs");
            Assert.Equal(json, actual.ToJson());
        }
    }

    [Fact]
    public void FromJson_reads_names_in_any_case_numbers_as_strings_and_skips_unknown_members()
    {
        const string json = """
            {"MEDIATYPE":"text/html","Extractor":"html@1","extra":{"a":[1,2,{"b":null}]},"Blocks":[
              {"kind":"text","Text":"标题 \u0041","Location":{"Page":"2","LINE":7}},
              {"kind":"table","location":{"page":null,"line":"3"},"rowCount":9,"cells":[
                {"Row":"1","COLUMN":2,"text":"12","location":null,"rowSpan":"2"},
                {"row":0,"column":0,"text":null,"location":{"page":1,"line":null},"columnSpan":3,"unknown":true}
              ]},
              null
            ]}
            """;

        var expected = JsonSerializer.Deserialize<ExtractedDocument>(json, ReflectionOptions)!;
        var actual = ExtractedDocument.FromJson(json);

        Assert.Equal(expected.ToJson(), actual.ToJson());
        Assert.Equal("text/html", actual.MediaType);
        var text = Assert.IsType<TextBlock>(actual.Blocks[0]);
        Assert.Equal("标题 A", text.Text);
        Assert.Equal(new SourceLocation(2, 7), text.Location);
        var table = Assert.IsType<TableBlock>(actual.Blocks[1]);
        Assert.Equal(new SourceLocation(null, 3), table.Location);
        Assert.Equal(new TableCell(1, 2, "12", null!, 2, 1), table.Cells[0]);
        Assert.Equal(new TableCell(0, 0, null!, new SourceLocation(1, null), 1, 3), table.Cells[1]);
        Assert.Null(actual.Blocks[2]);
    }

    [Fact]
    public void FromJson_reads_the_kind_in_any_case_and_position()
    {
        // The reflection reader wanted "kind" first and in lower case; the streamed one takes it anywhere.
        var actual = ExtractedDocument.FromJson("""{"blocks":[{"location":null,"Text":"a","KIND":"text"}]}""");

        Assert.Equal(new TextBlock("a", null!), actual.Blocks[0]);
    }

    [Fact]
    public void FromJson_reads_null_blocks_and_escaped_names()
    {
        var actual = ExtractedDocument.FromJson("""{"media\u0054ype":"text/plain","extractor":null,"blocks":null}""");

        Assert.Equal("text/plain", actual.MediaType);
        Assert.Null(actual.Extractor);
        Assert.Null(actual.Blocks);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("""{"blocks":[{"kind":"picture","location":null}]}""")]
    [InlineData("""{"blocks":[{"kind":"table","cells":[{"row":"x"}]}]}""")]
    [InlineData("""{"blocks":[{"kind":"text","text":"a"}""")]
    public void FromJson_rejects_what_the_reflection_reader_rejected(string json)
    {
        Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<ExtractedDocument>(json, ReflectionOptions) ?? throw new FormatException());
        Assert.ThrowsAny<Exception>(() => ExtractedDocument.FromJson(json));
    }
}

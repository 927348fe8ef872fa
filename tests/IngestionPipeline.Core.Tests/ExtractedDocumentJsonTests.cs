using System.Text;
using System.Text.Json;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Tests;

/// <summary>The extract artifact JSON (<see cref="ExtractedDocument.ToJson"/>/<see cref="ExtractedDocument.FromJson(string)"/>), source-generated.</summary>
public class ExtractedDocumentJsonTests
{
    [Fact]
    public void Every_corpus_document_round_trips()
    {
        var documents = CorpusDocuments.Parsed;
        Assert.True(documents.Count >= 140, $"only {documents.Count} documents");
        foreach (var parsed in documents)
        {
            var json = parsed.Extracted.ToJson();
            var back = ExtractedDocument.FromJson(json);
            Assert.True(json == back.ToJson(), $"{parsed.Name}: read document differs");
            Assert.Equal(Encoding.UTF8.GetBytes(json), parsed.Extracted.ToUtf8Json());
            Assert.Equal(json, ExtractedDocument.FromJson(Encoding.UTF8.GetBytes(json)).ToJson());
            Assert.Equal(parsed.Extracted.Blocks.OfType<TableBlock>().SelectMany(t => t.Cells), back.Blocks.OfType<TableBlock>().SelectMany(t => t.Cells));
            Assert.Equal(parsed.Extracted.Blocks.OfType<TextBlock>(), back.Blocks.OfType<TextBlock>());
            Assert.Equal(parsed.Extracted.DocumentTitle, back.DocumentTitle);
        }
    }

    [Fact]
    public void ToJson_writes_rows_and_columns_1_based_and_the_table_id_box_and_title_when_present()
    {
        var document = new ExtractedDocument("text/plain", "test@1",
        [
            new TextBlock("a \"quoted\" 中文 <b>&amp;</b>", new SourceLocation(1, 2)),
            new TableBlock([new TableCell(0, 1, "x", new SourceLocation(1, 3), 2) { Box = new SourceBox(1.5, 2, 3, 4.25) }], new SourceLocation(1, 3)) { Id = "t1" },
            new TableBlock([], new SourceLocation()),
        ])
        {
            DocumentTitle = "标题",
        };

        var json = document.ToJson();

        Assert.Equal(
            """{"mediaType":"text/plain","extractor":"test@1","blocks":[{"kind":"text","text":"a \"quoted\" 中文 <b>&amp;</b>","location":{"page":1,"line":2}},"""
            + """{"kind":"table","cells":[{"row":1,"column":2,"text":"x","location":{"page":1,"line":3},"rowSpan":2,"columnSpan":1,"box":{"left":1.5,"top":2,"right":3,"bottom":4.25}}],"id":"t1","rowCount":2,"columnCount":2,"location":{"page":1,"line":3}},"""
            + """{"kind":"table","cells":[],"rowCount":0,"columnCount":0,"location":{"page":null,"line":null}}],"documentTitle":"标题"}""",
            json);
        var back = ExtractedDocument.FromJson(json);
        var table = Assert.IsType<TableBlock>(back.Blocks[1]);
        Assert.Equal("t1", table.Id);
        Assert.Equal(new TableCell(0, 1, "x", new SourceLocation(1, 3), 2) { Box = new SourceBox(1.5, 2, 3, 4.25) }, table.Cells[0]);
        Assert.Equal("标题", back.DocumentTitle);
    }

    [Fact]
    public void WriteTo_writes_the_bytes_of_ToUtf8Json()
    {
        var document = CorpusDocuments.Parsed[0].Extracted;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        document.WriteTo(buffer);

        Assert.Equal(document.ToUtf8Json(), buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void FromJson_reads_names_in_any_case_numbers_as_strings_the_kind_anywhere_default_spans_and_skips_unknown_members()
    {
        const string json = """
            {"MEDIATYPE":"text/html","Extractor":"html@1","extra":{"a":[1,2,{"b":null}]},"Blocks":[
              {"Text":"标题 \u0041","Location":{"Page":"2","LINE":7},"kind":"text"},
              {"kind":"table","location":{"page":null,"line":3},"rowCount":9,"cells":[
                {"Row":"2","COLUMN":3,"text":"12","location":null,"rowSpan":2},
                {"row":1,"column":1,"text":"a","location":{"page":1,"line":null},"columnSpan":3,"unknown":true}
              ]},
              null
            ]}
            """;

        var actual = ExtractedDocument.FromJson(json);

        Assert.Equal("text/html", actual.MediaType);
        Assert.Equal(new TextBlock("标题 A", new SourceLocation(2, 7)), actual.Blocks[0]);
        var table = Assert.IsType<TableBlock>(actual.Blocks[1]);
        Assert.Equal(new SourceLocation(null, 3), table.Location);
        Assert.Equal(new TableCell(1, 2, "12", null!, 2, 1), table.Cells[0]);
        Assert.Equal(new TableCell(0, 0, "a", new SourceLocation(1, null), 1, 3), table.Cells[1]);
        Assert.Null(table.Id);
        Assert.Null(actual.Blocks[2]);
        Assert.Null(actual.DocumentTitle);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("""{"blocks":[{"kind":"picture","location":null}]}""")]
    [InlineData("""{"blocks":[{"kind":"table","cells":[{"row":"x"}]}]}""")]
    [InlineData("""{"blocks":[{"kind":"table","cells":[{"row":0,"column":1,"text":"a"}]}]}""")]
    [InlineData("""{"blocks":[{"kind":"text","text":"a"}""")]
    public void FromJson_rejects_malformed_documents_with_JsonException(string json)
    {
        Assert.Throws<JsonException>(() => ExtractedDocument.FromJson(json));
        Assert.Throws<JsonException>(() => ExtractedDocument.FromJson(Encoding.UTF8.GetBytes(json)));
    }
}

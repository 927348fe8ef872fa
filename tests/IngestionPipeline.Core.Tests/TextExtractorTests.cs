using System.Text;
using IngestionPipeline.Core.Extraction;

namespace IngestionPipeline.Core.Tests;

public class TextExtractorTests
{
    [Fact]
    public void Extract_tab_lines_become_one_table_with_empty_cells_kept()
    {
        var text = "标题\n\na\t1\t\t3\n\nb\t4\t5\t6\n正文\n";

        var outcome = new TextExtractor().Extract(new RawFile(Encoding.UTF8.GetBytes(text), "t.txt"), TestContext.Current.CancellationToken);

        Assert.True(outcome.IsSuccess);
        var blocks = outcome.Value.Blocks;
        Assert.Equal(3, blocks.Count);
        var title = Assert.IsType<TextBlock>(blocks[0]);
        Assert.Equal(1, title.Location.Line);
        var table = Assert.IsType<TableBlock>(blocks[1]);
        Assert.Equal(2, table.RowCount);
        Assert.Equal(4, table.ColumnCount);
        var empty = Assert.Single(table.Cells, c => c.Row == 0 && c.Column == 2);
        Assert.Equal(string.Empty, empty.Text);
        Assert.Equal(5, table.Cells.Single(c => c.Row == 1 && c.Column == 0).Location.Line);
        Assert.Equal(6, Assert.IsType<TextBlock>(blocks[2]).Location.Line);
        Assert.Equal("text@1", outcome.Value.Extractor);
        Assert.Equal("text/plain", outcome.Value.MediaType);
    }

    [Fact]
    public void Extract_markdown_pipe_rows_become_table_cells()
    {
        var blocks = TextExtractor.Split("| 规章 | 0 | 1 | 2 |\n", TestContext.Current.CancellationToken);

        var table = Assert.IsType<TableBlock>(Assert.Single(blocks));
        Assert.Equal(["规章", "0", "1", "2"], table.Cells.Select(c => c.Text));
    }

    [Fact]
    public void Extract_document_round_trips_through_json()
    {
        var bytes = File.ReadAllBytes(TestFiles.SamplePath(TestFiles.SampleNames[0]));
        var document = new TextExtractor().Extract(new RawFile(bytes, "s.txt"), TestContext.Current.CancellationToken).Value!;

        var back = ExtractedDocument.FromJson(document.ToJson());

        Assert.Equal(document.Blocks.Count, back.Blocks.Count);
    }
}

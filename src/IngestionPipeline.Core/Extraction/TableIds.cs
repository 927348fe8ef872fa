using System.Globalization;

namespace IngestionPipeline.Core.Extraction;

/// <summary>
/// Gives every <see cref="TableBlock"/> of a document its id: <c>t1</c>, <c>t2</c>, … in document order, whatever
/// the format. Run once on every extractor's output (<see cref="Parsing.ReportParser.Extract"/>), so a cell's
/// <c>source.table</c> names the same table in the extract artifact and in the canonical report.
/// </summary>
public static class TableIds
{
    /// <summary>The id of the table at 1-based position <paramref name="number"/> among the document's tables.</summary>
    public static string Of(int number) => "t" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>The document with its tables numbered in document order; the same instance when they already are.</summary>
    public static ExtractedDocument Assign(ExtractedDocument document)
    {
        var number = 0;
        List<DocumentBlock>? blocks = null;
        for (var i = 0; i < document.Blocks.Count; i++)
        {
            if (document.Blocks[i] is not TableBlock table)
            {
                continue;
            }

            var id = Of(++number);
            if (table.Id == id)
            {
                continue;
            }

            blocks ??= [.. document.Blocks];
            blocks[i] = table with { Id = id };
        }

        return blocks is null ? document : document with { Blocks = blocks };
    }
}

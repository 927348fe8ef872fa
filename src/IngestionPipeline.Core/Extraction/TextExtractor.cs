using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction;

/// <summary>
/// Plain-text / Markdown reports (UTF-8, UTF-16, GB18030). Runs of tab-separated (or <c>|</c>-delimited
/// Markdown) lines become <see cref="TableBlock"/>s, one table row per physical line; every other
/// non-blank line is a <see cref="TextBlock"/>. Nothing is cleaned here: cell text is kept as printed
/// (including empty cells, because a blank cell is not a zero) and the normalizer decides what it means.
/// </summary>
public sealed class TextExtractor : IExtractor
{
    public string Name => "text@1";

    public string MediaType => FormatDetector.Text;

    public Outcome<ExtractedDocument> Extract(RawFile file, CancellationToken cancellationToken = default)
    {
        if (file.Content.IsEmpty)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.EmptyFile, "The file is empty (0 bytes).");
        }

        if (!TextDecoder.LooksLikeText(file.Content.Span) || TextDecoder.Decode(file.Content.Span) is not { } decoded)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.UndecodableText, "The bytes are not text in UTF-8, UTF-16 or GB18030.");
        }

        var text = decoded.Text.TrimStart('\uFEFF');
        if (LooksGarbled(text))
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.UndecodableText, $"The text decoded as {decoded.Encoding} is mostly replacement or control characters.");
        }

        return Outcome<ExtractedDocument>.Success(new ExtractedDocument(MediaType, Name, Split(text, cancellationToken)));
    }

    /// <summary>Splits decoded text into blocks; exposed for tests and for extractors that produce plain text first (PDF text layer).</summary>
    public static IReadOnlyList<DocumentBlock> Split(string text, CancellationToken cancellationToken = default)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var hasPages = text.Contains('\f', StringComparison.Ordinal);
        var blocks = new List<DocumentBlock>();
        var page = 1;
        List<TableCell>? table = null;
        SourceLocation? tableStart = null;
        var tableRow = 0;

        void FlushTable()
        {
            if (table is { Count: > 0 })
            {
                blocks.Add(new TableBlock(table, tableStart!));
            }

            table = null;
            tableRow = 0;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = lines[i];
            if (line.Contains('\f', StringComparison.Ordinal))
            {
                page += line.Count(c => c == '\f');
                line = line.Replace("\f", string.Empty, StringComparison.Ordinal);
            }

            var location = new SourceLocation(hasPages ? page : null, i + 1);
            if (string.IsNullOrWhiteSpace(line))
            {
                // A blank line inside a run of table rows does not end the table (DOCX→text puts
                // one blank line between rows, seed 001); a following text line does.
                continue;
            }

            var cells = SplitCells(line);
            if (cells is null)
            {
                FlushTable();
                blocks.Add(new TextBlock(line.TrimEnd(), location));
                continue;
            }

            if (table is null)
            {
                table = [];
                tableStart = location;
            }

            for (var c = 0; c < cells.Length; c++)
            {
                table.Add(new TableCell(tableRow, c, cells[c], location));
            }

            tableRow++;
        }

        FlushTable();
        return blocks;
    }

    /// <summary>The cells of a table line, or null when the line is running text.</summary>
    private static string[]? SplitCells(string line)
    {
        var trimmed = line.TrimEnd('\r', ' ');
        if (trimmed.Contains('\t', StringComparison.Ordinal))
        {
            return trimmed.Split('\t');
        }

        // Markdown pipe tables: | a | b |. Require two pipes so prose with one '|' stays text.
        var t = trimmed.Trim();
        if (t.Length > 2 && t[0] == '|' && t.Count(ch => ch == '|') >= 3)
        {
            var inner = t.Trim('|');
            return Array.ConvertAll(inner.Split('|'), s => s.Trim());
        }

        return null;
    }

    private static bool LooksGarbled(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        var bad = 0;
        foreach (var c in text)
        {
            if (c == '\uFFFD' || (char.IsControl(c) && c is not '\n' and not '\r' and not '\t' and not '\f'))
            {
                bad++;
            }
        }

        return bad > text.Length / 20;
    }
}

using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction;

/// <summary>
/// Plain-text / Markdown reports (UTF-8, UTF-16, GB18030). Runs of tab-separated (or <c>|</c>-delimited
/// Markdown) lines become <see cref="TableBlock"/>s, one table row per physical line; every other
/// non-blank line is a <see cref="TextBlock"/>. Nothing is cleaned here: cell text is kept as printed
/// (including empty cells, because a blank cell is not a zero) and the normalizer decides what it means.
/// <para>
/// Markdown written by PDF-to-Markdown converters (MinerU, Marker, pandoc) embeds tables they could not
/// express as pipes as HTML <c>&lt;table&gt;</c> blocks with colspan/rowspan: those are read as the HTML
/// extractor reads tables (the same occupancy grid), located at their lines in the text. Inline tags inside
/// pipe cells (<c>&lt;br&gt;</c>) are dropped.
/// </para>
/// </summary>
public sealed partial class TextExtractor : IExtractor
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
        var htmlTables = EmbeddedHtmlTables(lines);

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
            if (htmlTables.TryGetValue(i, out var htmlEnd) && ReadHtmlTable(lines, i, htmlEnd, cancellationToken) is { } embedded)
            {
                FlushTable();
                foreach (var block in embedded)
                {
                    blocks.Add(Relocate(block, i, hasPages ? page : null));
                }

                i = htmlEnd;
                continue;
            }

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

    private const int MaxEmbeddedTableLines = 5000;

    /// <summary>How many unclosed tables the scan steps over before it stops looking for more (keeps hostile files linear).</summary>
    private const int MaxUnclosedTables = 16;

    /// <summary>
    /// The HTML <c>&lt;table&gt;</c> blocks of a text file: for each line that opens an outermost table (at the start of
    /// the line, or after a pipe), the line that closes it, within <see cref="MaxEmbeddedTableLines"/>. A pass over the
    /// lines, repeated after an unclosed table at most <see cref="MaxUnclosedTables"/> times, so hostile files stay linear.
    /// </summary>
    private static Dictionary<int, int> EmbeddedHtmlTables(string[] lines)
    {
        var blocks = new Dictionary<int, int>();
        var from = 0;
        for (var restarts = 0; from < lines.Length && restarts <= MaxUnclosedTables; restarts++)
        {
            // A table left open swallows nothing: scan again from the line after it (a bounded number of times).
            var unclosed = Scan(from);
            if (unclosed < 0)
            {
                break;
            }

            from = unclosed + 1;
        }

        return blocks;

        int Scan(int first)
        {
            var depth = 0;
            var start = -1;
            for (var k = first; k < lines.Length; k++)
            {
                var opens = Occurrences(lines[k], "<table");
                if (opens == 0 && depth == 0)
                {
                    continue;
                }

                if (depth == 0)
                {
                    var open = lines[k].IndexOf("<table", StringComparison.OrdinalIgnoreCase);
                    if (!string.IsNullOrWhiteSpace(lines[k][..open].Trim('|', ' ', '\t')))
                    {
                        continue; // a tag inside running text is not a table block
                    }

                    start = k;
                }

                depth += opens - Occurrences(lines[k], "</table");
                if (depth <= 0)
                {
                    blocks[start] = k;
                    depth = 0;
                }
                else if (k - start >= MaxEmbeddedTableLines)
                {
                    return start; // not closed within the bound
                }
            }

            return depth > 0 ? start : -1;
        }

        static int Occurrences(string text, string tag)
        {
            var count = 0;
            for (var at = text.IndexOf(tag, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(tag, at + tag.Length, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }

            return count;
        }
    }

    /// <summary>Lines <paramref name="start"/>..<paramref name="end"/> (one HTML table) read by the HTML extractor; null when it rejects them.</summary>
    private static IReadOnlyList<DocumentBlock>? ReadHtmlTable(string[] lines, int start, int end, CancellationToken cancellationToken)
    {
        // One line per source line, so the HTML extractor's line numbers are offsets into this block.
        var html = "<html><body>" + string.Join('\n', lines, start, end - start + 1) + "</body></html>";
        var extracted = new Html.HtmlExtractor().Extract(new RawFile(System.Text.Encoding.UTF8.GetBytes(html), "embedded.html"), cancellationToken);
        return extracted.IsSuccess ? extracted.Value.Blocks : null;
    }

    /// <summary>A block of an embedded HTML table moved to its place in the text file (line offset, page).</summary>
    private static DocumentBlock Relocate(DocumentBlock block, int firstLineIndex, int? page)
    {
        SourceLocation Move(SourceLocation l) => new(page, (l.Line ?? 1) + firstLineIndex);
        return block switch
        {
            TableBlock t => new TableBlock([.. t.Cells.Select(c => c with { Location = Move(c.Location) })], Move(t.Location)),
            TextBlock t => new TextBlock(t.Text, Move(t.Location)),
            _ => block,
        };
    }

    /// <summary>The cells of a table line, or null when the line is running text.</summary>
    private static string[]? SplitCells(string line)
    {
        var trimmed = line.TrimEnd('\r', ' ');
        if (trimmed.Contains('\t', StringComparison.Ordinal))
        {
            return trimmed.Split('\t');
        }

        // Markdown pipe tables: | a | b |. Require three pipes, or a one-cell row '| 0 |' (a row continued after a
        // page break), so prose with one '|' stays text.
        var t = trimmed.Trim();
        if (t.Length > 2 && t[0] == '|' && (t.Count(ch => ch == '|') >= 3 || t[^1] == '|'))
        {
            var inner = t.Trim('|');
            return Array.ConvertAll(inner.Split('|'), s => InlineTags(s).Trim());
        }

        return null;
    }

    /// <summary>Inline HTML a converter leaves inside a pipe cell (<c>&lt;br&gt;</c>, <c>&lt;sup&gt;</c>, <c>&lt;span …&gt;</c>) removed.</summary>
    private static string InlineTags(string cell) =>
        cell.Contains('<', StringComparison.Ordinal) ? InlineTagPattern().Replace(cell, string.Empty) : cell;

    [System.Text.RegularExpressions.GeneratedRegex(@"</?(?:br|sup|sub|span|b|i|em|strong|p|div|font)\b[^>]{0,200}>", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex InlineTagPattern();

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

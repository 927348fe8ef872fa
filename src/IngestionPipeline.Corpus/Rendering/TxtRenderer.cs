using System.Text;

namespace IngestionPipeline.Corpus.Rendering;

/// <summary>Text layouts seen in real reports (samples 001, 003, 004 and PDF→Markdown output).</summary>
public enum TxtLayout
{
    /// <summary>One line per table row, tab-separated, spanned positions as empty cells (sample 004).</summary>
    Tabs,
    /// <summary>One line per table row, one tab-separated entry per Word cell: spans not expanded, merged-down cells empty (sample 003).</summary>
    TabsCompact,
    /// <summary>DOCX→text: each cell on its own tab-indented line, blank line between rows, header labels wrapped (sample 001).</summary>
    OneCellPerLine,
    /// <summary>Markdown pipe tables with a <c>|---|</c> separator after the first row.</summary>
    Markdown,
    /// <summary>Like <see cref="TabsCompact"/>, but long table 三 labels wrap: the head on its own line, the tail with the values (PDF→text).</summary>
    WrappedLabels,
}

/// <summary>Renders a spec as a plain-text report.</summary>
public static class TxtRenderer
{
    /// <summary>Whether a blank cell survives the layout (one cell per line drops whitespace-only lines).</summary>
    public static bool SupportsBlankCells(TxtLayout layout) => layout is TxtLayout.Tabs or TxtLayout.Markdown;

    public static string LayoutTag(TxtLayout layout) => layout switch
    {
        TxtLayout.Tabs => "tabs",
        TxtLayout.TabsCompact => "tabscompact",
        TxtLayout.OneCellPerLine => "onecell",
        TxtLayout.Markdown => "markdown",
        TxtLayout.WrappedLabels => "wrapped",
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, null),
    };

    public static byte[] Render(ReportSpec spec, TxtLayout layout, Encoding? encoding = null, bool crlf = false)
    {
        var text = RenderText(spec, layout);
        if (crlf)
        {
            text = text.Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        return (encoding ?? new UTF8Encoding(false)).GetBytes(text);
    }

    public static string RenderText(ReportSpec spec, TxtLayout layout)
    {
        var sb = new StringBuilder();
        var blankBetweenParagraphs = layout != TxtLayout.OneCellPerLine;
        sb.Append('\n');
        foreach (var block in ReportOutline.Of(spec))
        {
            switch (block)
            {
                case TitleBlock t:
                    sb.Append(t.Text).Append("\n\n");
                    break;
                case HeadingBlock h:
                    sb.Append(h.Text).Append('\n');
                    if (blankBetweenParagraphs)
                    {
                        sb.Append('\n');
                    }

                    break;
                case ParagraphBlock p:
                    sb.Append(p.Text).Append('\n');
                    if (blankBetweenParagraphs)
                    {
                        sb.Append('\n');
                    }

                    break;
                case NoteBlock n:
                    sb.Append(n.Text).Append("\n\n");
                    break;
                case TableOutlineBlock table:
                    AppendTable(sb, table.Table, layout, spec);
                    sb.Append('\n');
                    break;
                default:
                    throw new InvalidOperationException(block.GetType().Name);
            }
        }

        return sb.ToString();
    }

    private static void AppendTable(StringBuilder output, GridTable table, TxtLayout layout, ReportSpec spec)
    {
        var chunks = new List<string>();
        var sb = new StringBuilder();
        void EndRow()
        {
            chunks.Add(sb.ToString());
            sb.Clear();
        }

        var vertical = spec.Variants.VerticalGroupLabel && table.Key == "t3";
        var origins = new Dictionary<GridCell, int>(ReferenceEqualityComparer.Instance);
        string Text(PlacedCell cell, int row)
        {
            if (!vertical || cell.Cell.Text != "三、本年度办理结果")
            {
                return CellText(cell);
            }

            // Vertical text: one character per table row (PDF→text of a rotated merged cell).
            if (!origins.TryGetValue(cell.Cell, out var origin))
            {
                origins[cell.Cell] = origin = row;
            }

            var k = row - origin;
            return k < cell.Cell.Text.Length ? cell.Cell.Text[k].ToString() : string.Empty;
        }

        switch (layout)
        {
            case TxtLayout.Tabs:
                foreach (var row in table.Dense())
                {
                    sb.Append(string.Join('\t', row)).Append('\n');
                    EndRow();
                }

                break;
            case TxtLayout.TabsCompact:
                var compact = table.Placed();
                for (var r = 0; r < compact.Count; r++)
                {
                    sb.Append(string.Join('\t', compact[r].Select(c => Text(c, r)))).Append('\n');
                    EndRow();
                }

                break;
            case TxtLayout.WrappedLabels:
                var placedRows = table.Placed();
                for (var r = 0; r < placedRows.Count; r++)
                {
                    var row = placedRows[r];
                    var texts = row.Select(c => Text(c, r)).ToList();
                    var labelIndex = -1;
                    for (var i = 0; i < texts.Count; i++)
                    {
                        if (texts[i].Length > 0 && !row[i].Cell.IsValue)
                        {
                            labelIndex = i;
                        }
                    }

                    if (table.Key == "t3" && labelIndex >= 0 && texts[labelIndex].Length >= 14 && row.Any(p => p.Cell.IsValue))
                    {
                        var label = texts[labelIndex];
                        var cut = label.Length / 2;
                        var head = texts.Take(labelIndex).Append(label[..cut]);
                        sb.Append(string.Join('\t', head)).Append('\n');
                        var tail = Enumerable.Repeat(string.Empty, labelIndex).Append(label[cut..]).Concat(texts.Skip(labelIndex + 1));
                        sb.Append(string.Join('\t', tail)).Append('\n');
                    }
                    else
                    {
                        sb.Append(string.Join('\t', texts)).Append('\n');
                    }

                    EndRow();
                }

                break;
            case TxtLayout.OneCellPerLine:
                foreach (var row in table.Placed())
                {
                    foreach (var cell in row)
                    {
                        var text = CellText(cell);
                        if (!cell.Cell.IsValue && text.Length is >= 6 and <= 8 && table.Key == "t2" && text.EndsWith("数量", StringComparison.Ordinal))
                        {
                            text = text[..3] + "\n" + text[3..]; // 本年新\n制作数量 (sample 001)
                        }

                        sb.Append('\t').Append(text).Append('\n');
                    }

                    sb.Append('\n');
                    EndRow();
                }

                break;
            case TxtLayout.Markdown:
                var dense = table.Dense();
                for (var r = 0; r < dense.Count; r++)
                {
                    sb.Append("| ").Append(string.Join(" | ", dense[r])).Append(" |\n");
                    if (r == 0)
                    {
                        sb.Append('|').Append(string.Concat(Enumerable.Repeat("---|", table.ColumnCount))).Append('\n');
                    }

                    EndRow();
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout, null);
        }

        // A page break inside table 三: page-number line, then the three header rows printed again.
        var breakAt = table.Key == "t3" && spec.Variants.PageBreakInTable ? 3 + 9 + (spec.Seed & 7) : -1;
        for (var i = 0; i < chunks.Count; i++)
        {
            if (i == breakAt && chunks.Count > breakAt + 2)
            {
                var page = 2 + (spec.Seed & 3);
                output.Append('\n').Append((spec.Seed & 8) == 0 ? $"- {page} -" : $"第 {page} 页").Append("\n\n");
                foreach (var header in chunks.Take(3))
                {
                    output.Append(header);
                }
            }

            output.Append(chunks[i]);
        }
    }

    private static string CellText(PlacedCell cell) => cell.Continuation ? string.Empty : cell.Cell.Text;
}

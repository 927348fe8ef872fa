namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// The order of table 三's seven value columns as printed. Headers are matched by keyword; the printed
/// order replaces the template order only when all seven leaf headers were found at distinct column
/// positions (a grid we can trust). Flattened multi-row headers (seed 000 puts 法人或其他组织 before
/// 自然人; one-cell-per-line headers all sit in one column) give no reliable order, so the template
/// order stands, as the spec prescribes when headers are unusable.
/// </summary>
internal static class ApplicantColumnOrder
{
    private static readonly (int Index, Func<string, bool> Matches)[] Leaves =
    [
        (0, s => s.Contains("自然人", StringComparison.Ordinal)),
        (1, s => s.Contains("商业企业", StringComparison.Ordinal)),
        (2, s => s.Contains("科研机构", StringComparison.Ordinal)),
        (3, s => s.Contains("公益组织", StringComparison.Ordinal) || s == "社会公益" || s == "社会组织"),
        (4, s => s.Contains("法律服务", StringComparison.Ordinal)),
        (5, s => s is "其他" or "其他组织"),
        (6, s => s is "总计" or "合计"),
    ];

    /// <summary>Template index of the value at each printed position (identity when the header is unusable).</summary>
    public static int[] Resolve(IReadOnlyList<SourceLine> headerLines)
    {
        var identity = Enumerable.Range(0, Leaves.Length).ToArray();
        var found = new Dictionary<int, int>();
        foreach (var line in headerLines.Where(l => l.IsTable))
        {
            foreach (var cell in line.Cells)
            {
                var text = LabelText.Normalize(cell.Text);
                foreach (var (index, matches) in Leaves)
                {
                    if (!found.ContainsKey(index) && text.Length > 0 && matches(text))
                    {
                        found[index] = cell.Column;
                    }
                }
            }
        }

        if (found.Count != Leaves.Length || found.Values.Distinct().Count() != Leaves.Length)
        {
            return identity;
        }

        return found.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToArray();
    }

    /// <summary>
    /// The grid columns of the seven value columns (template order) and of an optional printed
    /// 法人或其他组织小计 column, when the header is a real grid; null otherwise (compact or flattened headers).
    /// The header is the table lines before the first data row. Where the source gave spans (an HTML/DOCX/ruled
    /// PDF table with merged cells) the columns come from them (<see cref="FromSpans"/>); for tables without
    /// spans (tab and pipe text) they are inferred from where the leaf headers stand (<see cref="FromPositions"/>).
    /// </summary>
    public static ApplicantGrid? ResolveGrid(IReadOnlyList<SourceLine> region)
    {
        var header = new List<SourceLine>();
        foreach (var line in region)
        {
            if (!line.IsTable)
            {
                continue;
            }

            if (line.Cells.Any(c => IsDataLabel(LabelText.Normalize(c.Text))))
            {
                break; // the first data row: the header is over
            }

            header.Add(line);
        }

        return header.Count > 0 && header.All(l => l.Structured) ? FromSpans(header) : FromPositions(header);
    }

    private static bool IsDataLabel(string text) =>
        text.Contains("新收", StringComparison.Ordinal) || text.Contains("上年结转", StringComparison.Ordinal);

    /// <summary>
    /// The columns from a header whose spans the source gave: a leaf header is a cell with no printed header cell
    /// below it in the columns it spans (自然人 spanning two header rows, 商业企业 under the five-column
    /// 法人或其他组织), and only leaves name value columns, each at the first grid column it spans. Parent cells
    /// (申请人情况, 法人或其他组织) are never taken for a leaf, whatever they print, and the leaves may stand in any
    /// order: the spans place them. Each leaf keeps its width, so a value cell is found under it even where the body
    /// rows divide the grid differently (Word tables). Null when a leaf is not found, or found twice at different columns.
    /// </summary>
    private static ApplicantGrid? FromSpans(IReadOnlyList<SourceLine> header)
    {
        var found = new Dictionary<int, (int Column, int Width)>();
        (int Column, int Width)? subtotal = null;
        foreach (var line in header)
        {
            foreach (var cell in line.Cells)
            {
                var text = LabelText.Normalize(cell.Text);
                if (text.Length == 0 || HasPrintedCellBelow(header, line, cell))
                {
                    continue;
                }

                if (text.Contains("小计", StringComparison.Ordinal))
                {
                    if (subtotal is { } other && other.Column != cell.Column)
                    {
                        return null;
                    }

                    subtotal = (cell.Column, cell.ColumnSpan);
                    continue;
                }

                foreach (var (index, matches) in Leaves)
                {
                    if (!matches(text))
                    {
                        continue;
                    }

                    if (found.TryGetValue(index, out var leaf) && leaf.Column != cell.Column)
                    {
                        return null;
                    }

                    found[index] = (cell.Column, cell.ColumnSpan);
                }
            }
        }

        if (found.Count != Leaves.Length || found.Values.Select(f => f.Column).Distinct().Count() != Leaves.Length)
        {
            return null;
        }

        var columns = Enumerable.Range(0, Leaves.Length).Select(i => found[i].Column).ToArray();
        var widths = Enumerable.Range(0, Leaves.Length).Select(i => found[i].Width).ToArray();
        if (subtotal is { } st && (columns.Contains(st.Column) || st.Column < columns.Min() || st.Column > columns.Max()))
        {
            subtotal = null;
        }

        return new ApplicantGrid(columns, subtotal?.Column) { Widths = widths, SubtotalWidth = subtotal?.Width ?? 1 };
    }

    /// <summary>True when a later header row of the same table prints a cell in a column <paramref name="cell"/> spans.</summary>
    private static bool HasPrintedCellBelow(IReadOnlyList<SourceLine> header, SourceLine line, LineCell cell)
    {
        foreach (var other in header)
        {
            if (other.TableId != line.TableId || other.TableRow <= line.TableRow)
            {
                continue;
            }

            foreach (var below in other.Cells)
            {
                if (below.Column < cell.Column + cell.ColumnSpan && cell.Column < below.Column + below.ColumnSpan
                    && !string.IsNullOrWhiteSpace(below.Text))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The columns inferred from a header without spans: every leaf header found, the first match of each, at
    /// strictly increasing columns in template order (a dense grid such as tab text with spans expanded).
    /// </summary>
    private static ApplicantGrid? FromPositions(IReadOnlyList<SourceLine> header)
    {
        var found = new Dictionary<int, int>();
        int? subtotal = null;
        foreach (var line in header)
        {
            foreach (var cell in line.Cells)
            {
                var text = LabelText.Normalize(cell.Text);
                if (text.Length == 0)
                {
                    continue;
                }

                if (text.Contains("小计", StringComparison.Ordinal))
                {
                    subtotal ??= cell.Column;
                    continue;
                }

                foreach (var (index, matches) in Leaves)
                {
                    if (!found.ContainsKey(index) && matches(text))
                    {
                        found[index] = cell.Column;
                    }
                }
            }
        }

        if (found.Count != Leaves.Length)
        {
            return null;
        }

        var columns = Enumerable.Range(0, Leaves.Length).Select(i => found[i]).ToArray();
        for (var i = 1; i < columns.Length; i++)
        {
            if (columns[i] <= columns[i - 1])
            {
                return null;
            }
        }

        if (subtotal is { } st && (columns.Contains(st) || st < columns[0] || st > columns[^1]))
        {
            subtotal = null;
        }

        return new ApplicantGrid(columns, subtotal);
    }

    /// <summary>True when a table-三 header prints a 法人或其他组织小计 column (8 values per row).</summary>
    public static bool HasSubtotalColumn(IReadOnlyList<SourceLine> region)
    {
        foreach (var line in region)
        {
            var text = LabelText.Normalize(line.Text);
            if (text.Contains("新收", StringComparison.Ordinal))
            {
                return false;
            }

            if (text.Contains("小计", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Grid columns of table 三's seven value columns (template order) and of a printed subtotal column.</summary>
internal sealed record ApplicantGrid(IReadOnlyList<int> Columns, int? SubtotalColumn)
{
    /// <summary>
    /// How many grid columns each value column's header spans, when the source gave spans (null when the columns
    /// were inferred from positions, where every value column is one grid column wide).
    /// </summary>
    public IReadOnlyList<int>? Widths { get; init; }

    /// <summary>How many grid columns the printed subtotal's header spans.</summary>
    public int SubtotalWidth { get; init; } = 1;
}

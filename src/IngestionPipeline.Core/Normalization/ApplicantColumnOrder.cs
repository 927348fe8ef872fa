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
    /// 法人或其他组织小计 column, when the header is a real grid: every leaf header found in a table line
    /// before the first data row, at strictly increasing columns in template order (a dense grid such as
    /// HTML/DOCX tables or tab text with spans expanded). Null otherwise (compact or flattened headers).
    /// </summary>
    public static ApplicantGrid? ResolveGrid(IReadOnlyList<SourceLine> region)
    {
        var found = new Dictionary<int, int>();
        int? subtotal = null;
        foreach (var line in region)
        {
            if (!line.IsTable)
            {
                continue;
            }

            var texts = line.Cells.Select(c => (c.Column, Text: LabelText.Normalize(c.Text))).ToList();
            if (texts.Any(t => t.Text.Contains("新收", StringComparison.Ordinal) || t.Text.Contains("上年结转", StringComparison.Ordinal)))
            {
                break; // the first data row: the header is over
            }

            foreach (var (column, text) in texts)
            {
                if (text.Length == 0)
                {
                    continue;
                }

                if (text.Contains("小计", StringComparison.Ordinal))
                {
                    subtotal ??= column;
                    continue;
                }

                foreach (var (index, matches) in Leaves)
                {
                    if (!found.ContainsKey(index) && matches(text))
                    {
                        found[index] = column;
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
internal sealed record ApplicantGrid(IReadOnlyList<int> Columns, int? SubtotalColumn);

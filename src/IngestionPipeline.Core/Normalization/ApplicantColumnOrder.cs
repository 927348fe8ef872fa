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
}

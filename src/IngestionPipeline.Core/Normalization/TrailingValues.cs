namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// A text line inside a table region that prints a row label followed by its values separated by spaces
/// (<c>行政许可 97</c>, OCR's <c>本年新收政府信息公开申请数量 705 3 0 0 5 0 713</c>, a bare <c>1 0 0 0 0 0 1</c>):
/// split into a label cell and one cell per value, the way a table row would have carried them. Prose is
/// left alone: a line whose leading text reads as a sentence, or that ends in no value, stays one cell.
/// </summary>
internal static partial class TrailingValues
{
    [System.Text.RegularExpressions.GeneratedRegex(@"(增加|新增|增|减少|减)\s+(?=\d)")]
    private static partial System.Text.RegularExpressions.Regex ChangeWordPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"((?:增加|新增|增|减少|减)\d+)\s+((?:增加|新增|增|减少|减)\d+)")]
    private static partial System.Text.RegularExpressions.Regex ChangePairPattern();

    private const int MaxLabelLength = 60;

    public static IReadOnlyList<LineCell> Split(SourceLine line)
    {
        if (line.IsTable || line.Cells.Count != 1)
        {
            return line.Cells;
        }

        var text = line.Cells[0].Text.Trim();
        if (text.Contains('增', StringComparison.Ordinal) || text.Contains('减', StringComparison.Ordinal))
        {
            // A gb2019 本年增/减 value printed with spaces (增 5 减 110, 减少 2) is one value, not several.
            text = ChangeWordPattern().Replace(text, "$1");
            text = ChangePairPattern().Replace(text, "$1$2");
        }

        var tokens = text.Split([' ', '\t', '\u3000'], StringSplitOptions.RemoveEmptyEntries);
        var firstValue = tokens.Length;
        while (firstValue > 0 && ValueParser.IsValueLike(tokens[firstValue - 1]) && !IsListNumber(tokens[firstValue - 1], firstValue - 1))
        {
            firstValue--;
        }

        if (firstValue == tokens.Length)
        {
            return line.Cells;
        }

        var label = string.Join(' ', tokens[..firstValue]);
        if (label.Length > MaxLabelLength || label.Contains('。', StringComparison.Ordinal) || label.Contains('；', StringComparison.Ordinal)
            || (label.Length > 0 && char.IsDigit(label[^1])))
        {
            return line.Cells;
        }

        var cells = new List<LineCell>(tokens.Length - firstValue + 1);
        if (label.Length > 0)
        {
            cells.Add(new LineCell(0, label));
        }

        for (var k = firstValue; k < tokens.Length; k++)
        {
            cells.Add(new LineCell(cells.Count, tokens[k]));
        }

        return cells;
    }

    /// <summary>A leading <c>1.</c> / <c>2、</c> is a label's numbering, not a value.</summary>
    private static bool IsListNumber(string token, int index) => index == 0 && token.Length >= 2 && token[^1] is '.' or '、' or '．';
}

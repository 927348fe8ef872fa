namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// How to recognise one template row in the source. <paramref name="Strong"/> aliases identify the row
/// wherever they appear in a label; <paramref name="Weak"/> aliases (<c>总计</c>, <c>其他</c>) and prefixes of
/// <paramref name="FullLabel"/> (a label cut off by a line break or truncation: <c>7.属于行</c>) only count
/// when the printed numbering agrees (<c>(七)</c>; <c>3.</c> under <c>(六)</c>).
/// </summary>
/// <param name="Key">Path of the row relative to its table (<c>regulations</c>, <c>results.denied.stateSecret</c>).</param>
/// <param name="Columns">Value column keys, in printed order.</param>
/// <param name="Numbering">The row's own numbering kind in the template.</param>
/// <param name="Number">The row's own number (一 = 1, (三) = 3, 3. = 3).</param>
/// <param name="Group">For a numbered sub-row, the number of its parenthesised group (不予公开 = 3).</param>
/// <param name="MaxExtraChars">How much longer than an alias a label may be (short table 二 labels must not match prose).</param>
internal sealed record RowSpec(
    string Key,
    IReadOnlyList<string> Columns,
    NumberingKind Numbering,
    int Number,
    int? Group,
    IReadOnlyList<string> Strong,
    IReadOnlyList<string> Weak,
    string FullLabel,
    int MaxExtraChars = int.MaxValue)
{
    public int Expected => Columns.Count;

    /// <summary><see cref="FullLabel"/> through <see cref="LabelText.Normalize"/>, computed once per layout.</summary>
    public string NormalizedFullLabel { get; } = LabelText.Normalize(FullLabel);
}

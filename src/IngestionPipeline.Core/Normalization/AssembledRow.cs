namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// A template row located in the source with the values read for it. <see cref="Assembled"/> is true
/// when the values had to be gathered from lines other than the label line in an unusual way (merged by
/// column from wrapped lines, or detached from a label that shared its line with another row) — a
/// reading we believe but flag as extraction-suspect.
/// </summary>
internal sealed record AssembledRow(RowSpec Spec, RowStatus Status, IReadOnlyList<ValueToken> Values, IReadOnlyList<ValueToken> RawTokens, bool Assembled, int LabelLineNumber);

namespace IngestionPipeline.Core.Normalization;

/// <summary>What <see cref="LabeledTableParser"/> read from one table region.</summary>
internal sealed record LabeledTableResult(
    IReadOnlyList<AssembledRow> Rows,
    IReadOnlyList<ValueToken> Orphans,
    IReadOnlyList<SourceLine> HeaderLines);

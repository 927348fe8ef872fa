namespace IngestionPipeline.Core.Normalization;

/// <summary>A parenthesised group of table 三 (<c>（三）不予公开</c>): sets the context for its numbered sub-rows.</summary>
internal sealed record GroupSpec(int Number, IReadOnlyList<string> Aliases);

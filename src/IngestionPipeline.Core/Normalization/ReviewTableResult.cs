namespace IngestionPipeline.Core.Normalization;

/// <summary>Table 四 as read: the fifteen placed values (empty unless placed), how, and every value token seen.</summary>
internal sealed record ReviewTableResult(IReadOnlyList<ValueToken> Values, ReviewPlacement Placement, IReadOnlyList<ValueToken> Raw, int? DroppedIndex = null);

namespace IngestionPipeline.Core.Storage;

/// <summary>One cell that differs from the previous version (old members null on a first version).</summary>
public sealed record CellChange(
    string Path,
    string? OldSemantic,
    decimal? OldValue,
    string? OldRaw,
    string NewSemantic,
    decimal? NewValue,
    string? NewRaw);

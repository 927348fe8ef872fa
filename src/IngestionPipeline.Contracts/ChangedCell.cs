namespace IngestionPipeline.Contracts;

/// <summary>
/// One cell of a report that differs from the previous version, as carried by <see cref="ReportVersionCreated.Changes"/>:
/// its contract path and its old and new semantic, value and raw text (old members null when the cell is new).
/// </summary>
/// <param name="Path">The cell's dotted contract path, e.g. <c>applications.total.newReceived</c>.</param>
/// <param name="OldSemantic">The previous version's semantic (ZERO, NUMERIC, EMPTY, NA, TEXT, MISSING), or null when the cell is new.</param>
/// <param name="OldValue">The previous numeric value, or null.</param>
/// <param name="OldRaw">The previous raw text, or null.</param>
/// <param name="NewSemantic">The new version's semantic.</param>
/// <param name="NewValue">The new numeric value, or null (blank, "/", missing are never 0).</param>
/// <param name="NewRaw">The new raw text, or null.</param>
public sealed record ChangedCell(
    string Path,
    string? OldSemantic,
    decimal? OldValue,
    string? OldRaw,
    string NewSemantic,
    decimal? NewValue,
    string? NewRaw);

using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Components.Versioning;

/// <summary>Stored cell changes as the events carry them (<see cref="ReportVersionCreated.Changes"/>).</summary>
public static class ChangedCells
{
    /// <summary>The first <see cref="ReportVersionCreated.MaxChanges"/> changes as contract records, and whether some were left out.</summary>
    public static (IReadOnlyList<ChangedCell> Changes, bool Truncated) ForEvent(IReadOnlyList<CellChange>? changes) =>
        ReportVersionCreated.Bound([.. (changes ?? []).Take(ReportVersionCreated.MaxChanges + 1).Select(c =>
            new ChangedCell(c.Path, c.OldSemantic, c.OldValue, c.OldRaw, c.NewSemantic, c.NewValue, c.NewRaw))]);
}

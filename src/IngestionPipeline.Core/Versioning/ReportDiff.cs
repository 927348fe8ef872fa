using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Core.Versioning;

/// <summary>The cells that differ between two versions of a report (value, semantic, raw text, unit or inferred flag).</summary>
public static class ReportDiff
{
    public static IReadOnlyList<CellChange> ChangedCells(CanonicalReport? previous, CanonicalReport current)
    {
        if (previous is null)
        {
            return [];
        }

        var changes = new List<CellChange>();
        var paths = TemplateDefinition.For(current.Meta.TemplateVersion).CellPaths
            .Union(TemplateDefinition.For(previous.Meta.TemplateVersion).CellPaths);
        foreach (var path in paths)
        {
            var hasOld = previous.Cells.TryGetValue(path, out var old);
            var hasNew = current.Cells.TryGetValue(path, out var now);
            now ??= Cell.Missing;
            old ??= Cell.Missing;
            if (hasOld && hasNew && Same(old, now))
            {
                continue;
            }

            changes.Add(new CellChange(
                path,
                hasOld ? ReportJson.SemanticToWire(old.Semantic) : null,
                old.Value is { } ov ? ReportJson.Canonical(ov) : null,
                old.Raw,
                ReportJson.SemanticToWire(now.Semantic),
                now.Value is { } nv ? ReportJson.Canonical(nv) : null,
                now.Raw));
        }

        return changes;
    }

    private static bool Same(Cell a, Cell b) =>
        a.Semantic == b.Semantic
        && a.Value == b.Value
        && string.Equals(a.Raw, b.Raw, StringComparison.Ordinal)
        && string.Equals(a.Unit, b.Unit, StringComparison.Ordinal)
        && a.Inferred == b.Inferred;
}

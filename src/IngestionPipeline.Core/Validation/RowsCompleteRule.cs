using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>
/// T3-ROWS-COMPLETE (warning): every template row of table 三 was read; lists the rows with MISSING cells.
/// A cell the validator inferred was not read either, so it still counts as missing here.
/// </summary>
internal sealed class RowsCompleteRule(string id, IReadOnlyList<string> rows)
    : ValidationRule(id, FindingSeverity.Warning, "Every table 三 row was located and read", "三")
{
    public override IEnumerable<Finding> Evaluate(ValidationContext context)
    {
        var missingRows = new List<string>();
        var missingPaths = new List<string>();
        foreach (var row in rows)
        {
            var rowMissing = false;
            foreach (var p in TemplateDefinition.ApplicationPathsOfRow(row))
            {
                if (context[p] is { Semantic: CellSemantic.Missing } or { Inferred: true })
                {
                    rowMissing = true;
                    missingPaths.Add(p);
                }
            }

            if (rowMissing)
            {
                missingRows.Add(row);
            }
        }

        if (missingRows.Count > 0)
        {
            var inferred = missingPaths.Count(p => context[p].Inferred);
            var hints = missingRows.SelectMany(r => OriginDiagnostics.UnplacedRowSplitDigits(context, r).Select(h => $"row '{r}': {h}")).ToList();
            yield return new Finding(
                Id,
                Severity,
                FindingStatus.Fail,
                $"{missingRows.Count} of {rows.Count} table 三 rows were not read: {string.Join(", ", missingRows)}{(inferred > 0 ? $" ({inferred} of their cells inferred by arithmetic)" : string.Empty)}.{(hints.Count > 0 ? " Hint: " + string.Join("; ", hints) + "." : string.Empty)}",
                missingPaths,
                missingPaths.Any(context.SuspectPaths.Contains) ? FindingOrigin.ExtractionSuspect : null);
        }
    }
}

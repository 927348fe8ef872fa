using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>T3-ROWS-COMPLETE (warning): every template row of table 三 was read; lists the rows with MISSING cells.</summary>
internal sealed class RowsCompleteRule(string id, IReadOnlyList<string> rows)
    : ValidationRule(id, FindingSeverity.Warning, "Every table 三 row was located and read")
{
    public override IEnumerable<Finding> Evaluate(ValidationContext context)
    {
        var missingRows = new List<string>();
        var missingPaths = new List<string>();
        foreach (var row in rows)
        {
            var paths = TemplateDefinition.ApplicantColumns.Select(c => TemplateDefinition.ApplicationPath(c, row)).ToList();
            var missing = paths.Where(p => context[p].Semantic == CellSemantic.Missing).ToList();
            if (missing.Count > 0)
            {
                missingRows.Add(row);
                missingPaths.AddRange(missing);
            }
        }

        if (missingRows.Count > 0)
        {
            yield return new Finding(
                Id,
                Severity,
                FindingStatus.Fail,
                $"{missingRows.Count} of {rows.Count} table 三 rows were not read: {string.Join(", ", missingRows)}.",
                missingPaths,
                missingPaths.Any(context.SuspectPaths.Contains) ? FindingOrigin.ExtractionSuspect : null);
        }
    }
}

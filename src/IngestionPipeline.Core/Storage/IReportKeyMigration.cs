namespace IngestionPipeline.Core.Storage;

/// <summary>
/// Moves a report to another report key (<c>ingest migrate-keys</c>: keys made before hints stopped counting,
/// <see cref="Versioning.ReportIdentity"/>). Both stores implement it beside <see cref="IReportStore"/>.
/// </summary>
public interface IReportKeyMigration
{
    /// <summary>
    /// Renames <paramref name="from"/> (its head, every version and the ingestions that name it) to <paramref name="to"/>
    /// when no report has that key; never merges two histories.
    /// </summary>
    Task<KeyMigrationOutcome> RenameReportAsync(string from, string to, CancellationToken cancellationToken = default);
}

public enum KeyMigrationOutcome
{
    /// <summary>The report now has the new key.</summary>
    Renamed,

    /// <summary>No report has the old key (already migrated, or never there).</summary>
    NotFound,

    /// <summary>A report with the new key exists: the two histories are left apart for an operator to judge.</summary>
    TargetExists,
}

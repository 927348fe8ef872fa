using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Components.Reprocessing;

/// <summary>
/// Crawlers come back to the same pages again and again. A submission whose raw bytes are those behind a report's
/// current version, made by the current parser version, can only give that version's content again: the extract
/// stage ends it as unchanged before extracting (no extraction, no artifacts, one status write). A re-processing
/// submission (<see cref="ReportFileSubmitted.Reprocess"/>) always runs, and a store without
/// <see cref="IReprocessStore"/> never short-circuits.
/// </summary>
public static class RecrawlShortCircuit
{
    /// <summary>The current version <paramref name="submitted"/> would only repeat, or null when it must be extracted.</summary>
    public static async Task<ReprocessCandidate?> FindRepeatedVersionAsync(
        IReportStore store, string currentParserVersion, ReportFileSubmitted submitted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        if (submitted.Reprocess || store is not IReprocessStore versions)
        {
            return null;
        }

        var current = await versions.FindCurrentVersionBySourceAsync(submitted.RawSha256, cancellationToken);
        return current is not null && string.Equals(current.ParserVersion, currentParserVersion, StringComparison.Ordinal) ? current : null;
    }
}

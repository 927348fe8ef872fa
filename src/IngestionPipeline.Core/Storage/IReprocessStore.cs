using IngestionPipeline.Contracts;

namespace IngestionPipeline.Core.Storage;

/// <summary>
/// The queries of re-processing (<c>ingest reprocess</c>) and of the re-crawl short-circuit, on the current version of
/// each report. Both stores implement it beside <see cref="IReportStore"/>.
/// </summary>
public interface IReprocessStore
{
    /// <summary>
    /// The current version of a report whose current version was made from the raw file <paramref name="sha256"/>,
    /// or null (the raw file is new, or only behind older versions).
    /// </summary>
    Task<ReprocessCandidate?> FindCurrentVersionBySourceAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that <paramref name="parserVersion"/> read the raw file <paramref name="sourceSha256"/> behind version
    /// <paramref name="version"/> of <paramref name="reportKey"/> and got its content again, so the version is no longer
    /// stale (<see cref="ReprocessCandidate.ParserVersion"/>). A no-op when that version is not made from that raw file.
    /// </summary>
    Task ConfirmParserVersionAsync(string reportKey, int version, string sourceSha256, string parserVersion, CancellationToken cancellationToken = default);

    /// <summary>The current versions matching <paramref name="selection"/>, ordered by report key, without their documents.</summary>
    Task<IReadOnlyList<ReprocessCandidate>> ListReprocessCandidatesAsync(ReprocessSelection selection, CancellationToken cancellationToken = default);
}

/// <summary>
/// Which reports to re-process; the filters combine (all must hold). A selection with no filter at all selects every report.
/// </summary>
/// <param name="ReportKeys">Only these reports (null: any).</param>
/// <param name="MediaType">Only reports whose current version came from a raw file of this detected media type (e.g. <c>application/pdf</c>).</param>
/// <param name="CreatedFrom">Only current versions created at or after this instant.</param>
/// <param name="CreatedBefore">Only current versions created before this instant.</param>
/// <param name="StaleAgainst">Only current versions made by a parser version other than this one (versions with no recorded parser version are stale).</param>
public sealed record ReprocessSelection(
    IReadOnlyList<string>? ReportKeys = null,
    string? MediaType = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedBefore = null,
    string? StaleAgainst = null)
{
    /// <summary>Whether <paramref name="candidate"/> passes every filter (the stores' queries, and their tests, agree with it).</summary>
    public bool Matches(ReprocessCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return (ReportKeys is null || ReportKeys.Contains(candidate.ReportKey, StringComparer.Ordinal))
            && (MediaType is null || string.Equals(MediaType, candidate.MediaType, StringComparison.OrdinalIgnoreCase))
            && (CreatedFrom is null || candidate.CreatedAt >= CreatedFrom)
            && (CreatedBefore is null || candidate.CreatedAt < CreatedBefore)
            && (StaleAgainst is null || !string.Equals(StaleAgainst, candidate.ParserVersion, StringComparison.Ordinal));
    }
}

/// <summary>
/// A report's current version, as re-processing needs it: where its raw file is and how it was submitted.
/// <see cref="ParserVersion"/> is the latest parser version known to read that raw file into that content: the one that
/// made the version, or a later one that re-read it and found it unchanged.
/// </summary>
public sealed record ReprocessCandidate(
    string ReportKey,
    int Version,
    string SourceSha256,
    string? SourceFileName,
    string? MediaType,
    string? ParserVersion,
    SubmissionHints? Hints,
    DateTimeOffset CreatedAt);

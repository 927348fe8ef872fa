using CsvHelper;
using IngestionPipeline.Core.Comparison;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Components.Export;

/// <summary>
/// The comparisons over a store: the agency's or the year's versions are streamed, and only what the comparison needs
/// is kept (the reports of the compared years; one cell per agency for a ranking). Shared by the API and the CLI.
/// </summary>
public static class ReportAnalysis
{
    private static readonly CsvWriterOptions CsvOptions = new()
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
        InjectionCharacters = "=+@\t\r",
    };

    /// <summary>
    /// The current reports of <paramref name="organization"/> (its printed or normalized name, exactly) from
    /// <paramref name="from"/> to <paramref name="to"/>, compared. <see cref="YearComparison.Years"/> is empty when the
    /// agency has no report in that range.
    /// </summary>
    public static async Task<YearComparison> CompareYearsAsync(IReportExportSource source, string organization, int from, int to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(organization);
        var filter = new ReportExportFilter { Organization = organization, FromYear = Math.Min(from, to), ToYear = Math.Max(from, to) };
        var byYear = new Dictionary<int, (string ReportKey, CanonicalReport Report)>();
        await foreach (var version in source.StreamVersionsAsync(filter, cancellationToken))
        {
            // The filter is "contains"; the agency is the exact name. Of two reports of one year, the first by key is kept.
            if ((string.Equals(version.Organization, organization, StringComparison.Ordinal)
                    || string.Equals(version.OrganizationNormalized, organization, StringComparison.Ordinal))
                && !byYear.ContainsKey(version.Year))
            {
                byYear[version.Year] = (version.ReportKey, ReportJson.Deserialize(version.DocumentJson));
            }
        }

        return ReportComparisons.CompareYears(organization, from, to, byYear);
    }

    /// <summary>The current reports of <paramref name="year"/> (within <paramref name="region"/> when given), ranked by <paramref name="cell"/>.</summary>
    public static async Task<AgencyRanking> RankAgenciesAsync(IReportExportSource source, int year, string cell, string? region, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var values = new List<(string, string, string?, Cell)>();
        await foreach (var version in source.StreamVersionsAsync(new ReportExportFilter { Year = year, Region = region }, cancellationToken))
        {
            values.Add((version.ReportKey, version.Organization, version.Region, ReportJson.Deserialize(version.DocumentJson)[cell]));
        }

        return ReportComparisons.RankAgencies(year, cell, region, values);
    }

    /// <summary>The cells of a year comparison as CSV (UTF-8 with a BOM).</summary>
    public static async Task WriteYearComparisonCsvAsync(YearComparison comparison, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        await using var csv = CsvWriter.Create(output, CsvOptions, leaveOpen: true);
        foreach (var name in new[] { "organization", "path", "table", "row", "column", $"value_{comparison.From}", $"value_{comparison.To}", "change" })
        {
            csv.WriteField(name);
        }

        await csv.EndRecordAsync(cancellationToken);
        foreach (var cell in comparison.Cells)
        {
            csv.WriteField(comparison.Organization);
            csv.WriteField(cell.Path);
            csv.WriteField(cell.Table);
            csv.WriteField(cell.Row);
            csv.WriteField(cell.Column);
            csv.WriteField(cell.From, default);
            csv.WriteField(cell.To, default);
            csv.WriteField(cell.Change, default);
            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>A ranking as CSV (UTF-8 with a BOM).</summary>
    public static async Task WriteRankingCsvAsync(AgencyRanking ranking, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        await using var csv = CsvWriter.Create(output, CsvOptions, leaveOpen: true);
        foreach (var name in new[] { "year", "cell", "rank", "report_key", "organization", "region", "value", "semantic" })
        {
            csv.WriteField(name);
        }

        await csv.EndRecordAsync(cancellationToken);
        foreach (var row in ranking.Ranking)
        {
            csv.WriteField(ranking.Year, default);
            csv.WriteField(ranking.Cell);
            csv.WriteField(row.Rank, default);
            csv.WriteField(row.ReportKey);
            csv.WriteField(row.Organization);
            csv.WriteField(row.Region);
            csv.WriteField(row.Value, default);
            csv.WriteField(row.Semantic);
            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }
}

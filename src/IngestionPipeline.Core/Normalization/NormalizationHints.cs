namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// What is known about a file besides its content: the name it arrived with and the crawler's hints. They are
/// weak sources, used only when the document itself names no year (or no organisation).
/// </summary>
/// <param name="FileName">The name the file arrived with (a year in it is the last source of the year).</param>
/// <param name="Year">The crawler's year hint.</param>
/// <param name="Organization">The agency name as the crawler saw it: the organisation when neither a title nor the body names one.</param>
public sealed record NormalizationHints(string? FileName = null, int? Year = null, string? Organization = null);

/// <summary>The values of <c>meta.yearSource</c>, in the normalizer's order of trust.</summary>
public static class YearSourceNames
{
    public const string Title = "title";
    public const string StatisticsPeriod = "statisticsPeriod";
    public const string DocumentProperties = "documentProperties";
    public const string Body = "body";
    public const string Hint = "hint";
    public const string FileName = "fileName";
}

namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// What is known about a file besides its content: the name it arrived with and the crawler's year hint.
/// Both are weak sources of the report year, used only when the document itself names none.
/// </summary>
public sealed record NormalizationHints(string? FileName = null, int? Year = null);

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

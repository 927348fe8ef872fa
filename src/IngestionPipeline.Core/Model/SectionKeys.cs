namespace IngestionPipeline.Core.Model;

/// <summary>Keys of the three verbatim narrative sections.</summary>
public static class SectionKeys
{
    public const string OverallSituation = "overallSituation";
    public const string ProblemsAndImprovements = "problemsAndImprovements";
    public const string OtherMatters = "otherMatters";

    public static IReadOnlyList<string> All { get; } = [OverallSituation, ProblemsAndImprovements, OtherMatters];
}

namespace IngestionPipeline.Core.Normalization;

/// <summary>The six top-level parts of an annual report (spec §1).</summary>
internal enum ReportPart
{
    OverallSituation,
    ActiveDisclosure,
    Applications,
    ReviewLitigation,
    ProblemsAndImprovements,
    OtherMatters,
}

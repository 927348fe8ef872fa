namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// Stable ids of the findings the normalizer itself emits. They all carry origin
/// <c>extraction_suspect</c> and name the cells concerned, which is how the validator learns — from the
/// report alone, even one read back from JSON — which cells it should not blame on the publisher.
/// </summary>
public static class ExtractionRuleIds
{
    public const string Prefix = "EXTRACT-";

    /// <summary>A row was located but its value count does not match its columns; its cells are MISSING.</summary>
    public const string RowValueCount = "EXTRACT-ROW-VALUE-COUNT";

    /// <summary>A row's values were gathered from wrapped or detached lines (merged by column).</summary>
    public const string RowAssembled = "EXTRACT-ROW-ASSEMBLED";

    /// <summary>Values in a table region that belong to no located row.</summary>
    public const string OrphanValues = "EXTRACT-ORPHAN-VALUES";

    /// <summary>Table 四 placed by position: no header was found.</summary>
    public const string ReviewPositional = "EXTRACT-T4-POSITIONAL";

    /// <summary>Table 四 printed sixteen values; one was dropped because only that reading satisfies the sums.</summary>
    public const string ReviewExtraValue = "EXTRACT-T4-EXTRA-VALUE";

    /// <summary>Table 四 values found but not placeable (wrong count, or several readings of sixteen values).</summary>
    public const string ReviewUnreadable = "EXTRACT-T4-UNREADABLE";

    /// <summary>A table of the template was not found in the source at all.</summary>
    public const string TableNotFound = "EXTRACT-TABLE-NOT-FOUND";

    /// <summary>Labels of both template versions were printed.</summary>
    public const string TemplateMixed = "EXTRACT-TEMPLATE-MIXED";

    /// <summary>The title year and the 统计期限 year disagree.</summary>
    public const string YearMismatch = "EXTRACT-YEAR-MISMATCH";

    /// <summary>Cells whose OCR look-alike letters (o O 。 l I) were read as digits.</summary>
    public const string OcrDigits = "EXTRACT-OCR-DIGITS";

    /// <summary>Cells read from a scanned page by OCR with a recognition confidence below <see cref="Model.CellSource.LowConfidence"/>.</summary>
    public const string OcrLowConfidence = "EXTRACT-OCR-LOW-CONFIDENCE";

    /// <summary>No title and no body sentence names the organisation (info when the crawler's hint stands in, warning when nothing does).</summary>
    public const string OrganizationNotFound = "EXTRACT-NO-ORGANIZATION";

    /// <summary>A table 三 row was placed by its position in the template's row sequence, not by its own label.</summary>
    public const string RowPlacedByPosition = "EXTRACT-ROW-BY-POSITION";
}

namespace IngestionPipeline.Core.Normalization;

/// <summary>How table 四's fifteen values were placed.</summary>
internal enum ReviewPlacement
{
    /// <summary>Fifteen values under a recognised header.</summary>
    Header,
    /// <summary>Fifteen values without a usable header: placed by template position (extraction-suspect).</summary>
    Positional,
    /// <summary>Sixteen values; exactly one reading (up to identical values) satisfies the three T4 sums.</summary>
    ExtraValueDropped,
    /// <summary>Sixteen values and no unique reading: not guessed.</summary>
    Ambiguous,
    /// <summary>Neither fifteen nor sixteen values: not guessed.</summary>
    WrongCount,
    /// <summary>No table 四 in the source.</summary>
    NotFound,
}

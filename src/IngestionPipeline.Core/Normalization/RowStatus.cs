namespace IngestionPipeline.Core.Normalization;

internal enum RowStatus
{
    /// <summary>Exactly the expected number of values was read.</summary>
    Ok,
    /// <summary>The row label was found but the number of values does not match the columns: not guessed.</summary>
    WrongCount,
}

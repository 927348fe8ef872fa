namespace IngestionPipeline.Core.Normalization;

/// <summary>A cell read as a value (or an interior blank cell) with where it came from.</summary>
internal sealed record ValueToken(string Raw, SourceLine Line, int Column, bool Blank)
{
    public bool IsValueLike => !Blank && ValueParser.IsValueLike(Raw);
}

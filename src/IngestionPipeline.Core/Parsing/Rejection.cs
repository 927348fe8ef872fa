namespace IngestionPipeline.Core.Parsing;

/// <summary>A business rejection of an input: a stable reason code and a one-line human reason.</summary>
public sealed record Rejection(string ReasonCode, string Reason)
{
    public override string ToString() => $"{ReasonCode}: {Reason}";
}

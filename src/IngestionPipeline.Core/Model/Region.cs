namespace IngestionPipeline.Core.Model;

/// <summary>Administrative region of the publishing agency, best effort.</summary>
public sealed record Region(string? Province = null, string? City = null, string? County = null)
{
    public bool IsEmpty => Province is null && City is null && County is null;
}

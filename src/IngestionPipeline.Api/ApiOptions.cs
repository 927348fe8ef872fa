using System.ComponentModel.DataAnnotations;

namespace IngestionPipeline.Api;

/// <summary>API settings, bound from the <c>Api</c> section and validated on start.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>
    /// Keys accepted in the <c>X-Api-Key</c> header of write endpoints. Empty means every write is
    /// refused (fail closed): an API that accepts anonymous uploads must be a deliberate choice, not a default.
    /// </summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Largest uploaded file accepted by <c>POST /ingestions</c>; larger uploads get 413.</summary>
    [Range(1, 2L * 1024 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest JSON body accepted by <c>POST /ingestions/url</c> (a URL and a few hints); larger bodies get 413 unread.</summary>
    [Range(256, 16 * 1024 * 1024)]
    public long MaxUrlRequestBytes { get; set; } = 16 * 1024;

    /// <summary>Longest form field (hints, <c>sourceUrl</c>) of an upload, in characters; longer gets 400.</summary>
    [Range(64, 1024 * 1024)]
    public int MaxFieldLength { get; set; } = 4096;
}

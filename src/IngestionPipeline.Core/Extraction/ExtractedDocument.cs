using System.Text.Encodings.Web;
using System.Text.Json;

namespace IngestionPipeline.Core.Extraction;

/// <summary>
/// The intermediate document every extractor produces: ordered text blocks and tables with source
/// locations. It is the extract stage's stored artifact and the normalizer's only input, so any format
/// (TXT, HTML, DOCX, PDF, DOC) is normalized by the same code.
/// </summary>
public sealed record ExtractedDocument(string MediaType, string Extractor, IReadOnlyList<DocumentBlock> Blocks)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static ExtractedDocument FromJson(string json) =>
        JsonSerializer.Deserialize<ExtractedDocument>(json, Options) ?? throw new FormatException("Empty extracted document JSON.");
}

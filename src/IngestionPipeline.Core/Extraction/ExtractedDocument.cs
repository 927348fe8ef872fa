using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IngestionPipeline.Core.Extraction;

/// <summary>
/// The intermediate document every extractor produces: ordered text blocks and tables with source
/// locations. It is the extract stage's output and the normalizer's only input, so any format
/// (TXT, HTML, DOCX, PDF, DOC) is normalized by the same code.
/// </summary>
/// <remarks>
/// The artifact JSON is written and read by System.Text.Json source generation (<see cref="ExtractedDocumentJsonContext"/>):
/// camelCase names, nulls written, blocks polymorphic on <c>kind</c> (<c>text</c> or <c>table</c>, anywhere in the
/// block), a table's <c>rowCount</c>/<c>columnCount</c> written for readers and ignored when read, and one numbering:
/// pages, lines, rows and columns are all 1-based in the JSON. Reading takes member names in any capitalisation and
/// ignores unknown members; malformed input is a <see cref="JsonException"/>.
/// </remarks>
public sealed record ExtractedDocument(string MediaType, string Extractor, IReadOnlyList<DocumentBlock> Blocks)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The title the file's own metadata gives (PDF Info /Title, DOCX core property <c>dc:title</c>, HTML
    /// <c>&lt;title&gt;</c>), as stored; null when there is none. A source of the report year and organisation
    /// when the printed title is missing (written to the artifact only when present: additive).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DocumentTitle { get; init; }

    /// <summary>The artifact JSON (UTF-16 string).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ExtractedDocumentJsonContext.Artifact.ExtractedDocument);

    /// <summary>The artifact JSON, UTF-8 encoded; the same text as <see cref="ToJson"/>.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, ExtractedDocumentJsonContext.Artifact.ExtractedDocument);

    /// <summary>Writes the artifact JSON (the same bytes as <see cref="ToUtf8Json"/>) into <paramref name="output"/>.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        JsonSerializer.Serialize(writer, this, ExtractedDocumentJsonContext.Artifact.ExtractedDocument);
    }

    /// <summary>Reads the artifact JSON back.</summary>
    public static ExtractedDocument FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, ExtractedDocumentJsonContext.Artifact.ExtractedDocument) ?? throw Null();
    }

    /// <summary>Reads UTF-8 artifact JSON back (see <see cref="FromJson(string)"/>).</summary>
    public static ExtractedDocument FromJson(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, ExtractedDocumentJsonContext.Artifact.ExtractedDocument) ?? throw Null();

    private static JsonException Null() => new("The extracted document JSON is null.");
}

/// <summary>
/// Source-generated serializer metadata of <see cref="ExtractedDocument"/> (web defaults: camelCase, names matched in
/// any case, numbers also read from strings; the <c>kind</c> discriminator read in any position).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(ExtractedDocument))]
internal sealed partial class ExtractedDocumentJsonContext : JsonSerializerContext
{
    private static readonly Lazy<ExtractedDocumentJsonContext> ArtifactContext = new(() => new ExtractedDocumentJsonContext(new JsonSerializerOptions(Default!.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }));

    /// <summary>The context with the artifact's writer settings (non-ASCII text written as is).</summary>
    public static ExtractedDocumentJsonContext Artifact => ArtifactContext.Value;
}

/// <summary>
/// Writes a 0-based table row or column index as the 1-based number of the artifact JSON (like pages, lines and the
/// canonical report's <c>source.row</c>/<c>source.column</c>) and reads it back, also from a string when the options
/// allow numbers as strings (as they do for pages and lines); a number below 1 is malformed.
/// </summary>
internal sealed class OneBasedIndexConverter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        int number;
        if (reader.TokenType == JsonTokenType.String && (options.NumberHandling & JsonNumberHandling.AllowReadingFromString) != 0)
        {
            if (!int.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
            {
                throw new JsonException($"Table row or column '{reader.GetString()}' is not a number.");
            }
        }
        else
        {
            number = reader.GetInt32();
        }

        return number >= 1 ? number - 1 : throw new JsonException($"Table row and column numbers are 1-based, found {number}.");
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value + 1);
}

using System.Buffers;
using System.Text;
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

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The artifact JSON: the bytes <c>JsonSerializer</c> wrote with <see cref="Options"/> (camelCase, <c>kind</c>
    /// discriminator first, nulls written, a table's <c>rowCount</c>/<c>columnCount</c> before its location),
    /// streamed with <see cref="Utf8JsonWriter"/> instead of through reflection metadata.
    /// </summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        WriteTo(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the artifact JSON (the same bytes as <see cref="ToJson"/>) into <paramref name="output"/>.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        WriteStringOrNull(writer, "mediaType"u8, MediaType);
        WriteStringOrNull(writer, "extractor"u8, Extractor);
        if (Blocks is null)
        {
            writer.WriteNull("blocks"u8);
        }
        else
        {
            writer.WriteStartArray("blocks"u8);
            foreach (var block in Blocks)
            {
                WriteBlock(writer, block);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.Flush();
    }

    public static ExtractedDocument FromJson(string json) =>
        JsonSerializer.Deserialize<ExtractedDocument>(json, Options) ?? throw new FormatException("Empty extracted document JSON.");

    private static void WriteBlock(Utf8JsonWriter writer, DocumentBlock? block)
    {
        switch (block)
        {
            case null:
                writer.WriteNullValue();
                return;
            case TextBlock text:
                writer.WriteStartObject();
                writer.WriteString("kind"u8, "text"u8);
                WriteStringOrNull(writer, "text"u8, text.Text);
                writer.WritePropertyName("location"u8);
                WriteLocation(writer, text.Location);
                writer.WriteEndObject();
                return;
            case TableBlock table:
                writer.WriteStartObject();
                writer.WriteString("kind"u8, "table"u8);
                var rows = 0;
                var columns = 0;
                if (table.Cells is null)
                {
                    writer.WriteNull("cells"u8);
                }
                else
                {
                    writer.WriteStartArray("cells"u8);
                    foreach (var cell in table.Cells)
                    {
                        rows = Math.Max(rows, cell.Row + cell.RowSpan);
                        columns = Math.Max(columns, cell.Column + cell.ColumnSpan);
                        WriteCell(writer, cell);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteNumber("rowCount"u8, rows);
                writer.WriteNumber("columnCount"u8, columns);
                writer.WritePropertyName("location"u8);
                WriteLocation(writer, table.Location);
                writer.WriteEndObject();
                return;
            default:
                // A block type outside the two known kinds: leave it to the serializer as before.
                JsonSerializer.Serialize(writer, block, Options);
                return;
        }
    }

    private static void WriteCell(Utf8JsonWriter writer, TableCell? cell)
    {
        if (cell is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteNumber("row"u8, cell.Row);
        writer.WriteNumber("column"u8, cell.Column);
        WriteStringOrNull(writer, "text"u8, cell.Text);
        writer.WritePropertyName("location"u8);
        WriteLocation(writer, cell.Location);
        writer.WriteNumber("rowSpan"u8, cell.RowSpan);
        writer.WriteNumber("columnSpan"u8, cell.ColumnSpan);
        writer.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter writer, SourceLocation? location)
    {
        if (location is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        if (location.Page is { } page)
        {
            writer.WriteNumber("page"u8, page);
        }
        else
        {
            writer.WriteNull("page"u8);
        }

        if (location.Line is { } line)
        {
            writer.WriteNumber("line"u8, line);
        }
        else
        {
            writer.WriteNull("line"u8);
        }

        writer.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}

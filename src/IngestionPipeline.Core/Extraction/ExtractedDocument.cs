using System.Buffers;
using System.Globalization;
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
    /// <summary>
    /// The title the file's own metadata gives (PDF Info /Title, DOCX core property <c>dc:title</c>, HTML
    /// <c>&lt;title&gt;</c>), as stored; null when there is none. A source of the report year and organisation
    /// when the printed title is missing (written to the artifact only when present: additive).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? DocumentTitle { get; init; }

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

        if (DocumentTitle is not null)
        {
            writer.WriteString("documentTitle"u8, DocumentTitle);
        }

        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>
    /// Reads the artifact JSON back, as leniently as the reflection serializer with <see cref="Options"/> did: property
    /// names in any capitalisation, numbers also as strings (<c>"row": "3"</c>), unknown properties and the computed
    /// <c>rowCount</c>/<c>columnCount</c> ignored, missing spans 1. Streamed with <see cref="Utf8JsonReader"/>.
    /// </summary>
    public static ExtractedDocument FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, rented);
            return FromJson(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Reads UTF-8 artifact JSON (see <see cref="FromJson(string)"/>).</summary>
    public static ExtractedDocument FromJson(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read())
        {
            throw new JsonException("Empty extracted document JSON.");
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            throw new FormatException("Empty extracted document JSON.");
        }

        Expect(ref reader, JsonTokenType.StartObject, "the extracted document");
        string? mediaType = null;
        string? extractor = null;
        List<DocumentBlock>? blocks = null;
        string? documentTitle = null;
        while (NextProperty(ref reader))
        {
            if (NameIs(ref reader, "mediaType"u8))
            {
                reader.Read();
                mediaType = ReadString(ref reader);
            }
            else if (NameIs(ref reader, "extractor"u8))
            {
                reader.Read();
                extractor = ReadString(ref reader);
            }
            else if (NameIs(ref reader, "blocks"u8))
            {
                reader.Read();
                blocks = ReadBlocks(ref reader);
            }
            else if (NameIs(ref reader, "documentTitle"u8))
            {
                reader.Read();
                documentTitle = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new ExtractedDocument(mediaType!, extractor!, blocks!) { DocumentTitle = documentTitle };
    }

    private static List<DocumentBlock>? ReadBlocks(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, "blocks");
        var blocks = new List<DocumentBlock>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            blocks.Add(ReadBlock(ref reader)!);
        }

        return blocks;
    }

    private static DocumentBlock? ReadBlock(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject, "a block");
        string? kind = null;
        string? text = null;
        List<TableCell>? cells = null;
        SourceLocation? location = null;
        while (NextProperty(ref reader))
        {
            if (NameIs(ref reader, "kind"u8))
            {
                reader.Read();
                kind = ReadString(ref reader);
            }
            else if (NameIs(ref reader, "text"u8))
            {
                reader.Read();
                text = ReadString(ref reader);
            }
            else if (NameIs(ref reader, "cells"u8))
            {
                reader.Read();
                cells = ReadCells(ref reader);
            }
            else if (NameIs(ref reader, "location"u8))
            {
                reader.Read();
                location = ReadLocation(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return kind switch
        {
            "text" => new TextBlock(text!, location!),
            "table" => new TableBlock(cells!, location!),
            _ => throw new JsonException($"Unknown or missing block kind '{kind}'."),
        };
    }

    private static List<TableCell>? ReadCells(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, "cells");
        var cells = new List<TableCell>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            cells.Add(ReadCell(ref reader)!);
        }

        return cells;
    }

    private static TableCell? ReadCell(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject, "a cell");
        int row = 0, column = 0, rowSpan = 1, columnSpan = 1;
        string? text = null;
        SourceLocation? location = null;
        while (NextProperty(ref reader))
        {
            if (NameIs(ref reader, "row"u8))
            {
                reader.Read();
                row = ReadInt(ref reader);
            }
            else if (NameIs(ref reader, "column"u8))
            {
                reader.Read();
                column = ReadInt(ref reader);
            }
            else if (NameIs(ref reader, "text"u8))
            {
                reader.Read();
                text = ReadString(ref reader);
            }
            else if (NameIs(ref reader, "location"u8))
            {
                reader.Read();
                location = ReadLocation(ref reader);
            }
            else if (NameIs(ref reader, "rowSpan"u8))
            {
                reader.Read();
                rowSpan = ReadInt(ref reader);
            }
            else if (NameIs(ref reader, "columnSpan"u8))
            {
                reader.Read();
                columnSpan = ReadInt(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new TableCell(row, column, text!, location!, rowSpan, columnSpan);
    }

    private static SourceLocation? ReadLocation(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject, "a location");
        int? page = null, line = null;
        while (NextProperty(ref reader))
        {
            if (NameIs(ref reader, "page"u8))
            {
                reader.Read();
                page = ReadNullableInt(ref reader);
            }
            else if (NameIs(ref reader, "line"u8))
            {
                reader.Read();
                line = ReadNullableInt(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new SourceLocation(page, line);
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("Truncated extracted document JSON.");
        }

        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Property names match in any capitalisation, as with <c>PropertyNameCaseInsensitive</c>.</summary>
    private static bool NameIs(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return Ascii.EqualsIgnoreCase(reader.ValueSpan, name);
        }

        return string.Equals(reader.GetString(), Encoding.UTF8.GetString(name), StringComparison.OrdinalIgnoreCase);
    }

    private static string? ReadString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : reader.GetString();

    private static int? ReadNullableInt(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadInt(ref reader);

    /// <summary>A JSON number, or a string holding exactly one (<c>NumberHandling.AllowReadingFromString</c>).</summary>
    private static int ReadInt(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetInt32();
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString();
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        throw new JsonException($"Expected an integer, found {reader.TokenType}.");
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected {type} for {what}, found {reader.TokenType}.");
        }
    }

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

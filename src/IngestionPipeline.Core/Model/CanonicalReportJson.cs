using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IngestionPipeline.Core.Model;

/// <summary>
/// Reads and writes the canonical report JSON of the contract. One format everywhere: the CLI's
/// <c>parse</c> output, stage artifacts and stored versions all use it, so a stored document is exactly
/// what a consumer reading the contract expects.
/// </summary>
public static class CanonicalReportJson
{
    /// <summary>Writer settings of the contract JSON; the same as the former <c>JsonObject.ToJsonString</c> options.</summary>
    private static readonly JsonWriterOptions IndentedWriter = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions CompactWriter = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonEncodedText SchemaVersionName = Name("schemaVersion");
    private static readonly JsonEncodedText MetaName = Name("meta");
    private static readonly JsonEncodedText TitleName = Name("title");
    private static readonly JsonEncodedText OrganizationName = Name("organization");
    private static readonly JsonEncodedText OrganizationNormalizedName = Name("organizationNormalized");
    private static readonly JsonEncodedText RegionName = Name("region");
    private static readonly JsonEncodedText ProvinceName = Name("province");
    private static readonly JsonEncodedText CityName = Name("city");
    private static readonly JsonEncodedText CountyName = Name("county");
    private static readonly JsonEncodedText YearName = Name("year");
    private static readonly JsonEncodedText TemplateVersionName = Name("templateVersion");
    private static readonly JsonEncodedText YearSourceName = Name("yearSource");
    private static readonly JsonEncodedText ValueName = Name("value");
    private static readonly JsonEncodedText SemanticName = Name("semantic");
    private static readonly JsonEncodedText RawName = Name("raw");
    private static readonly JsonEncodedText UnitName = Name("unit");
    private static readonly JsonEncodedText InferredName = Name("inferred");
    private static readonly JsonEncodedText NoteName = Name("note");
    private static readonly JsonEncodedText ChangeName = Name("change");
    private static readonly JsonEncodedText IncreaseName = Name("increase");
    private static readonly JsonEncodedText DecreaseName = Name("decrease");
    private static readonly JsonEncodedText NetName = Name("net");
    private static readonly JsonEncodedText SourceName = Name("source");
    private static readonly JsonEncodedText PageName = Name("page");
    private static readonly JsonEncodedText LineName = Name("line");
    private static readonly JsonEncodedText RowName = Name("row");
    private static readonly JsonEncodedText ColumnName = Name("column");
    private static readonly JsonEncodedText PlacedByName = Name("placedBy");
    private static readonly JsonEncodedText TableName = Name("table");
    private static readonly JsonEncodedText BoxName = Name("box");
    private static readonly JsonEncodedText LeftName = Name("left");
    private static readonly JsonEncodedText TopName = Name("top");
    private static readonly JsonEncodedText RightName = Name("right");
    private static readonly JsonEncodedText BottomName = Name("bottom");
    private static readonly JsonEncodedText SectionsName = Name("sections");
    private static readonly JsonEncodedText TextName = Name("text");
    private static readonly JsonEncodedText FindingsName = Name("findings");
    private static readonly JsonEncodedText RuleIdName = Name("ruleId");
    private static readonly JsonEncodedText SeverityName = Name("severity");
    private static readonly JsonEncodedText StatusName = Name("status");
    private static readonly JsonEncodedText MessageName = Name("message");
    private static readonly JsonEncodedText PathsName = Name("paths");
    private static readonly JsonEncodedText OriginName = Name("origin");
    private static readonly JsonEncodedText ProvenanceName = Name("provenance");
    private static readonly JsonEncodedText SourceSha256Name = Name("sourceSha256");
    private static readonly JsonEncodedText MediaTypeName = Name("mediaType");
    private static readonly JsonEncodedText ExtractorName = Name("extractor");
    private static readonly JsonEncodedText NormalizerName = Name("normalizer");
    private static readonly JsonEncodedText RuleSetName = Name("ruleSet");
    private static readonly JsonEncodedText[] SectionNames = [.. SectionKeys.All.Select(Name)];

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? cachedBuffer;

    /// <summary>Writes the report as contract JSON (UTF-8 text).</summary>
    public static string Serialize(CanonicalReport report, bool indented = true)
    {
        var buffer = RentBuffer();
        WriteTo(buffer, report, indented);
        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        ReturnBuffer(buffer);
        return json;
    }

    /// <summary>Writes the report as contract JSON, UTF-8 encoded; the same bytes as <see cref="Serialize"/>.</summary>
    public static byte[] SerializeToUtf8Bytes(CanonicalReport report, bool indented = true)
    {
        var buffer = RentBuffer();
        WriteTo(buffer, report, indented);
        var bytes = buffer.WrittenSpan.ToArray();
        ReturnBuffer(buffer);
        return bytes;
    }

    /// <summary>Writes the report as contract JSON into <paramref name="output"/>.</summary>
    public static void WriteTo(IBufferWriter<byte> output, CanonicalReport report, bool indented = true)
    {
        using var writer = new Utf8JsonWriter(output, indented ? IndentedWriter : CompactWriter);
        Write(writer, report);
        writer.Flush();
    }

    /// <summary>Writes the report as one JSON object with <paramref name="writer"/> (the contract order, streamed: no DOM).</summary>
    public static void Write(Utf8JsonWriter writer, CanonicalReport report) => WriteReport(writer, report, withProvenance: true);

    /// <summary>
    /// What the content hash covers: the contract JSON without <c>provenance</c> and without the cells' <c>source</c>
    /// objects (in the former DOM: <c>ToJsonNode</c>, then those nodes removed), in the same order. <c>meta.yearSource</c>
    /// is provenance too (where the year was read, not what the report says), so stored hashes stay valid.
    /// </summary>
    internal static void WriteContent(Utf8JsonWriter writer, CanonicalReport report) => WriteReport(writer, report, withProvenance: false);

    private static void WriteReport(Utf8JsonWriter writer, CanonicalReport report, bool withProvenance)
    {
        writer.WriteStartObject();
        writer.WriteString(SchemaVersionName, report.SchemaVersion);
        writer.WritePropertyName(MetaName);
        WriteMeta(writer, report.Meta, withProvenance);

        var cells = report.Cells;
        foreach (var node in CellPathTree.For(report.Meta.TemplateVersion).Roots)
        {
            WriteCellNode(writer, node, cells, withProvenance);
        }

        writer.WriteStartObject(SectionsName);
        var keys = SectionKeys.All;
        for (var i = 0; i < keys.Count; i++)
        {
            report.Sections.TryGetValue(keys[i], out var section);
            if (section is null)
            {
                writer.WriteNull(SectionNames[i]);
                continue;
            }

            writer.WriteStartObject(SectionNames[i]);
            writer.WriteString(TitleName, section.Title);
            writer.WriteString(TextName, section.Text);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();

        writer.WriteStartArray(FindingsName);
        foreach (var finding in report.Findings)
        {
            WriteFinding(writer, finding);
        }

        writer.WriteEndArray();
        if (!withProvenance)
        {
            writer.WriteEndObject();
            return;
        }

        var p = report.Provenance;
        writer.WriteStartObject(ProvenanceName);
        writer.WriteString(SourceSha256Name, p.SourceSha256);
        writer.WriteString(MediaTypeName, p.MediaType);
        writer.WriteString(ExtractorName, p.Extractor);
        writer.WriteString(NormalizerName, p.Normalizer);
        writer.WriteString(RuleSetName, p.RuleSet);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Reads a contract JSON document back into a report.</summary>
    public static CanonicalReport Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, rented);
            return Deserialize(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Reads a UTF-8 contract JSON document back into a report (streamed: no DOM).</summary>
    public static CanonicalReport Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read())
        {
            throw new JsonException("Empty canonical report JSON.");
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            throw new FormatException("Empty canonical report JSON.");
        }

        Expect(ref reader, JsonTokenType.StartObject, "the canonical report");
        var union = CellPathTree.Union;
        var slots = new Cell?[union.Leaves.Count];
        string? schemaVersion = null;
        ReportMeta? meta = null;
        var hasMeta = false;
        var sections = new Section?[SectionNames.Length];
        Finding[]? findings = null;
        Provenance? provenance = null;

        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(SchemaVersionName.EncodedUtf8Bytes))
            {
                reader.Read();
                schemaVersion = reader.GetString();
            }
            else if (reader.ValueTextEquals(MetaName.EncodedUtf8Bytes))
            {
                reader.Read();
                hasMeta = reader.TokenType != JsonTokenType.Null;
                meta = hasMeta ? ReadMeta(ref reader) : null;
            }
            else if (reader.ValueTextEquals(SectionsName.EncodedUtf8Bytes))
            {
                reader.Read();
                ReadSections(ref reader, sections);
            }
            else if (reader.ValueTextEquals(FindingsName.EncodedUtf8Bytes))
            {
                reader.Read();
                findings = ReadFindings(ref reader);
            }
            else if (reader.ValueTextEquals(ProvenanceName.EncodedUtf8Bytes))
            {
                reader.Read();
                provenance = reader.TokenType == JsonTokenType.Null ? null : ReadProvenance(ref reader);
            }
            else if (Match(ref reader, union.Roots, 0) is { } node)
            {
                reader.Read();
                ReadCellNode(ref reader, node, slots);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!hasMeta || meta is null)
        {
            throw new FormatException("Canonical report has no meta.");
        }

        var template = TemplateDefinition.For(meta.TemplateVersion);
        var cells = new Dictionary<string, Cell>(template.CellPaths.Count, StringComparer.Ordinal);
        foreach (var path in template.CellPaths)
        {
            cells[path] = slots[union.LeafIndex[path]] ?? Cell.Missing;
        }

        var sectionMap = new Dictionary<string, Section?>(StringComparer.Ordinal);
        for (var i = 0; i < SectionKeys.All.Count; i++)
        {
            sectionMap[SectionKeys.All[i]] = sections[i];
        }

        if (provenance is null)
        {
            throw new FormatException("Canonical report has no provenance.");
        }

        return new CanonicalReport
        {
            SchemaVersion = schemaVersion ?? CanonicalReport.CurrentSchemaVersion,
            Meta = meta,
            Cells = cells,
            Sections = sectionMap,
            Findings = findings ?? [],
            Provenance = provenance,
        };
    }

    /// <summary>Cells in contract order for the report's template version (unknown extra paths last).</summary>
    public static IEnumerable<KeyValuePair<string, Cell>> OrderedCells(CanonicalReport report)
    {
        var template = TemplateDefinition.For(report.Meta.TemplateVersion);
        foreach (var path in template.CellPaths)
        {
            yield return new(path, report.Cells.TryGetValue(path, out var cell) ? cell : Cell.Missing);
        }
    }

    public static string SemanticToWire(CellSemantic semantic) => semantic switch
    {
        CellSemantic.Zero => "ZERO",
        CellSemantic.Numeric => "NUMERIC",
        CellSemantic.Empty => "EMPTY",
        CellSemantic.NA => "NA",
        CellSemantic.Text => "TEXT",
        CellSemantic.Missing => "MISSING",
        _ => throw new ArgumentOutOfRangeException(nameof(semantic), semantic, null),
    };

    public static CellSemantic SemanticFromWire(string wire) => wire switch
    {
        "ZERO" => CellSemantic.Zero,
        "NUMERIC" => CellSemantic.Numeric,
        "EMPTY" => CellSemantic.Empty,
        "NA" => CellSemantic.NA,
        "TEXT" => CellSemantic.Text,
        "MISSING" => CellSemantic.Missing,
        _ => throw new FormatException($"Unknown cell semantic '{wire}'."),
    };

    public static string SeverityToWire(FindingSeverity s) => s switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        FindingSeverity.Info => "info",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    public static string StatusToWire(FindingStatus s) => s switch
    {
        FindingStatus.Fail => "FAIL",
        FindingStatus.Uncertain => "UNCERTAIN",
        FindingStatus.NotAssessable => "NOT_ASSESSABLE",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    public static string OriginToWire(FindingOrigin o) => o switch
    {
        FindingOrigin.SourceInconsistency => "source_inconsistency",
        FindingOrigin.ExtractionSuspect => "extraction_suspect",
        _ => throw new ArgumentOutOfRangeException(nameof(o), o, null),
    };

    /// <summary>Drops trailing zeros so that 12.0 is written as 12 and 83.420 as 83.42.</summary>
    public static decimal Canonical(decimal value) => value / 1.000000000000000000000000000000000m;


    private static JsonEncodedText Name(string name) => JsonEncodedText.Encode(name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

    private static ArrayBufferWriter<byte> RentBuffer()
    {
        var buffer = cachedBuffer ?? new ArrayBufferWriter<byte>(64 * 1024);
        cachedBuffer = null;
        buffer.ResetWrittenCount();
        return buffer;
    }

    private static void ReturnBuffer(ArrayBufferWriter<byte> buffer)
    {
        // Keep one buffer per thread for the next report; an unusually large one is left to the GC.
        if (buffer.Capacity <= 1024 * 1024)
        {
            cachedBuffer = buffer;
        }
    }

    private static void WriteMeta(Utf8JsonWriter writer, ReportMeta meta, bool withProvenance)
    {
        writer.WriteStartObject();
        writer.WriteString(TitleName, meta.Title);
        writer.WriteString(OrganizationName, meta.Organization);
        if (meta.OrganizationNormalized is not null)
        {
            writer.WriteString(OrganizationNormalizedName, meta.OrganizationNormalized);
        }

        if (meta.Region is { IsEmpty: false } region)
        {
            writer.WriteStartObject(RegionName);
            if (region.Province is not null)
            {
                writer.WriteString(ProvinceName, region.Province);
            }

            if (region.City is not null)
            {
                writer.WriteString(CityName, region.City);
            }

            if (region.County is not null)
            {
                writer.WriteString(CountyName, region.County);
            }

            writer.WriteEndObject();
        }

        writer.WriteNumber(YearName, meta.Year);
        writer.WriteString(TemplateVersionName, meta.TemplateVersion.ToWire());
        if (withProvenance && meta.YearSource is not null)
        {
            writer.WriteString(YearSourceName, meta.YearSource);
        }

        writer.WriteEndObject();
    }

    private static void WriteCellNode(Utf8JsonWriter writer, CellPathTree.Node node, IReadOnlyDictionary<string, Cell> cells, bool withSource)
    {
        if (node.Path is { } path)
        {
            writer.WritePropertyName(node.EncodedName);
            WriteCell(writer, cells.TryGetValue(path, out var cell) ? cell : Cell.Missing, withSource);
            return;
        }

        writer.WriteStartObject(node.EncodedName);
        foreach (var child in node.Children)
        {
            WriteCellNode(writer, child, cells, withSource);
        }

        writer.WriteEndObject();
    }

    private static void WriteCell(Utf8JsonWriter writer, Cell cell, bool withSource)
    {
        writer.WriteStartObject();
        if (cell.Value is { } v)
        {
            writer.WriteNumber(ValueName, Canonical(v));
        }
        else
        {
            writer.WriteNull(ValueName);
        }

        writer.WriteString(SemanticName, SemanticToWire(cell.Semantic));
        WriteStringOrNull(writer, RawName, cell.Raw);
        if (cell.Unit is not null)
        {
            writer.WriteString(UnitName, cell.Unit);
        }

        if (cell.Inferred)
        {
            writer.WriteBoolean(InferredName, true);
        }

        if (cell.Note is not null)
        {
            writer.WriteString(NoteName, cell.Note);
        }

        if (cell.Change is { } change)
        {
            writer.WriteStartObject(ChangeName);
            if (change.Increase is { } inc)
            {
                writer.WriteNumber(IncreaseName, Canonical(inc));
            }

            if (change.Decrease is { } dec)
            {
                writer.WriteNumber(DecreaseName, Canonical(dec));
            }

            writer.WriteNumber(NetName, Canonical(change.Net));
            writer.WriteEndObject();
        }

        if (withSource && cell.Source is { } s)
        {
            writer.WriteStartObject(SourceName);
            if (s.Page is { } page)
            {
                writer.WriteNumber(PageName, page);
            }

            if (s.Line is { } line)
            {
                writer.WriteNumber(LineName, line);
            }

            if (s.Row is { } row)
            {
                writer.WriteNumber(RowName, row);
            }

            if (s.Column is { } col)
            {
                writer.WriteNumber(ColumnName, col);
            }

            if (s.PlacedBy is { } placedBy)
            {
                writer.WriteString(PlacedByName, placedBy);
            }

            if (s.Table is { } table)
            {
                writer.WriteString(TableName, table);
            }

            if (s.Box is { } box)
            {
                writer.WriteStartObject(BoxName);
                writer.WriteNumber(LeftName, box.Left);
                writer.WriteNumber(TopName, box.Top);
                writer.WriteNumber(RightName, box.Right);
                writer.WriteNumber(BottomName, box.Bottom);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter writer, Finding f)
    {
        writer.WriteStartObject();
        WriteStringOrNull(writer, RuleIdName, f.RuleId);
        writer.WriteString(SeverityName, SeverityToWire(f.Severity));
        writer.WriteString(StatusName, StatusToWire(f.Status));
        WriteStringOrNull(writer, MessageName, f.Message);
        writer.WriteStartArray(PathsName);
        foreach (var path in f.Paths)
        {
            if (path is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(path);
            }
        }

        writer.WriteEndArray();
        if (f.Origin is { } origin)
        {
            writer.WriteString(OriginName, OriginToWire(origin));
        }

        writer.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
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

    /// <summary>Advances to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw new InvalidOperationException($"Expected {type} for {what}, found {reader.TokenType}.");
        }
    }

    /// <summary>The member of <paramref name="children"/> named by the current property name (tried in contract order from <paramref name="hint"/>).</summary>
    private static CellPathTree.Node? Match(ref Utf8JsonReader reader, IReadOnlyList<CellPathTree.Node> children, int hint)
    {
        for (var k = 0; k < children.Count; k++)
        {
            var child = children[(hint + k) % children.Count];
            if (reader.ValueTextEquals(child.Utf8Name))
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>Reads the value of a cell-tree member: a cell object at a leaf, nested members otherwise; anything else is skipped (MISSING).</summary>
    private static void ReadCellNode(ref Utf8JsonReader reader, CellPathTree.Node node, Cell?[] slots)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        if (node.Path is not null)
        {
            slots[node.LeafIndex] = ReadCell(ref reader);
            return;
        }

        var hint = 0;
        while (NextProperty(ref reader))
        {
            var child = Match(ref reader, node.Children, hint);
            reader.Read();
            if (child is null)
            {
                reader.Skip();
                continue;
            }

            hint = node.Children.IndexOf(child) + 1;
            ReadCellNode(ref reader, child, slots);
        }
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.GetString();
    }

    private static int? ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();
    }

    private static decimal? ReadDecimal(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null ? null : reader.GetDecimal();
    }

    private static ReportMeta ReadMeta(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "meta");
        string? title = null, organization = null, normalized = null, templateVersion = null, yearSource = null;
        Region? region = null;
        var year = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(TitleName.EncodedUtf8Bytes))
            {
                title = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(OrganizationName.EncodedUtf8Bytes))
            {
                organization = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(OrganizationNormalizedName.EncodedUtf8Bytes))
            {
                normalized = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(YearName.EncodedUtf8Bytes))
            {
                year = ReadInt(ref reader) ?? 0;
            }
            else if (reader.ValueTextEquals(TemplateVersionName.EncodedUtf8Bytes))
            {
                templateVersion = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(YearSourceName.EncodedUtf8Bytes))
            {
                yearSource = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(RegionName.EncodedUtf8Bytes))
            {
                reader.Read();
                region = reader.TokenType == JsonTokenType.StartObject ? ReadRegion(ref reader) : SkipValue<Region>(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new ReportMeta(
            title ?? string.Empty,
            organization ?? string.Empty,
            normalized,
            region,
            year,
            TemplateVersionNames.Parse(templateVersion ?? string.Empty))
        {
            YearSource = yearSource,
        };
    }

    private static T? SkipValue<T>(ref Utf8JsonReader reader)
        where T : class
    {
        reader.Skip();
        return null;
    }

    private static Region ReadRegion(ref Utf8JsonReader reader)
    {
        string? province = null, city = null, county = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(ProvinceName.EncodedUtf8Bytes))
            {
                province = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(CityName.EncodedUtf8Bytes))
            {
                city = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(CountyName.EncodedUtf8Bytes))
            {
                county = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new Region(province, city, county);
    }

    private static Cell ReadCell(ref Utf8JsonReader reader)
    {
        decimal? value = null;
        var semantic = CellSemantic.Missing;
        string? raw = null, unit = null, note = null;
        var inferred = false;
        CellSource? source = null;
        ItemChange? change = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(ValueName.EncodedUtf8Bytes))
            {
                reader.Read();
                value = reader.TokenType switch
                {
                    // The number's own text, so the decimal keeps the printed scale (as decimal.Parse of the DOM value did).
                    JsonTokenType.Number => decimal.Parse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture),
                    JsonTokenType.String or JsonTokenType.True or JsonTokenType.False => throw new FormatException("A cell value is not a number."),
                    _ => SkipNumber(ref reader),
                };
            }
            else if (reader.ValueTextEquals(SemanticName.EncodedUtf8Bytes))
            {
                reader.Read();
                semantic = ReadSemantic(ref reader);
            }
            else if (reader.ValueTextEquals(RawName.EncodedUtf8Bytes))
            {
                raw = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(UnitName.EncodedUtf8Bytes))
            {
                unit = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(InferredName.EncodedUtf8Bytes))
            {
                reader.Read();
                inferred = reader.TokenType != JsonTokenType.Null && reader.GetBoolean();
            }
            else if (reader.ValueTextEquals(NoteName.EncodedUtf8Bytes))
            {
                note = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(SourceName.EncodedUtf8Bytes))
            {
                reader.Read();
                source = reader.TokenType == JsonTokenType.StartObject ? ReadSource(ref reader) : SkipValue<CellSource>(ref reader);
            }
            else if (reader.ValueTextEquals(ChangeName.EncodedUtf8Bytes))
            {
                reader.Read();
                change = reader.TokenType == JsonTokenType.StartObject ? ReadChange(ref reader) : SkipValue<ItemChange>(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new Cell(value, semantic, raw, unit, inferred, source, note, change);
    }

    private static decimal? SkipNumber(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private static CellSemantic ReadSemantic(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return CellSemantic.Missing;
        }

        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            var span = reader.ValueSpan;
            if (span.SequenceEqual("NUMERIC"u8))
            {
                return CellSemantic.Numeric;
            }

            if (span.SequenceEqual("ZERO"u8))
            {
                return CellSemantic.Zero;
            }

            if (span.SequenceEqual("EMPTY"u8))
            {
                return CellSemantic.Empty;
            }

            if (span.SequenceEqual("NA"u8))
            {
                return CellSemantic.NA;
            }

            if (span.SequenceEqual("TEXT"u8))
            {
                return CellSemantic.Text;
            }

            if (span.SequenceEqual("MISSING"u8))
            {
                return CellSemantic.Missing;
            }
        }

        return SemanticFromWire(reader.GetString()!);
    }

    private static CellSource ReadSource(ref Utf8JsonReader reader)
    {
        int? page = null, line = null, row = null, column = null;
        string? placedBy = null, table = null;
        SourceBox? box = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(PageName.EncodedUtf8Bytes))
            {
                page = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals(LineName.EncodedUtf8Bytes))
            {
                line = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals(RowName.EncodedUtf8Bytes))
            {
                row = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals(ColumnName.EncodedUtf8Bytes))
            {
                column = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals(PlacedByName.EncodedUtf8Bytes))
            {
                placedBy = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(TableName.EncodedUtf8Bytes))
            {
                table = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(BoxName.EncodedUtf8Bytes))
            {
                reader.Read();
                box = reader.TokenType == JsonTokenType.StartObject ? ReadBox(ref reader) : SkipValue<SourceBox>(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new CellSource(page, line, row, column) { PlacedBy = placedBy, Table = table, Box = box };
    }

    private static ItemChange ReadChange(ref Utf8JsonReader reader)
    {
        decimal? increase = null, decrease = null, net = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(IncreaseName.EncodedUtf8Bytes))
            {
                increase = ReadDecimal(ref reader);
            }
            else if (reader.ValueTextEquals(DecreaseName.EncodedUtf8Bytes))
            {
                decrease = ReadDecimal(ref reader);
            }
            else if (reader.ValueTextEquals(NetName.EncodedUtf8Bytes))
            {
                net = ReadDecimal(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new ItemChange(increase, decrease, net ?? 0);
    }

    private static SourceBox ReadBox(ref Utf8JsonReader reader)
    {
        double left = 0, top = 0, right = 0, bottom = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(LeftName.EncodedUtf8Bytes))
            {
                left = ReadDouble(ref reader);
            }
            else if (reader.ValueTextEquals(TopName.EncodedUtf8Bytes))
            {
                top = ReadDouble(ref reader);
            }
            else if (reader.ValueTextEquals(RightName.EncodedUtf8Bytes))
            {
                right = ReadDouble(ref reader);
            }
            else if (reader.ValueTextEquals(BottomName.EncodedUtf8Bytes))
            {
                bottom = ReadDouble(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new SourceBox(left, top, right, bottom);
    }

    private static double ReadDouble(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.GetDouble();
    }

    private static void ReadSections(ref Utf8JsonReader reader, Section?[] sections)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (NextProperty(ref reader))
        {
            var index = -1;
            for (var i = 0; i < SectionNames.Length; i++)
            {
                if (reader.ValueTextEquals(SectionNames[i].EncodedUtf8Bytes))
                {
                    index = i;
                    break;
                }
            }

            reader.Read();
            if (index < 0 || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                if (index >= 0)
                {
                    sections[index] = null;
                }

                continue;
            }

            string? title = null, text = null;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals(TitleName.EncodedUtf8Bytes))
                {
                    title = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals(TextName.EncodedUtf8Bytes))
                {
                    text = ReadString(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            sections[index] = new Section(title ?? string.Empty, text ?? string.Empty);
        }
    }

    private static Finding[] ReadFindings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return [];
        }

        var findings = new List<Finding>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                findings.Add(ReadFinding(ref reader));
            }
            else
            {
                reader.Skip();
            }
        }

        return [.. findings];
    }

    private static Finding ReadFinding(ref Utf8JsonReader reader)
    {
        string? ruleId = null, message = null;
        var severity = FindingSeverity.Info;
        var status = FindingStatus.NotAssessable;
        FindingOrigin? origin = null;
        string[] paths = [];
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(RuleIdName.EncodedUtf8Bytes))
            {
                ruleId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(MessageName.EncodedUtf8Bytes))
            {
                message = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(SeverityName.EncodedUtf8Bytes))
            {
                severity = ReadString(ref reader) switch
                {
                    "error" => FindingSeverity.Error,
                    "warning" => FindingSeverity.Warning,
                    _ => FindingSeverity.Info,
                };
            }
            else if (reader.ValueTextEquals(StatusName.EncodedUtf8Bytes))
            {
                status = ReadString(ref reader) switch
                {
                    "FAIL" => FindingStatus.Fail,
                    "UNCERTAIN" => FindingStatus.Uncertain,
                    _ => FindingStatus.NotAssessable,
                };
            }
            else if (reader.ValueTextEquals(OriginName.EncodedUtf8Bytes))
            {
                origin = ReadString(ref reader) switch
                {
                    "source_inconsistency" => FindingOrigin.SourceInconsistency,
                    "extraction_suspect" => FindingOrigin.ExtractionSuspect,
                    _ => null,
                };
            }
            else if (reader.ValueTextEquals(PathsName.EncodedUtf8Bytes))
            {
                reader.Read();
                paths = ReadPaths(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new Finding(ruleId ?? string.Empty, severity, status, message ?? string.Empty, paths, origin);
    }

    private static string[] ReadPaths(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return [];
        }

        var paths = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            paths.Add(reader.GetString() ?? string.Empty);
        }

        return [.. paths];
    }

    private static Provenance ReadProvenance(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "provenance");
        string? sha = null, mediaType = null, extractor = null, normalizer = null, ruleSet = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(SourceSha256Name.EncodedUtf8Bytes))
            {
                sha = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(MediaTypeName.EncodedUtf8Bytes))
            {
                mediaType = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(ExtractorName.EncodedUtf8Bytes))
            {
                extractor = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(NormalizerName.EncodedUtf8Bytes))
            {
                normalizer = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(RuleSetName.EncodedUtf8Bytes))
            {
                ruleSet = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new Provenance(sha ?? string.Empty, mediaType ?? string.Empty, extractor ?? string.Empty, normalizer ?? string.Empty, ruleSet ?? string.Empty);
    }
}

using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Wire = IngestionPipeline.Contracts.Reports;

namespace IngestionPipeline.Core.Model;

/// <summary>
/// Reads and writes the canonical report JSON of the contract. One format everywhere: the CLI's <c>parse</c> output,
/// stage artifacts and stored versions all use it, so a stored document is exactly what a consumer reading the
/// contract expects. The JSON is that of the wire records (<see cref="Wire.CanonicalReport"/>), serialised by
/// System.Text.Json source generation (<see cref="Wire.ReportJsonContext"/>); this class only maps the flat
/// <see cref="CanonicalReport.Cells"/> to the nested tables and back, through <see cref="ReportWireTree"/>.
/// Malformed input (not JSON, a required member missing, a wrong type, an unknown enum name) is a <see cref="JsonException"/>.
/// </summary>
public static class ReportJson
{
    private static readonly JsonWriterOptions IndentedWriter = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions CompactWriter = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonTypeInfo<Wire.CanonicalReport> ReportInfo = Wire.ReportJsonContext.Contract.CanonicalReport;

    /// <summary>The report without what says where it was read (see <see cref="WriteContent"/>).</summary>
    private static readonly JsonTypeInfo<Wire.CanonicalReport> ContentInfo = (JsonTypeInfo<Wire.CanonicalReport>)new JsonSerializerOptions(Wire.ReportJsonContext.Default.Options)
    {
        TypeInfoResolver = Wire.ReportJsonContext.Default.WithAddedModifier(WithoutProvenance),
    }.GetTypeInfo(typeof(Wire.CanonicalReport));

    private static readonly Wire.Cell MissingCell = ToWire(Cell.Missing);

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

    /// <summary>Writes the report as one JSON object with <paramref name="writer"/> (its indentation and encoder apply).</summary>
    public static void Write(Utf8JsonWriter writer, CanonicalReport report) => JsonSerializer.Serialize(writer, ToWire(report), ReportInfo);

    /// <summary>
    /// What the content hash covers: the contract JSON without <c>provenance</c>, without the cells' <c>source</c> objects
    /// and without <c>meta.yearSource</c> (where the year was read, not what the report says), in the same order.
    /// </summary>
    internal static void WriteContent(Utf8JsonWriter writer, CanonicalReport report) => JsonSerializer.Serialize(writer, ToWire(report), ContentInfo);

    /// <summary>Reads a contract JSON document back into a report.</summary>
    public static CanonicalReport Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return FromWire(JsonSerializer.Deserialize(json, ReportInfo));
    }

    /// <summary>Reads a UTF-8 contract JSON document back into a report.</summary>
    public static CanonicalReport Deserialize(ReadOnlySpan<byte> utf8Json) => FromWire(JsonSerializer.Deserialize(utf8Json, ReportInfo));

    /// <summary>Cells in contract order for the report's template version.</summary>
    public static IEnumerable<KeyValuePair<string, Cell>> OrderedCells(CanonicalReport report)
    {
        var template = TemplateDefinition.For(report.Meta.TemplateVersion);
        foreach (var path in template.CellPaths)
        {
            yield return new(path, report.Cells.TryGetValue(path, out var cell) ? cell : Cell.Missing);
        }
    }

    /// <summary>The contract's name of a cell semantic (<c>NUMERIC</c>, <c>NA</c>, …), for messages.</summary>
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

    /// <summary>Drops trailing zeros so that 12.0 is written as 12 and 83.420 as 83.42.</summary>
    public static decimal Canonical(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>The wire record of <paramref name="report"/>: the template's cells placed in the nested tables.</summary>
    internal static Wire.CanonicalReport ToWire(CanonicalReport report)
    {
        var meta = report.Meta;
        report.Sections.TryGetValue(SectionKeys.OverallSituation, out var overall);
        report.Sections.TryGetValue(SectionKeys.ProblemsAndImprovements, out var problems);
        report.Sections.TryGetValue(SectionKeys.OtherMatters, out var other);
        var findings = new Wire.Finding[report.Findings.Count];
        for (var i = 0; i < findings.Length; i++)
        {
            var f = report.Findings[i];
            findings[i] = new Wire.Finding
            {
                RuleId = f.RuleId,
                Severity = (Wire.FindingSeverity)f.Severity,
                Status = (Wire.FindingStatus)f.Status,
                Message = f.Message,
                Paths = f.Paths,
                Origin = (Wire.FindingOrigin?)f.Origin,
            };
        }

        var p = report.Provenance;
        var wire = new Wire.CanonicalReport
        {
            SchemaVersion = report.SchemaVersion,
            Meta = new Wire.ReportMeta
            {
                Title = meta.Title,
                Organization = meta.Organization,
                OrganizationNormalized = meta.OrganizationNormalized,
                Region = meta.Region is { IsEmpty: false } r ? new Wire.Region { Province = r.Province, City = r.City, County = r.County } : null,
                Year = meta.Year,
                TemplateVersion = (Wire.TemplateVersion)meta.TemplateVersion,
                YearSource = meta.YearSource,
            },
            Sections = new Wire.ReportSections
            {
                OverallSituation = ToWire(overall),
                ProblemsAndImprovements = ToWire(problems),
                OtherMatters = ToWire(other),
            },
            Findings = findings,
            Provenance = new Wire.Provenance { SourceSha256 = p.SourceSha256, MediaType = p.MediaType, Extractor = p.Extractor, Normalizer = p.Normalizer, RuleSet = p.RuleSet },
        };

        var tree = ReportWireTree.Instance;
        var inTemplate = tree.InTemplate[meta.TemplateVersion];
        foreach (var table in tree.Tables)
        {
            table.Property.Set!(wire, Build(table, report.Cells, inTemplate));
        }

        return wire;
    }

    /// <summary>The report of a wire record: the cells of its template version, MISSING where the document has none.</summary>
    internal static CanonicalReport FromWire(Wire.CanonicalReport? wire)
    {
        if (wire is null)
        {
            throw new JsonException("The canonical report JSON is null.");
        }

        var tree = ReportWireTree.Instance;
        var slots = new Cell?[tree.Leaves.Count];
        foreach (var table in tree.Tables)
        {
            if (table.Property.Get!(wire) is { } value)
            {
                Read(table, value, slots);
            }
        }

        var m = wire.Meta;
        var version = (TemplateVersion)m.TemplateVersion;
        var leaves = tree.TemplateLeaves[version];
        var cells = new Dictionary<string, Cell>(leaves.Length, StringComparer.Ordinal);
        foreach (var leaf in leaves)
        {
            cells[leaf.Path!] = slots[leaf.LeafIndex] ?? Cell.Missing;
        }

        var findings = new Finding[wire.Findings.Count];
        for (var i = 0; i < findings.Length; i++)
        {
            var f = wire.Findings[i] ?? throw new JsonException($"Finding {i} is null.");
            findings[i] = new Finding(f.RuleId, (FindingSeverity)f.Severity, (FindingStatus)f.Status, f.Message, f.Paths, (FindingOrigin?)f.Origin);
        }

        var p = wire.Provenance;
        return new CanonicalReport
        {
            SchemaVersion = wire.SchemaVersion,
            Meta = new ReportMeta(
                m.Title,
                m.Organization,
                m.OrganizationNormalized,
                m.Region is { } r ? new Region(r.Province, r.City, r.County) : null,
                m.Year,
                version)
            {
                YearSource = m.YearSource,
            },
            Cells = cells,
            Sections = new Dictionary<string, Section?>(StringComparer.Ordinal)
            {
                [SectionKeys.OverallSituation] = FromWire(wire.Sections.OverallSituation),
                [SectionKeys.ProblemsAndImprovements] = FromWire(wire.Sections.ProblemsAndImprovements),
                [SectionKeys.OtherMatters] = FromWire(wire.Sections.OtherMatters),
            },
            Findings = findings,
            Provenance = new Provenance(p.SourceSha256, p.MediaType, p.Extractor, p.Normalizer, p.RuleSet),
        };
    }

    private static object? Build(ReportWireTree.Node node, IReadOnlyDictionary<string, Cell> cells, bool[] inTemplate)
    {
        if (node.Path is { } path)
        {
            return !inTemplate[node.LeafIndex] ? null
                : cells.TryGetValue(path, out var cell) && !ReferenceEquals(cell, Cell.Missing) ? ToWire(cell) : MissingCell;
        }

        object? value = null;
        foreach (var child in node.Children)
        {
            if (Build(child, cells, inTemplate) is { } member)
            {
                value ??= node.Type!.CreateObject!();
                child.Property.Set!(value, member);
            }
        }

        return value;
    }

    private static void Read(ReportWireTree.Node node, object value, Cell?[] slots)
    {
        foreach (var child in node.Children)
        {
            var member = child.Property.Get!(value);
            if (member is null)
            {
                continue;
            }

            if (child.Path is not null)
            {
                slots[child.LeafIndex] = FromWire((Wire.Cell)member);
            }
            else
            {
                Read(child, member, slots);
            }
        }
    }

    private static Wire.Cell ToWire(Cell cell) => new()
    {
        Value = cell.Value is { } v ? Canonical(v) : null,
        Semantic = (Wire.CellSemantic)cell.Semantic,
        Raw = cell.Raw,
        Unit = cell.Unit,
        Inferred = cell.Inferred,
        Note = cell.Note,
        Change = cell.Change is { } c
            ? new Wire.ItemChange { Increase = c.Increase is { } i ? Canonical(i) : null, Decrease = c.Decrease is { } d ? Canonical(d) : null, Net = Canonical(c.Net) }
            : null,
        Source = cell.Source is { } s
            ? new Wire.CellSource
            {
                Page = s.Page,
                Line = s.Line,
                Row = s.Row,
                Column = s.Column,
                PlacedBy = s.PlacedBy,
                Table = s.Table,
                Box = s.Box is { } b ? new Wire.SourceBox { Left = b.Left, Top = b.Top, Right = b.Right, Bottom = b.Bottom } : null,
                Confidence = s.Confidence,
            }
            : null,
    };

    private static Cell FromWire(Wire.Cell cell) => new(
        cell.Value,
        (CellSemantic)cell.Semantic,
        cell.Raw,
        cell.Unit,
        cell.Inferred,
        cell.Source is { } s
            ? new CellSource(s.Page, s.Line, s.Row, s.Column)
            {
                PlacedBy = s.PlacedBy,
                Table = s.Table,
                Box = s.Box is { } b ? new SourceBox(b.Left, b.Top, b.Right, b.Bottom) : null,
                Confidence = s.Confidence,
            }
            : null,
        cell.Note,
        cell.Change is { } c ? new ItemChange(c.Increase, c.Decrease, c.Net) : null);

    private static Wire.Section? ToWire(Section? section) => section is null ? null : new Wire.Section { Title = section.Title, Text = section.Text };

    private static Section? FromWire(Wire.Section? section) => section is null ? null : new Section(section.Title, section.Text);

    /// <summary>Drops the members that say where the report was read rather than what it says.</summary>
    private static void WithoutProvenance(JsonTypeInfo type)
    {
        var drop = type.Type == typeof(Wire.CanonicalReport) ? "provenance"
            : type.Type == typeof(Wire.ReportMeta) ? "yearSource"
            : type.Type == typeof(Wire.Cell) ? "source"
            : null;
        for (var i = type.Properties.Count - 1; i >= 0 && drop is not null; i--)
        {
            if (type.Properties[i].Name == drop)
            {
                type.Properties.RemoveAt(i);
            }
        }
    }

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
}

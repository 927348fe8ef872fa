using System.IO.Packaging;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using IngestionPipeline.Core.Parsing;
using WTableCell = DocumentFormat.OpenXml.Wordprocessing.TableCell;

namespace IngestionPipeline.Core.Extraction.Docx;

/// <summary>
/// Word 2007+ reports (OpenXML SDK). Body paragraphs become <see cref="TextBlock"/>s (one per line:
/// <c>w:br</c>/<c>w:cr</c> split a paragraph), <c>w:tbl</c> tables become <see cref="TableBlock"/>s with
/// the real grid: a cell's column is <c>w:gridBefore</c> plus the <c>w:gridSpan</c>s before it,
/// <c>gridSpan</c> is its <see cref="TableCell.ColumnSpan"/>, and a <c>vMerge</c> restart cell gets a
/// <see cref="TableCell.RowSpan"/> covering its continuation cells (which are not emitted). Cell text is
/// the cell's paragraphs joined with <c>\n</c> (the normalizer strips whitespace inside labels, so a
/// label wrapped over two paragraphs still matches). Text inside content controls, hyperlinks, simple
/// and complex fields (their results, not their codes) and insertions is kept; deleted revisions, field
/// codes, drawings and bookmarks are not. Paragraphs with inner tabs (a table faked with tabs) become table
/// rows, as in the text extractor. A table holding other tables, or a single cell, is a layout container:
/// its content is walked as body content. The package is checked first (<see cref="DocxPackageGuard"/>);
/// bad input is rejected with a reason code, never thrown. Locations: <c>Line</c> is the ordinal of the
/// emitted paragraph line or table row (DOCX has no stable lines or pages).
/// </summary>
public sealed class DocxExtractor(long maxUncompressedBytes) : IExtractor
{
    internal const int MaxNesting = 32;
    internal const int LayoutCellChars = 400;

    private static ReadOnlySpan<byte> ZipMagic => [0x50, 0x4B, 0x03, 0x04];

    private static ReadOnlySpan<byte> OleMagic => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public DocxExtractor()
        : this(DocxPackageGuard.MaxUncompressedBytes)
    {
    }

    public string Name => "docx@1";

    public string MediaType => FormatDetector.Docx;

    /// <summary>True for an OLE compound file holding an <c>EncryptedPackage</c> stream: a password-protected OOXML file.</summary>
    public static bool IsEncryptedPackage(ReadOnlySpan<byte> content) =>
        content.StartsWith(OleMagic) && content.IndexOf("E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0"u8) >= 0;

    public Outcome<ExtractedDocument> Extract(RawFile file, CancellationToken cancellationToken = default)
    {
        var content = file.Content.Span;
        if (content.IsEmpty)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.EmptyFile, "The file is empty (0 bytes).");
        }

        if (IsEncryptedPackage(content))
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.Encrypted, "The Word document is password-protected (encrypted OOXML package).");
        }

        if (!content.StartsWith(ZipMagic))
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.CorruptFile, "The file is not a DOCX package (no zip signature).");
        }

        using var stream = AsStream(file.Content);
        try
        {
            if (DocxPackageGuard.Check(stream, maxUncompressedBytes, cancellationToken) is { } rejection)
            {
                return Outcome<ExtractedDocument>.Reject(rejection);
            }

            stream.Position = 0;
            using var document = WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = maxUncompressedBytes });
            var body = document.MainDocumentPart?.Document?.Body;
            if (body is null)
            {
                return Outcome<ExtractedDocument>.Reject(ReasonCodes.CorruptFile, "The package has no main document part (word/document.xml).");
            }

            var blocks = new Walker(cancellationToken).Run(body);
            var title = document.PackageProperties.Title;
            return Outcome<ExtractedDocument>.Success(new ExtractedDocument(MediaType, Name, blocks) { DocumentTitle = string.IsNullOrWhiteSpace(title) ? null : title.Trim() });
        }
        catch (Exception ex) when (ex is InvalidDataException or OpenXmlPackageException or XmlException or IOException
            or FileFormatException or InvalidOperationException or NotSupportedException or ArgumentException or UriFormatException
            or FormatException or OverflowException)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.CorruptFile, $"The DOCX package is corrupt or truncated: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    /// <summary>Elements whose content is never visible text: deletions, field codes, drawings, properties.</summary>
    private static bool IsInvisible(OpenXmlElement element) => element is DeletedRun or DeletedText or DeletedFieldCode or MoveFromRun
        or FieldCode or Drawing or Picture or EmbeddedObject or AlternateContent or RunProperties or ParagraphProperties
        or BookmarkStart or BookmarkEnd or CommentReference or FootnoteReference or EndnoteReference or SdtProperties or SdtEndCharProperties
        or Paragraph;

    /// <summary>The visible text of a paragraph, <c>\n</c> for breaks and <c>\t</c> for tabs (iterative, no recursion).</summary>
    internal static string ParagraphText(Paragraph paragraph)
    {
        var sb = new StringBuilder();
        var stack = new Stack<OpenXmlElement>();
        for (var i = paragraph.ChildElements.Count - 1; i >= 0; i--)
        {
            stack.Push(paragraph.ChildElements[i]);
        }

        while (stack.Count > 0)
        {
            var element = stack.Pop();
            switch (element)
            {
                case Text text:
                    sb.Append(text.Text);
                    continue;
                case TabChar or PositionalTab:
                    sb.Append('\t');
                    continue;
                case Break or CarriageReturn:
                    sb.Append('\n');
                    continue;
                case NoBreakHyphen:
                    sb.Append('-');
                    continue;
            }

            if (IsInvisible(element))
            {
                continue;
            }

            var children = element.ChildElements;
            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }

        return sb.ToString();
    }

    /// <summary>The block-level content of a container, looking through content controls and custom XML.</summary>
    private static IEnumerable<OpenXmlElement> BlockContent(OpenXmlElement container, int depth = 0)
    {
        foreach (var child in container.ChildElements)
        {
            switch (child)
            {
                case Paragraph or Table:
                    yield return child;
                    break;
                case SdtBlock sdt when depth < MaxNesting && sdt.SdtContentBlock is { } sdtContent:
                    foreach (var inner in BlockContent(sdtContent, depth + 1))
                    {
                        yield return inner;
                    }

                    break;
                case CustomXmlBlock or SdtContentBlock when depth < MaxNesting:
                    foreach (var inner in BlockContent(child, depth + 1))
                    {
                        yield return inner;
                    }

                    break;
            }
        }
    }

    private static IEnumerable<TableRow> Rows(Table table) => Flatten<TableRow>(table, static e => e is SdtRow or SdtContentRow or CustomXmlRow);

    private static IEnumerable<WTableCell> Cells(TableRow row) => Flatten<WTableCell>(row, static e => e is SdtCell or SdtContentCell or CustomXmlCell);

    private static IEnumerable<T> Flatten<T>(OpenXmlElement parent, Func<OpenXmlElement, bool> isWrapper)
        where T : OpenXmlElement
    {
        var stack = new Stack<(OpenXmlElement Element, int Depth)>();
        for (var i = parent.ChildElements.Count - 1; i >= 0; i--)
        {
            stack.Push((parent.ChildElements[i], 0));
        }

        while (stack.Count > 0)
        {
            var (element, depth) = stack.Pop();
            if (element is T match)
            {
                yield return match;
            }
            else if (isWrapper(element) && depth < MaxNesting)
            {
                for (var i = element.ChildElements.Count - 1; i >= 0; i--)
                {
                    stack.Push((element.ChildElements[i], depth + 1));
                }
            }
        }
    }

    /// <summary>The cell's text: its paragraphs' lines (tabs as spaces, each line trimmed, blanks dropped) joined with <c>\n</c>.</summary>
    private static string CellText(WTableCell cell, int depth)
    {
        var lines = new List<string>();
        foreach (var block in BlockContent(cell))
        {
            if (block is Paragraph p)
            {
                lines.AddRange(ParagraphText(p).Replace('\t', ' ').Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
            }
            else if (block is Table nested && depth < MaxNesting)
            {
                foreach (var row in Rows(nested))
                {
                    lines.Add(string.Join(' ', Cells(row).Select(c => CellText(c, depth + 1)).Where(t => t.Length > 0)));
                }
            }
        }

        return string.Join('\n', lines.Where(l => l.Length > 0));
    }

    private static bool IsDeleted(TableRow row) => row.TableRowProperties?.GetFirstChild<Deleted>() is not null;

    private static bool IsLayoutTable(Table table)
    {
        var cells = Rows(table).SelectMany(Cells).ToList();
        return cells.Count <= 1 || cells.Any(c => c.Descendants<Table>().Any() || CellText(c, MaxNesting).Length > LayoutCellChars);
    }

    private sealed class Walker(CancellationToken cancellationToken)
    {
        private readonly List<DocumentBlock> blocks = [];
        private readonly List<TableCell> tabRows = [];
        private int line;
        private int tabRowCount;
        private SourceLocation? tabStart;

        public List<DocumentBlock> Run(Body body)
        {
            Walk(body, 0);
            FlushTabRows();
            return blocks;
        }

        private void Walk(OpenXmlElement container, int depth)
        {
            foreach (var block in BlockContent(container))
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (block)
                {
                    case Paragraph paragraph:
                        EmitParagraph(paragraph);
                        break;
                    case Table table when depth < MaxNesting && IsLayoutTable(table):
                        foreach (var row in Rows(table).Where(r => !IsDeleted(r)))
                        {
                            foreach (var cell in Cells(row))
                            {
                                Walk(cell, depth + 1);
                            }
                        }

                        break;
                    case Table table:
                        FlushTabRows();
                        EmitTable(table);
                        break;
                }
            }
        }

        private void EmitParagraph(Paragraph paragraph)
        {
            foreach (var raw in ParagraphText(paragraph).Split('\n'))
            {
                var text = raw.Trim();
                if (text.Length == 0)
                {
                    continue;
                }

                var location = new SourceLocation(Line: ++line);
                if (text.Contains('\t', StringComparison.Ordinal))
                {
                    // A table laid out with tabs: one row per line, like the text extractor.
                    tabStart ??= location;
                    var cells = text.Split('\t');
                    for (var c = 0; c < cells.Length; c++)
                    {
                        tabRows.Add(new TableCell(tabRowCount, c, cells[c].Trim(), location));
                    }

                    tabRowCount++;
                    continue;
                }

                FlushTabRows();
                blocks.Add(new TextBlock(text, location));
            }
        }

        private void FlushTabRows()
        {
            if (tabRows.Count > 0)
            {
                blocks.Add(new TableBlock([.. tabRows], tabStart!));
            }

            tabRows.Clear();
            tabRowCount = 0;
            tabStart = null;
        }

        private void EmitTable(Table table)
        {
            var built = new List<CellBuilder>();
            var tableStart = new SourceLocation(Line: line + 1);

            // Grid column → the vMerge restart cell whose merge is still open there.
            var openMerges = new Dictionary<int, CellBuilder>();
            var r = 0;
            foreach (var row in Rows(table))
            {
                if (IsDeleted(row))
                {
                    continue;
                }

                var location = new SourceLocation(Line: ++line);
                var column = (int?)row.TableRowProperties?.GetFirstChild<GridBefore>()?.Val?.Value ?? 0;
                CellBuilder? previous = null;
                foreach (var cell in Cells(row))
                {
                    var properties = cell.TableCellProperties;
                    var span = Math.Clamp(properties?.GridSpan?.Val?.Value ?? 1, 1, 1000);
                    if (properties?.HorizontalMerge is { } hMerge && (hMerge.Val is null || hMerge.Val.Value != MergedCellValues.Restart) && previous is not null)
                    {
                        // Legacy horizontal merge: the continuation widens the cell on its left.
                        previous.ColumnSpan += span;
                        column += span;
                        continue;
                    }

                    var vMerge = properties?.VerticalMerge;
                    var continues = vMerge is not null && (vMerge.Val is null || vMerge.Val.Value == MergedCellValues.Continue);
                    if (continues && openMerges.TryGetValue(column, out var origin) && origin.Row < r)
                    {
                        origin.RowSpan = r - origin.Row + 1;
                        column += span;
                        previous = origin;
                        continue;
                    }

                    var builder = new CellBuilder(r, column, CellText(cell, 0), location, span);
                    built.Add(builder);
                    for (var c = column; c < column + span; c++)
                    {
                        openMerges.Remove(c);
                    }

                    if (vMerge is not null)
                    {
                        openMerges[column] = builder;
                    }

                    previous = builder;
                    column += span;
                }

                r++;
            }

            if (built.Count > 0)
            {
                blocks.Add(new TableBlock([.. built.Select(b => new TableCell(b.Row, b.Column, b.Text, b.Location, b.RowSpan, b.ColumnSpan))], tableStart));
            }
        }
    }

    private sealed class CellBuilder(int row, int column, string text, SourceLocation location, int columnSpan)
    {
        public int Row { get; } = row;

        public int Column { get; } = column;

        public string Text { get; } = text;

        public SourceLocation Location { get; } = location;

        public int RowSpan { get; set; } = 1;

        public int ColumnSpan { get; set; } = columnSpan;
    }
}

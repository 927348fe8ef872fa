using System.Buffers;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction.Html;

/// <summary>
/// HTML reports (government web pages, office-suite HTML exports). The page is decoded (BOM, declared
/// charset if the bytes agree, else detection: GB18030 pages are often undeclared), parsed with
/// AngleSharp, and walked in document order without recursion (hostile nesting cannot overflow the
/// stack; tags nested beyond <see cref="HtmlDepthLimiter.MaxDepth"/> are dropped before parsing, because
/// tree building is quadratic in depth): site chrome (scripts, styles, navigation, headers/footers, menus, hidden elements) is dropped,
/// every block element or <c>&lt;br&gt;</c>-separated line becomes a <see cref="TextBlock"/>, and every data
/// table a <see cref="TableBlock"/> whose row/column indexes come from a colspan/rowspan occupancy grid.
/// Layout tables (a table holding other tables, a single-cell box, a cell with page-length text) are
/// containers: their cells are walked like <c>&lt;div&gt;</c>s so the report's own tables inside come out
/// as tables. Cell text is whitespace-collapsed (<c>&amp;nbsp;</c> is a space); line breaks inside a cell
/// are kept as <c>\n</c>. Locations are source line numbers.
/// </summary>
public sealed class HtmlExtractor : IExtractor
{
    /// <summary>Elements deeper than this keep contributing text but no longer open blocks or tables.</summary>
    internal const int MaxStructuralDepth = 256;

    /// <summary>Colspan limit of the HTML standard.</summary>
    internal const int MaxColSpan = 1000;

    internal const int MaxRowSpan = 65534;

    /// <summary>Occupancy slots one table may mark (spans beyond this budget count as 1).</summary>
    internal const int MaxGridArea = 2_000_000;

    /// <summary>A table cell with more text than this is page layout, not a report cell.</summary>
    internal const int LayoutCellChars = 400;

    private static readonly HashSet<string> SkippedElements = new(StringComparer.Ordinal)
    {
        "head", "script", "style", "noscript", "template", "nav", "aside", "iframe", "frame", "frameset", "object", "embed",
        "svg", "math", "canvas", "select", "option", "button", "input", "textarea", "map", "audio", "video", "dialog", "menu",
    };

    private static readonly HashSet<string> BlockElements = new(StringComparer.Ordinal)
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section", "article", "main",
        "blockquote", "pre", "center", "address", "figure", "figcaption", "header", "footer", "form", "fieldset", "legend",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "hr", "body", "html", "details", "summary",
    };

    /// <summary>class/id words of navigation and page furniture (matched as whole words).</summary>
    private static readonly HashSet<string> ChromeWords = new(StringComparer.Ordinal)
    {
        "nav", "navbar", "navigation", "menu", "menubar", "topmenu", "submenu", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
        "header", "footer", "sidebar", "toolbar", "topbar", "share", "bdshare", "copyright", "friendlink", "skiplink", "dqwz",
        "position", "location", "curpos", "currentposition",
    };

    private static readonly SearchValues<char> WordSeparators = SearchValues.Create(" -_\t\n\r");

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ChromeWordLookup = ChromeWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Breadcrumb lines (当前位置：首页 &gt; …) that survive without a telling class: page furniture, not report text.</summary>
    private static readonly string[] BreadcrumbPrefixes = ["当前位置", "您的位置", "你的位置", "您现在的位置", "您当前的位置", "当前所在位置"];

    public string Name => "html@1";

    public string MediaType => FormatDetector.Html;

    public Outcome<ExtractedDocument> Extract(RawFile file, CancellationToken cancellationToken = default)
    {
        if (file.Content.IsEmpty)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.EmptyFile, "The file is empty (0 bytes).");
        }

        if (HtmlDecoding.Decode(file.Content.Span) is not { } decoded)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.UndecodableText, "The HTML bytes are not text in the declared charset, UTF-8, UTF-16 or GB18030.");
        }

        var parser = new HtmlParser(new HtmlParserOptions { IsKeepingSourceReferences = true });
        using var document = parser.ParseDocument(HtmlDepthLimiter.Limit(decoded.Text.TrimStart('\uFEFF')));
        if (document.Body is null)
        {
            return Outcome<ExtractedDocument>.Success(new ExtractedDocument(MediaType, Name, []));
        }

        var blocks = new Walker(cancellationToken).Run(document.Body);
        return Outcome<ExtractedDocument>.Success(new ExtractedDocument(MediaType, Name, blocks) { DocumentTitle = string.IsNullOrWhiteSpace(document.Title) ? null : document.Title.Trim() });
    }

    private static int? LineOf(INode? node)
    {
        for (var n = node; n is not null; n = n.Parent)
        {
            if (n is IElement { SourceReference: { } reference })
            {
                return reference.Position.Line;
            }
        }

        return null;
    }

    internal static bool IsHidden(IElement element)
    {
        if (element.HasAttribute("hidden") || string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var style = element.GetAttribute("style");
        if (style is null)
        {
            return false;
        }

        if (!Ascii.IsValid(style))
        {
            // Invariant lowering maps a few non-ASCII letters to ASCII ones (U+212A KELVIN SIGN → k): the slow path.
            var compact = style.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
            return compact.Contains("display:none", StringComparison.Ordinal) || compact.Contains("visibility:hidden", StringComparison.Ordinal);
        }

        // Every Word-exported element has a style attribute: compare in place, spaces skipped, ASCII case folded.
        return ContainsIgnoringSpaces(style, "display:none") || ContainsIgnoringSpaces(style, "visibility:hidden");
    }

    /// <summary><paramref name="value"/> without its spaces, ASCII-lowercased, contains <paramref name="lowerNeedle"/> (no spaces in it).</summary>
    internal static bool ContainsIgnoringSpaces(string value, string lowerNeedle)
    {
        for (var start = 0; start < value.Length; start++)
        {
            if (value[start] == ' ')
            {
                continue;
            }

            var k = 0;
            for (var i = start; i < value.Length && k < lowerNeedle.Length; i++)
            {
                var ch = value[i];
                if (ch == ' ')
                {
                    continue;
                }

                if (char.ToLowerInvariant(ch) != lowerNeedle[k])
                {
                    break;
                }

                k++;
            }

            if (k == lowerNeedle.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Navigation and page furniture by role or class/id words. Never an element holding a table (a report inside <c>&lt;div class="main-header-box"&gt;</c> must survive), and
    /// <c>&lt;header&gt;</c>/<c>&lt;footer&gt;</c> inside <c>&lt;article&gt;</c>/<c>&lt;main&gt;</c> are content (article titles).
    /// </summary>
    private static bool IsChrome(IElement element, bool insideArticle)
    {
        var role = element.GetAttribute("role");
        var byRole = role is "navigation" or "banner" or "contentinfo" or "menu" or "menubar" or "search";
        var byTag = element.LocalName is "header" or "footer" && !insideArticle;
        var byWord = !insideArticle && (HasChromeWord(element.GetAttribute("class")) || HasChromeWord(element.Id));
        return (byRole || byTag || byWord) && !ContainsTable(element);
    }

    internal static bool HasChromeWord(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (!Ascii.IsValid(value))
        {
            foreach (var word in value.ToLowerInvariant().Split([' ', '-', '_', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (ChromeWords.Contains(word))
                {
                    return true;
                }
            }

            return false;
        }

        // ASCII (every Word class name): split and lower into a stack buffer, look up as spans.
        Span<char> lower = stackalloc char[32];
        var rest = value.AsSpan();
        while (rest.Length > 0)
        {
            var end = rest.IndexOfAny(WordSeparators) is var cut and >= 0 ? cut : rest.Length;
            var word = rest[..end];
            rest = end < rest.Length ? rest[(end + 1)..] : [];
            if (word.Length is > 0 and <= 32 && ChromeWordLookup.Contains(lower[..word.ToLowerInvariant(lower)]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Iterative: is there a <c>&lt;table&gt;</c> below the element (bounded, so a huge subtree costs little)?</summary>
    private static bool ContainsTable(IElement element)
    {
        var stack = new Stack<IElement>();
        stack.Push(element);
        var budget = 200_000;
        while (stack.Count > 0 && budget-- > 0)
        {
            foreach (var child in stack.Pop().Children)
            {
                if (child.LocalName == "table")
                {
                    return true;
                }

                stack.Push(child);
            }
        }

        return budget <= 0;
    }

    /// <summary>The table's own rows (direct or in thead/tbody/tfoot), not those of nested tables.</summary>
    private static List<IElement> OwnRows(IElement table)
    {
        var rows = new List<IElement>();
        foreach (var child in table.Children)
        {
            if (child.LocalName == "tr")
            {
                rows.Add(child);
            }
            else if (child.LocalName is "thead" or "tbody" or "tfoot")
            {
                rows.AddRange(child.Children.Where(c => c.LocalName == "tr"));
            }
        }

        return rows;
    }

    private static IEnumerable<IElement> OwnCells(IElement row) => row.Children.Where(c => c.LocalName is "td" or "th");

    /// <summary>
    /// A data table holds report cells; a layout table holds page parts: a nested table in one of its
    /// cells, a single cell, or a cell with page-length text.
    /// </summary>
    private static bool IsLayoutTable(List<IElement> rows, out List<string?>? texts)
    {
        texts = null;
        var cells = rows.SelectMany(OwnCells).ToList();
        if (cells.Count <= 1)
        {
            return true;
        }

        // The texts read here are the cells' full texts unless the length cap cut one short: the data table's
        // EmitTable reuses them instead of walking every cell a second time.
        var read = new List<string?>(cells.Count);
        foreach (var cell in cells)
        {
            if (ContainsTable(cell))
            {
                return true;
            }

            var text = CellText(cell, LayoutCellChars + 1, out var complete);
            if (text.Length > LayoutCellChars)
            {
                return true;
            }

            read.Add(complete ? text : null);
        }

        texts = read;
        return false;
    }

    /// <summary>The visible text of a cell: whitespace runs collapsed to one space, hard breaks (br, blocks) as <c>\n</c>.</summary>
    private static string CellText(IElement cell) => CellText(cell, int.MaxValue, out _);

    /// <summary>The text of a cell, read up to about <paramref name="maxChars"/>; <paramref name="complete"/> when nothing was left unread.</summary>
    private static string CellText(IElement cell, int maxChars, out bool complete)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        var total = 0;

        void Break()
        {
            var line = Collapse(current.ToString());
            current.Clear();
            if (line.Length > 0)
            {
                lines.Add(line);
                total += line.Length;
            }
        }

        var stack = new Stack<(INode Node, bool Exit)>();
        stack.Push((cell, false));
        while (stack.Count > 0 && total + current.Length <= maxChars)
        {
            var (node, exit) = stack.Pop();
            if (exit)
            {
                Break();
                continue;
            }

            switch (node)
            {
                case IText text:
                    current.Append(text.Data);
                    break;
                case IElement element when node != cell:
                    if (SkippedElements.Contains(element.LocalName) || IsHidden(element))
                    {
                        break;
                    }

                    if (element.LocalName == "br")
                    {
                        Break();
                        break;
                    }

                    var block = BlockElements.Contains(element.LocalName);
                    if (block)
                    {
                        Break();
                        stack.Push((element, true));
                    }

                    PushChildren(stack, element);
                    break;
                case IElement:
                    PushChildren(stack, node);
                    break;
            }
        }

        complete = stack.Count == 0;
        Break();
        return string.Join('\n', lines);
    }

    private static void PushChildren(Stack<(INode, bool)> stack, INode node)
    {
        var children = node.ChildNodes;
        for (var i = children.Length - 1; i >= 0; i--)
        {
            stack.Push((children[i], false));
        }
    }

    /// <summary>Collapses every whitespace run (incl. NBSP and the ideographic space) to one space and trims.</summary>
    internal static string Collapse(string text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch) || ch is '\u200B' or '\uFEFF')
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(ch);
        }

        return sb.ToString();
    }

    /// <summary>Builds the table grid: each cell's column is the first free slot of its row after the slots taken by rowspans above.</summary>
    internal static List<TableCell> BuildGrid(IReadOnlyList<IReadOnlyList<(string Text, int? Line, int RowSpan, int ColSpan)>> rows)
    {
        var cells = new List<TableCell>();
        var occupied = new HashSet<long>();
        var area = 0L;
        for (var r = 0; r < rows.Count; r++)
        {
            var column = 0;
            foreach (var (text, line, rowSpanRaw, colSpanRaw) in rows[r])
            {
                while (occupied.Contains(Key(r, column)))
                {
                    column++;
                }

                var colSpan = Math.Clamp(colSpanRaw, 1, MaxColSpan);
                var remaining = rows.Count - r;
                var rowSpan = rowSpanRaw == 0 ? remaining : Math.Clamp(rowSpanRaw, 1, Math.Min(MaxRowSpan, remaining));
                if (area + ((long)rowSpan * colSpan) > MaxGridArea)
                {
                    rowSpan = 1;
                    colSpan = 1;
                }

                area += (long)rowSpan * colSpan;
                for (var dr = 0; dr < rowSpan; dr++)
                {
                    for (var dc = 0; dc < colSpan; dc++)
                    {
                        occupied.Add(Key(r + dr, column + dc));
                    }
                }

                cells.Add(new TableCell(r, column, text, new SourceLocation(Line: line), rowSpan, colSpan));
                column += colSpan;
            }
        }

        return cells;

        static long Key(int row, int column) => ((long)row << 32) | (uint)column;
    }

    private static int SpanAttribute(IElement cell, string name, int fallback)
    {
        var raw = cell.GetAttribute(name);
        if (raw is null)
        {
            return fallback;
        }

        // Browsers read the leading digits ("2px" → 2); garbage or negatives fall back to 1.
        var trimmed = raw.AsSpan().Trim();
        var length = 0;
        while (length < trimmed.Length && length < 6 && char.IsAsciiDigit(trimmed[length]))
        {
            length++;
        }

        return int.TryParse(trimmed[..length], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    /// <summary>The document-order walk; one instance per document.</summary>
    private sealed class Walker(CancellationToken cancellationToken)
    {
        private readonly List<DocumentBlock> blocks = [];
        private readonly StringBuilder line = new();
        private int? lineStart;
        private bool preformatted;

        public List<DocumentBlock> Run(IElement body)
        {
            // Frames: a node to enter, or the exit of a block element (flush) / of a <pre>.
            var stack = new Stack<Frame>(256);
            stack.Push(new Frame(body, FrameKind.Enter, 0, false));
            var steps = 0;
            while (stack.Count > 0)
            {
                if ((++steps & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var frame = stack.Pop();
                switch (frame.Kind)
                {
                    case FrameKind.ExitBlock:
                        Flush();
                        continue;
                    case FrameKind.ExitPre:
                        Flush();
                        preformatted = false;
                        continue;
                }

                switch (frame.Node)
                {
                    case IText text:
                        AppendText(text);
                        break;
                    case IElement element:
                        Enter(element, frame, stack);
                        break;
                }
            }

            Flush();
            return blocks;
        }

        private void Enter(IElement element, Frame frame, Stack<Frame> stack)
        {
            var name = element.LocalName;
            if (SkippedElements.Contains(name) || IsHidden(element))
            {
                return;
            }

            var structural = frame.Depth <= MaxStructuralDepth;
            var insideArticle = frame.InsideArticle || name is "article" or "main";
            if (structural && IsChrome(element, frame.InsideArticle))
            {
                return;
            }

            if (name == "br")
            {
                Flush();
                return;
            }

            if (structural && name == "table")
            {
                var rows = OwnRows(element);
                if (!IsLayoutTable(rows, out var texts))
                {
                    Flush();
                    EmitTable(element, rows, texts!);
                    return;
                }
            }

            var block = structural && BlockElements.Contains(name);
            if (block)
            {
                Flush();
                stack.Push(new Frame(element, name == "pre" ? FrameKind.ExitPre : FrameKind.ExitBlock, frame.Depth, false));
                if (name == "pre")
                {
                    preformatted = true;
                }
            }

            var children = element.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--)
            {
                stack.Push(new Frame(children[i], FrameKind.Enter, frame.Depth + 1, insideArticle));
            }
        }

        private void AppendText(IText text)
        {
            var data = text.Data;
            if (!preformatted)
            {
                if (line.Length == 0 && string.IsNullOrWhiteSpace(data))
                {
                    return;
                }

                lineStart ??= LineOf(text.Parent);
                line.Append(data);
                return;
            }

            var parts = data.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    Flush();
                }

                lineStart ??= LineOf(text.Parent);
                line.Append(parts[i]);
            }
        }

        private void Flush()
        {
            var text = Collapse(line.ToString());
            var breadcrumb = text.Length < 120 && BreadcrumbPrefixes.Any(p => text.StartsWith(p, StringComparison.Ordinal));
            if (text.Length > 0 && !breadcrumb)
            {
                blocks.Add(new TextBlock(text, new SourceLocation(Line: lineStart)));
            }

            line.Clear();
            lineStart = null;
        }

        private void EmitTable(IElement table, List<IElement> rows, List<string?> texts)
        {
            var caption = table.Children.FirstOrDefault(c => c.LocalName == "caption");
            if (caption is not null && CellText(caption) is { Length: > 0 } captionText)
            {
                blocks.Add(new TextBlock(captionText.Replace('\n', ' '), new SourceLocation(Line: LineOf(caption))));
            }

            var grid = new List<IReadOnlyList<(string, int?, int, int)>>(rows.Count);
            var k = 0;
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rowCells = new List<(string, int?, int, int)>();
                foreach (var c in OwnCells(row))
                {
                    // Cells come in IsLayoutTable's order (rows, then cells); a text it cut short is read again.
                    var text = texts[k++] ?? CellText(c);
                    rowCells.Add((text, LineOf(c), SpanAttribute(c, "rowspan", 1), SpanAttribute(c, "colspan", 1)));
                }

                grid.Add(rowCells);
            }

            var cells = BuildGrid(grid);
            if (cells.Count > 0)
            {
                blocks.Add(new TableBlock(cells, new SourceLocation(Line: LineOf(table))));
            }
        }
    }

    private enum FrameKind
    {
        Enter,
        ExitBlock,
        ExitPre,
    }

    private readonly record struct Frame(INode Node, FrameKind Kind, int Depth, bool InsideArticle);
}

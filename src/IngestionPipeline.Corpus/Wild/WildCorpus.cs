using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Corpus.Rendering;

namespace IngestionPipeline.Corpus.Wild;

/// <summary>
/// One document of a "wild" class: the shapes real users feed in (issue 12, ../shared/realworld): broken titles,
/// organization only in markup or prose, PDF-to-Markdown output, OCR text, saved web pages. Besides the expected JSON
/// it carries a label side file (<c>&lt;stem&gt;.label.json</c>: class, file format, hazards, cells not scored).
/// </summary>
public sealed record WildDocument(
    string Class,
    string Format,
    string FileName,
    byte[] Content,
    ReportSpec Spec,
    CanonicalReport Expected,
    IReadOnlyList<string> Hazards,
    IReadOnlyList<string> NotScored)
{
    public string Stem => Path.GetFileNameWithoutExtension(FileName);

    public string ExpectedFileName => Stem + CorpusLayout.ExpectedSuffix;

    public string LabelFileName => Stem + CorpusLayout.LabelSuffix;

    public string ExpectedJson() => ReportJson.Serialize(Expected, indented: false);

    public string LabelJson()
    {
        var node = new JsonObject
        {
            ["class"] = Class,
            ["format"] = Format,
            ["templateVersion"] = Spec.Version.ToWire(),
            ["hazards"] = new JsonArray(Hazards.Select(h => (JsonNode)JsonValue.Create(h)!).ToArray()),
            ["notScored"] = new JsonArray(NotScored.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray()),
        };
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }
}

/// <summary>
/// Generates the wild classes. Every document is built from an identity-consistent <see cref="ReportSpec"/>; the
/// expected JSON is what a careful human would label from the printed document: printed blanks are EMPTY, cells the
/// document does not contain are MISSING, and cells whose value the document lost (an OCR row that dropped values)
/// are listed as not scored. Fully determined by the seed.
/// </summary>
public static partial class WildCorpus
{
    /// <summary>The classes, each written to <c>corpus/generated/&lt;class&gt;/</c>.</summary>
    public static IReadOnlyList<string> Classes { get; } = ["title", "org", "md", "ocr", "web", "mixed"];

    public static IEnumerable<WildDocument> Generate(string cls, int count, int seed)
    {
        var classIndex = Classes.ToList().IndexOf(cls);
        if (classIndex < 0)
        {
            throw new ArgumentException($"Unknown class '{cls}' (known: {string.Join(", ", Classes)}).", nameof(cls));
        }

        for (var i = 0; i < count; i++)
        {
            var docSeed = unchecked((seed * 7919) + ((classIndex + 11) * 1_000_003) + (i * 31));
            yield return Document(cls, i, docSeed);
        }
    }

    public static WildDocument Document(string cls, int index, int docSeed)
    {
        var rng = new Random(unchecked(docSeed ^ 0x2c1b3c6d));
        var gb2019 = cls is "title" or "web" or "org" && index % 5 == 1;
        var version = gb2019 ? TemplateVersion.Gb2019 : TemplateVersion.Gb2021;
        var spec = ReportSpecGenerator.Generate(docSeed, null, new GeneratorOptions { Version = version, AllowBlankCells = cls is "md" or "web" });
        var b = new Builder(spec, rng, cls, index);
        return cls switch
        {
            "title" => b.TitleClass(),
            "org" => b.OrgClass(),
            "md" => b.MarkdownClass(mixed: false),
            "ocr" => b.OcrClass(mixed: false),
            "web" => b.WebClass(),
            "mixed" => index % 2 == 0 ? b.MarkdownClass(mixed: true) : b.OcrClass(mixed: true),
            _ => throw new ArgumentException(cls, nameof(cls)),
        };
    }

    private enum TitleForm
    {
        OneLine,
        YearFirst,
        Split2YearFirst,
        Split2OrgFirst,
        Split3,
        WrapMid,
        YearBreak,
        NoTitle,
        FileYear,
    }

    private sealed partial class Builder(ReportSpec spec, Random rng, string cls, int index)
    {
        private readonly List<string> hazards = [];
        private readonly HashSet<string> notScored = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Cell> overrides = new(StringComparer.Ordinal);
        private readonly string year = spec.Year.ToString(CultureInfo.InvariantCulture);
        private string org = spec.Agency.PrintedName;
        private string expectedTitle = spec.PrintedTitle;
        private string? fileYear;

        private string Suffix => spec.PrintedTitle.Contains("政务公开", StringComparison.Ordinal) ? "政务公开工作年度报告" : "政府信息公开工作年度报告";

        private void Hazard(string tag) => hazards.Add(tag);

        private bool Chance(double p) => rng.NextDouble() < p;

        // ---------------------------------------------------------------- classes

        public WildDocument TitleClass()
        {
            var form = (TitleForm)(index % 9);
            var kind = form is TitleForm.NoTitle or TitleForm.FileYear ? index % 2 : index % 4; // 0,1 txt, 2 md, 3 html
            if (kind == 3)
            {
                var html = HtmlRenderer.RenderText(spec, new HtmlStyle { SiteChrome = true });
                var lines = TitleLines(form == TitleForm.OneLine ? TitleForm.Split2OrgFirst : form, markdown: false);
                var h1 = $"<h1 class=\"title\">{E(spec.PrintedTitle)}</h1>";
                html = html.Replace(h1, "<div class=\"title\">" + string.Join(string.Empty, lines.Select(l => $"<p>{E(l)}</p>")) + "</div>", StringComparison.Ordinal);
                html = StatWrap(html, "<br>");
                return Finish("html", Encoding.UTF8.GetBytes(html));
            }

            var layout = kind switch { 0 => TxtLayout.Tabs, 1 => TxtLayout.TabsCompact, _ => TxtLayout.Markdown };
            var text = TxtRenderer.RenderText(spec, layout);
            text = ReplaceHead(text, form, markdown: kind == 2);
            return Finish(kind == 2 ? "md" : "txt", Encoding.UTF8.GetBytes(text));
        }

        public WildDocument OrgClass()
        {
            var kind = index % 3; // txt, md, html
            var variant = index % 5;
            Garble(0.3);
            if (kind == 2)
            {
                return Finish("html", Encoding.UTF8.GetBytes(WebPage(labelBlock: true, h1: variant % 2 == 0, signature: variant == 3)));
            }

            var markdown = kind == 1;
            var text = TxtRenderer.RenderText(spec, markdown ? TxtLayout.Markdown : TxtLayout.Tabs);
            var head = "\n" + spec.PrintedTitle + "\n\n";
            if (!text.StartsWith(head, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("unexpected text head");
            }

            var body = text[head.Length..];
            if (variant == 2)
            {
                body = BodyOnly(body, markdown);
            }

            body = body.Replace(spec.Agency.PrintedName, org, StringComparison.Ordinal);
            string newHead;
            switch (variant)
            {
                case 0:
                    Hazard("org-hash");
                    newHead = $"#{org} {year} 年 {Suffix}\n\n{org}\n({spec.Year + 1}年1月{10 + (index % 18)}日)\n\n";
                    Hazard("dateline");
                    expectedTitle = $"{org}{year}年{Suffix}";
                    break;
                case 1:
                    Hazard("org-label");
                    expectedTitle = $"{org}{year}年政府信息公开年度报告";
                    newHead = $"标题：{expectedTitle}-{Abbreviation()}\n单位：{Abbreviation()}\n\n{expectedTitle}\n\n";
                    break;
                case 2:
                    Hazard("org-bodyonly");
                    newHead = string.Empty;
                    break;
                case 3:
                    Hazard("org-signature");
                    Hazard("dateline");
                    expectedTitle = $"{org}{year}年{Suffix}";
                    newHead = $"{(markdown ? "# " : string.Empty)}{expectedTitle}\n\n{org}\n({spec.Year + 1}年1月{10 + (index % 18)}日)\n\n";
                    body += $"\n{org}\n{spec.Year + 1}年1月{10 + (index % 18)}日\n";
                    break;
                default:
                    Hazard("org-hash");
                    expectedTitle = $"{org}{year}年{Suffix}";
                    newHead = $"## 标题：{expectedTitle}\n\n";
                    Hazard("org-label");
                    break;
            }

            return Finish(markdown ? "md" : "txt", Encoding.UTF8.GetBytes("\n" + newHead + body));
        }

        public WildDocument MarkdownClass(bool mixed)
        {
            var sb = new StringBuilder();
            var titleForm = mixed ? (TitleForm)rng.Next(0, 8) : Chance(0.3) ? TitleForm.WrapMid : TitleForm.OneLine;
            if (mixed)
            {
                Garble(0.3);
            }

            var htmlTables = Chance(0.3);
            var set = new HashSet<string>(StringComparer.Ordinal);
            if (htmlTables)
            {
                set.Add("htmltable");
            }
            else
            {
                foreach (var h in new[] { "detached", "splitrow", "spreadheader", "repeatsep", "trailingempty", "t3heading", "pagenum", "groupsplit" })
                {
                    if (Chance(h is "detached" ? 0.6 : 0.4))
                    {
                        set.Add(h);
                    }
                }

                if (set.Count == 0)
                {
                    set.Add("detached");
                }
            }

            if (!htmlTables && spec.Version == TemplateVersion.Gb2021 && Chance(0.5))
            {
                set.Add("t2plain");
            }

            if (!htmlTables && spec.Version == TemplateVersion.Gb2021 && Chance(0.35))
            {
                set.Add("t2annot");
            }

            var t4 = rng.Next(3);
            if (t4 == 1)
            {
                set.Add("t4flat");
            }
            else if (t4 == 2)
            {
                set.Add("t4split");
            }

            foreach (var h in set.Order(StringComparer.Ordinal))
            {
                Hazard(h);
            }

            var headings = Chance(0.5);
            WriteHead(sb, titleForm, markdown: true);
            WriteNarrative(sb, spec.Overall, "一、总体情况", headings);
            sb.Append(Heading("二、主动公开政府信息情况", headings));
            if (set.Contains("htmltable"))
            {
                sb.Append(HtmlTable(ReportTables.ActiveDisclosure(spec))).Append("\n\n");
            }
            else
            {
                MarkdownT2(sb, set.Contains("t2plain"), set.Contains("t2annot"));
            }

            sb.Append(Heading("三、收到和处理政府信息公开申请情况", headings));
            if (set.Contains("htmltable"))
            {
                sb.Append(HtmlTable(ReportTables.Applications(spec))).Append("\n\n");
            }
            else
            {
                MarkdownT3(sb, set);
            }

            sb.Append(Heading(spec.Variants.ReviewTitle, headings));
            if (set.Contains("t4split"))
            {
                T4Split(sb);
            }
            else if (set.Contains("t4flat"))
            {
                T4Flat(sb);
            }
            else if (set.Contains("htmltable"))
            {
                sb.Append(HtmlTable(ReportTables.ReviewLitigation(spec))).Append("\n\n");
            }
            else
            {
                Pipe(sb, ReportTables.ReviewLitigation(spec).Dense().Select(r => r.ToList()).ToList(), trailing: set.Contains("trailingempty"));
            }

            WriteNarrative(sb, spec.Problems, spec.Variants.ProblemsTitle, headings);
            WriteNarrative(sb, spec.OtherMatters, "六、其他需要报告的事项", headings);
            return Finish("md", Encoding.UTF8.GetBytes(sb.ToString()));
        }

        public WildDocument OcrClass(bool mixed)
        {
            var sb = new StringBuilder();
            var layout = index % 3; // 0 per-group tables (shuyang), 1 one line per row, 2 label and values on separate lines
            Hazard(layout switch { 0 => "ocr-pergroup", 1 => "ocr-lines", _ => "ocr-splitlines" });
            Garble(mixed ? 0.6 : 0.4);
            var titleForm = mixed ? (TitleForm)rng.Next(0, 8) : TitleForm.OneLine;
            var garbleLabels = Chance(0.8);
            var lettersForDigits = Chance(0.8);
            var lost = Chance(0.5);
            if (garbleLabels)
            {
                Hazard("ocr-garble");
            }

            if (lettersForDigits)
            {
                Hazard("ocr-letters");
            }

            WriteHead(sb, titleForm, markdown: layout == 0);
            WriteNarrative(sb, spec.Overall, "一、总体情况", layout == 0);
            sb.Append(Heading("二、主动公开政府信息情况", layout == 0));
            OcrT2(sb, layout == 0, lettersForDigits);
            sb.Append(Heading("三、收到和处理政府信息公开申请情况", layout == 0));
            var rows = spec.Template.ApplicationRows.ToList();
            var lostRow = lost ? rows[rng.Next(2, rows.Count - 2)] : null;
            if (lostRow is not null)
            {
                Hazard("ocr-lostvalue");
            }

            var garbled = garbleLabels ? rows.Where(_ => Chance(0.15)).ToHashSet(StringComparer.Ordinal) : [];
            sb.Append(garbleLabels ? "(本列数据的勾稽关系为:寺 丁第二 坝加第四坝之和,等于第三项加第四项之和)\n\n" : "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\n\n");
            if (layout == 0)
            {
                OcrPerGroup(sb, lostRow, garbled, lettersForDigits);
            }
            else
            {
                OcrLines(sb, lostRow, garbled, lettersForDigits, separate: layout == 2);
            }

            sb.Append(Heading(spec.Variants.ReviewTitle, layout == 0));
            if (layout == 0)
            {
                Hazard("t4split");
                T4Split(sb, lettersForDigits);
            }
            else
            {
                sb.Append("行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n");
                sb.Append(string.Join(' ', ReviewValues().Select(v => Ocr(v, lettersForDigits)))).Append("\n\n");
            }

            WriteNarrative(sb, spec.Problems, spec.Variants.ProblemsTitle, layout == 0);
            WriteNarrative(sb, spec.OtherMatters, "六、其他需要报告的事项", layout == 0);
            if (Chance(0.5))
            {
                Hazard("org-signature");
                sb.Append(CultureInfo.InvariantCulture, $"{org}\n{spec.Year + 1}年1月{10 + (index % 18)}日\n");
            }

            return Finish("txt", Encoding.UTF8.GetBytes(sb.ToString()));
        }

        public WildDocument WebClass()
        {
            var fragment = index % 6 == 5;
            var blankOrg = !fragment && Chance(0.45);
            var truncated = fragment || Chance(0.35);
            if (blankOrg)
            {
                Hazard("web-blankorg");
                BlankOrganizations();
            }

            IReadOnlyList<string> rows = spec.Template.ApplicationRows;
            if (truncated)
            {
                Hazard("web-truncated");
                var keep = new HashSet<string>(StringComparer.Ordinal) { "newReceived", "carriedOver", "results.granted", "results.partialGrant", "results.totalProcessed", "results.carriedForward" };
                if (Chance(0.5))
                {
                    keep.UnionWith(spec.Template.ApplicationRows.Where(r => r.StartsWith("results.unableToProvide.", StringComparison.Ordinal)));
                }

                foreach (var row in spec.Template.ApplicationRows.Where(r => !keep.Contains(r)))
                {
                    foreach (var column in TemplateDefinition.ApplicantColumns)
                    {
                        overrides[TemplateDefinition.ApplicationPath(column, row)] = Cell.Missing;
                    }
                }

                rows = spec.Template.ApplicationRows.Where(keep.Contains).ToList();
            }

            if (fragment)
            {
                Hazard("notitle");
                Hazard("org-bodyonly");
                return Finish("html", Encoding.UTF8.GetBytes(WebFragment(rows)));
            }

            var spans = Chance(0.7);
            var vertical = Chance(0.5);
            if (spans)
            {
                Hazard("web-spans");
            }

            if (vertical)
            {
                Hazard("web-vertical");
            }

            return Finish("html", Encoding.UTF8.GetBytes(WebPage(labelBlock: true, h1: Chance(0.6), signature: false, spans, vertical, rows, blankOrg)));
        }

        // ---------------------------------------------------------------- title and organization

        private static readonly System.Buffers.SearchValues<char> GarbleSources = System.Buffers.SearchValues.Create("沭鄞涪偃麓蜀汇莘");

        private void Garble(double p)
        {
            const string from = "沭鄞涪偃麓蜀汇莘";
            const string to = "沐勤培堰鹿属江辛";
            var i = org.AsSpan().IndexOfAny(GarbleSources);
            if (i >= 0 && Chance(p))
            {
                org = org[..i] + to[from.IndexOf(org[i], StringComparison.Ordinal)] + org[(i + 1)..];
                Hazard("org-garbled");
            }
        }

        private string Abbreviation() => org.Length > 7 ? org[..3] + org[^3..] : org;

        private List<string> TitleLines(TitleForm form, bool markdown)
        {
            var spaced = Chance(0.4);
            var y = spaced ? year + " 年" : year + "年";
            if (spaced && form is not TitleForm.NoTitle and not TitleForm.FileYear and not TitleForm.YearBreak)
            {
                Hazard("yearspace");
            }

            var suffix = Suffix;
            expectedTitle = $"{org}{year}年{suffix}";
            List<string> lines;
            switch (form)
            {
                case TitleForm.OneLine:
                    lines = [$"{org}{y}{suffix}"];
                    break;
                case TitleForm.YearFirst:
                    Hazard("title-yearfirst");
                    expectedTitle = $"{year}年{org}{suffix}";
                    lines = [$"{y}{org}{suffix}"];
                    break;
                case TitleForm.Split2YearFirst:
                    Hazard("title-split2-yearfirst");
                    expectedTitle = $"{year}年{org}{suffix}";
                    lines = [$"{y}{org}", suffix];
                    break;
                case TitleForm.Split2OrgFirst:
                    Hazard("title-split2-orgfirst");
                    lines = [org, $"{y}{suffix}"];
                    break;
                case TitleForm.Split3:
                    Hazard("title-split3");
                    lines = [org, $"{y}{suffix[..^4]}", suffix[^4..]];
                    break;
                case TitleForm.WrapMid:
                    Hazard("title-wrapmid");
                    expectedTitle = $"{year}年{org}{suffix}";
                    lines = [$"{y}{org}{suffix[..^4]}", suffix[^4..]];
                    break;
                case TitleForm.YearBreak:
                    Hazard("title-yearbreak");
                    lines = [$"{org}{year}", $"年{suffix}"];
                    break;
                case TitleForm.FileYear:
                    Hazard("title-fileyear");
                    expectedTitle = $"{org}{suffix}";
                    fileYear = year;
                    lines = [$"{org}{suffix}"];
                    break;
                default:
                    throw new InvalidOperationException(form.ToString());
            }

            if (Chance(0.25))
            {
                Hazard("titlelabel");
                lines[0] = "标题：" + lines[0];
            }

            if (markdown && Chance(0.7))
            {
                Hazard("mdheading");
                lines[0] = (Chance(0.5) ? "# " : "## ") + lines[0];
            }

            if (Chance(0.35))
            {
                Hazard("runninghead");
                lines.Insert(0, "正文");
            }

            return lines;
        }

        /// <summary>Replaces the title and the preamble's statistics period of a TxtRenderer text.</summary>
        private string ReplaceHead(string text, TitleForm form, bool markdown)
        {
            var head = "\n" + spec.PrintedTitle + "\n\n";
            if (!text.StartsWith(head, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("unexpected text head");
            }

            var body = text[head.Length..];
            if (form == TitleForm.NoTitle)
            {
                Hazard("notitle");
                return "\n" + BodyOnly(body, markdown);
            }

            var lines = TitleLines(form, markdown);
            body = StatWrap(body, "\n");
            var result = "\n" + string.Join('\n', lines) + "\n\n" + body;
            if (form == TitleForm.FileYear)
            {
                result = YearPattern().Replace(result, "本年");
            }

            return result;
        }

        /// <summary>No title: drop the preamble, state organization and year in one body sentence.</summary>
        private string BodyOnly(string body, bool markdown)
        {
            foreach (var p in spec.Preamble)
            {
                body = body.Replace(p + "\n\n", string.Empty, StringComparison.Ordinal);
            }

            var anchor = "一、总体情况\n\n";
            var i = body.IndexOf(anchor, StringComparison.Ordinal);
            var sentence = $"{year}年，{org}扎实推进信息公开。\n\n";
            expectedTitle = string.Empty;
            return i < 0 ? sentence + body : body[..(i + anchor.Length)] + sentence + body[(i + anchor.Length)..];
        }

        private string StatWrap(string text, string lineBreak)
        {
            var period = spec.Preamble.Count > 1 ? spec.Preamble[1] : null;
            if (period is null || !Chance(0.5))
            {
                return text;
            }

            var wrapped = period.Replace($"统计期限为{year}年1月1日至{year}年12月31日", $"统计期限为 {year}{lineBreak}年 1 月 1 日至 12 月 31 日", StringComparison.Ordinal);
            if (wrapped == period)
            {
                return text;
            }

            Hazard("statwrap");
            return text.Replace(period, wrapped, StringComparison.Ordinal);
        }

        private void WriteHead(StringBuilder sb, TitleForm form, bool markdown)
        {
            if (form == TitleForm.NoTitle)
            {
                Hazard("notitle");
                Hazard("org-bodyonly");
                expectedTitle = string.Empty;
                sb.Append(CultureInfo.InvariantCulture, $"{year}年，{org}扎实推进信息公开。\n\n");
                return;
            }

            foreach (var line in TitleLines(form, markdown))
            {
                sb.Append(line).Append('\n');
            }

            sb.Append('\n');
            foreach (var p in spec.Preamble)
            {
                sb.Append(StatWrap(p, "\n").Replace(spec.Agency.PrintedName, org, StringComparison.Ordinal)).Append("\n\n");
            }
        }

        private static string Heading(string text, bool markdown) => (markdown ? "## " : string.Empty) + text + "\n\n";

        private void WriteNarrative(StringBuilder sb, IReadOnlyList<string> paragraphs, string heading, bool markdown)
        {
            sb.Append(Heading(heading, markdown));
            foreach (var p in paragraphs)
            {
                sb.Append(p.Replace(spec.Agency.PrintedName, org, StringComparison.Ordinal)).Append("\n\n");
            }
        }

        // ---------------------------------------------------------------- markdown

        private abstract record Item;

        private sealed record PipeRow(IReadOnlyList<string> Cells) : Item;

        private sealed record Line(string Text) : Item;

        private sealed record Separator(int Columns) : Item;

        /// <summary>Writes items as markdown: runs of pipe rows are tables, the first row of each run gets a separator.</summary>
        private static void WriteItems(StringBuilder sb, IEnumerable<Item> items)
        {
            var inTable = false;
            foreach (var item in items)
            {
                switch (item)
                {
                    case PipeRow row:
                        sb.Append("| ").Append(string.Join(" | ", row.Cells)).Append(" |\n");
                        if (!inTable)
                        {
                            sb.Append('|').Append(string.Concat(Enumerable.Repeat("---|", row.Cells.Count))).Append('\n');
                        }

                        inTable = true;
                        break;
                    case Separator s:
                        sb.Append('|').Append(string.Concat(Enumerable.Repeat("---|", s.Columns))).Append('\n');
                        break;
                    case Line line:
                        if (inTable)
                        {
                            sb.Append('\n');
                        }

                        sb.Append(line.Text).Append('\n');
                        inTable = false;
                        break;
                }
            }

            sb.Append('\n');
        }

        private static void Pipe(StringBuilder sb, List<List<string>> rows, bool trailing = false) =>
            WriteItems(sb, rows.Select(r => (Item)new PipeRow(trailing ? [.. r, string.Empty] : r)));

        private void MarkdownT2(StringBuilder sb, bool plain, bool annotated)
        {
            var dense = ReportTables.ActiveDisclosure(spec).Dense().Select(r => r.ToList()).ToList();
            if (!plain && !annotated)
            {
                Pipe(sb, dense);
                return;
            }

            // plain: (五)/(六)/(八) as plain text lines (kewei-2024.md). annotated: the 本年废止件数 cells of (一), printed with
            // a note over two lines, pulled out above the table, whose rows keep two numbers (shoffice-2025.md): which row
            // each pulled-out value belongs to is a judgement call, so those two cells are not scored.
            var items = new List<Item>();
            var first = true;
            foreach (var row in dense)
            {
                if (row[0].StartsWith("第二十条", StringComparison.Ordinal))
                {
                    first = row[0].Contains("（一）", StringComparison.Ordinal);
                    items.Add(new Line(row[0]));
                    if (first && annotated)
                    {
                        foreach (var key in new[] { "regulations", "normativeDocuments" })
                        {
                            var path = TemplateDefinition.ActiveDisclosurePath(key, "repealed");
                            notScored.Add(path);
                            items.Add(new Line(spec[path].Raw));
                            if (Chance(0.6))
                            {
                                items.Add(new Line(Chance(0.5) ? $"（含自然失效 {rng.Next(1, 30)} 件）" : $"（其中修订 {rng.Next(1, 20)} 件）"));
                            }
                        }
                    }
                }
                else if (first)
                {
                    var cells = annotated && row[0] != "信息内容" ? row.Where((_, i) => i != 2).ToList() : row;
                    items.Add(new PipeRow(cells));
                }
                else if (plain)
                {
                    items.Add(new Line(row[0] == "信息内容" ? row[0] + row[1] : $"{row[0]} {row[1]}"));
                }
                else
                {
                    items.Add(new PipeRow(row));
                }
            }

            WriteItems(sb, items);
        }

        private void MarkdownT3(StringBuilder sb, HashSet<string> set)
        {
            var dense = ReportTables.Applications(spec).Dense().Select(r => r.ToList()).ToList();
            var rows = spec.Template.ApplicationRows;
            var trailing = set.Contains("trailingempty");
            var items = new List<Item>();
            List<string> T(List<string> cells) => trailing ? [.. cells, string.Empty] : cells;
            if (set.Contains("spreadheader"))
            {
                items.Add(new Line("申请人情况"));
                items.Add(new Line("（本列数据的勾稽关系为：第一项加第二项法人或其他组织"));
                items.Add(new Line("之和，等于第三项加第四项之和）"));
                items.Add(new Line("自然人总计"));
                items.Add(new Line("商业企科研机社会公法律服"));
                items.Add(new Line("其他"));
                items.Add(new PipeRow(T(["业", "构", "益组织", "务机构", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty])));
            }
            else
            {
                items.AddRange(dense.Take(3).Select(r => new PipeRow(T(r))));
            }

            var detached = set.Contains("detached")
                ? Enumerable.Range(3, rows.Count - 4).Where(_ => Chance(0.2)).ToHashSet()
                : [];
            if (set.Contains("detached") && detached.Count == 0)
            {
                detached.Add(6);
            }

            if (set.Contains("groupsplit"))
            {
                // A merged group label split over the first cells of two rows ('（三）不' / '予公开', shoffice-2025.md).
                for (var r = 3; r + 1 < dense.Count; r++)
                {
                    if (dense[r][1] is { Length: > 4 } g && g.StartsWith('（') && dense[r][2].Length > 0 && dense[r + 1][1].Length == 0 && dense[r + 1][2].Length > 0)
                    {
                        dense[r][1] = g[..4];
                        dense[r + 1][1] = g[4..];
                    }
                }
            }

            var split = set.Contains("splitrow") ? 2 + rng.Next(rows.Count - 3) : -1;
            var pageAt = set.Contains("pagenum") ? 8 + rng.Next(rows.Count - 10) : -1;
            var headingAt = set.Contains("t3heading") ? 5 + rng.Next(rows.Count - 7) : -1;
            for (var r = 0; r < rows.Count; r++)
            {
                var row = dense[r + 3];
                var li = row.Take(3).ToList().FindLastIndex(c => c.Length > 0);
                var label = row[li];
                var group = row.Take(li).FirstOrDefault(c => c.Length > 0);
                var values = row.Skip(3).ToList();
                if (r == pageAt)
                {
                    items.Add(new Line($"— {2 + (index % 5)} —"));
                }

                if (r == headingAt)
                {
                    items.Add(new Line("## 表三：收到和处理政府信息公开申请情况"));
                }

                if (detached.Contains(r))
                {
                    // The value row lost its label cell; the label is printed as loose text lines nearby.
                    var loose = new List<Item>();
                    if (group is not null)
                    {
                        loose.Add(new Line(group));
                    }

                    loose.AddRange(Wrap(label, 11).Select(l => new Line(l)));
                    var before = Chance(0.5);
                    if (before)
                    {
                        items.AddRange(loose);
                    }

                    items.Add(new Line(string.Empty));
                    items.Add(new PipeRow(T(values)));
                    if (!before)
                    {
                        items.AddRange(loose);
                    }

                    continue;
                }

                if (r == split)
                {
                    // One printed row split into two pipe rows: the label's head alone, its tail with the values.
                    var cut = Math.Max(2, label.Length / 2);
                    var cells = row.ToList();
                    var headRow = Enumerable.Repeat(string.Empty, cells.Count).ToList();
                    headRow[li] = label[..cut];
                    cells[li] = label[cut..];
                    items.Add(new PipeRow(T(headRow)));
                    items.Add(new PipeRow(T(cells)));
                    continue;
                }

                items.Add(new PipeRow(T(row)));
                if (set.Contains("repeatsep") && Chance(0.15))
                {
                    items.Add(new Separator(row.Count + (trailing ? 1 : 0)));
                }
            }

            WriteItems(sb, items);
        }

        private static IEnumerable<string> Wrap(string text, int width)
        {
            for (var i = 0; i < text.Length; i += width)
            {
                yield return text.Substring(i, Math.Min(width, text.Length - i));
            }
        }

        private IEnumerable<string> ReviewValues() => TemplateDefinition.ReviewGroups
            .SelectMany(g => TemplateDefinition.ReviewColumns.Select(c => spec[TemplateDefinition.ReviewPath(g, c)].Raw));

        private void T4Flat(StringBuilder sb)
        {
            sb.Append("行政复议行政诉讼\n未经复议直接起诉复议后起诉\n结果结果其他尚未\n总计\n总计总计\n维持纠正结果审结维持纠正结果审结\n");
            WriteItems(sb, [
                new PipeRow(["维持", "纠正", "结果", "审结", "结果", "结果", "其他", "尚未", "结果", "结果", "其他", "尚未"]),
                new PipeRow(ReviewValues().ToList()),
                new Separator(15),
            ]);
        }

        private void T4Split(StringBuilder sb, bool letters = false)
        {
            string[] names = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"];
            for (var g = 0; g < 3; g++)
            {
                sb.Append("### ").Append(names[g]).Append('\n');
                var group = TemplateDefinition.ReviewGroups[g];
                WriteItems(sb, [
                    new PipeRow(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]),
                    new PipeRow(TemplateDefinition.ReviewColumns.Select(c => Ocr(spec[TemplateDefinition.ReviewPath(group, c)].Raw, letters, TemplateDefinition.ReviewPath(group, c))).ToList()),
                ]);
            }
        }

        private static string HtmlTable(GridTable table)
        {
            var sb = new StringBuilder("<table>");
            foreach (var row in table.Rows)
            {
                sb.Append("<tr>");
                foreach (var cell in row)
                {
                    sb.Append("<td");
                    if (cell.ColSpan > 1)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $" colspan=\"{cell.ColSpan}\"");
                    }

                    if (cell.RowSpan > 1)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $" rowspan=\"{cell.RowSpan}\"");
                    }

                    sb.Append('>').Append(E(cell.Text)).Append("</td>");
                }

                sb.Append("</tr>");
            }

            return sb.Append("</table>").ToString();
        }

        // ---------------------------------------------------------------- OCR

        private static readonly Dictionary<char, char> Confusions = new()
        {
            ['信'] = '言', ['息'] = '思', ['请'] = '清', ['处'] = '外', ['理'] = '埋', ['开'] = '幵', ['办'] = '力', ['数'] = '敉',
            ['政'] = '攻', ['府'] = '俯', ['密'] = '蜜', ['护'] = '沪', ['益'] = '盖', ['务'] = '各', ['执'] = '热', ['询'] = '洵',
            ['掌'] = '堂', ['握'] = '喔', ['制'] = '刺', ['确'] = '碓', ['访'] = '坊', ['复'] = '夏', ['版'] = '板', ['物'] = '勿',
            ['补'] = '朴', ['缴'] = '激', ['费'] = '贵', ['结'] = '洁', ['转'] = '专', ['收'] = '妆', ['量'] = '昼', ['家'] = '冢',
        };

        /// <summary>One or two look-alike characters in the label body (the numbering is kept, so the row stays identifiable).</summary>
        private string GarbleLabel(string label)
        {
            var chars = label.ToCharArray();
            var start = Math.Max(label.AsSpan().IndexOfAny("、.）") + 1, 0);
            var positions = Enumerable.Range(start, chars.Length - start).Where(i => Confusions.ContainsKey(chars[i])).ToList();
            for (var k = 0; k < Math.Min(2, positions.Count); k++)
            {
                var p = positions[rng.Next(positions.Count)];
                chars[p] = Confusions.GetValueOrDefault(chars[p], chars[p]);
            }

            return new string(chars);
        }

        /// <summary>OCR letters for digits: o/O/。 for 0, l/I for 1. The expected value stays the printed number.</summary>
        private string Ocr(string raw, bool letters, string? path = null)
        {
            if (!letters || raw.Length == 0 || !raw.All(char.IsAsciiDigit) || !Chance(0.06))
            {
                return raw;
            }

            string printed;
            if (raw == "0")
            {
                printed = new[] { "o", "O", "。" }[rng.Next(3)];
            }
            else if (raw.Contains('1', StringComparison.Ordinal))
            {
                var i = raw.IndexOf('1', StringComparison.Ordinal);
                printed = raw[..i] + (rng.Next(2) == 0 ? 'l' : 'I') + raw[(i + 1)..];
            }
            else if (raw.Length > 1 && raw.Contains('0', StringComparison.Ordinal))
            {
                var i = raw.IndexOf('0', StringComparison.Ordinal);
                printed = raw[..i] + 'O' + raw[(i + 1)..];
            }
            else
            {
                return raw;
            }

            if (path is not null && overrides.GetValueOrDefault(path) is null)
            {
                overrides[path] = spec[path].ToCell() with { Raw = printed };
            }

            return printed;
        }

        private void OcrT2(StringBuilder sb, bool markdown, bool letters)
        {
            var template = spec.Template;
            var grid = ReportTables.ActiveDisclosure(spec).Dense();
            var keys = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["规章"] = "regulations", ["行政规范性文件"] = "normativeDocuments", ["规范性文件"] = "normativeDocuments", ["行政许可"] = "licensing",
                ["其他对外管理服务事项"] = "otherManagementServices", ["行政处罚"] = "punishment", ["行政强制"] = "coercion", ["行政事业性收费"] = "fees",
                ["政府集中采购"] = "centralizedProcurement",
            };
            foreach (var row in grid)
            {
                if (keys.TryGetValue(row[0], out var key))
                {
                    var columns = template.ActiveDisclosure.Single(r => r.Key == key).Columns;
                    var values = columns.Select(c => Ocr(spec[TemplateDefinition.ActiveDisclosurePath(key, c)].Raw, letters && c is not "itemChange" and not "amount" and not "totalAmount", TemplateDefinition.ActiveDisclosurePath(key, c)));
                    sb.Append(markdown ? $"| {row[0]} | {string.Join(" | ", values)} |\n" : $"{row[0]} {string.Join(' ', values)}\n");
                }
                else if (row[0].StartsWith("第二十条", StringComparison.Ordinal))
                {
                    sb.Append(markdown ? $"\n### {row[0]}\n" : $"{row[0]}\n");
                }
                else if (row[0] == "信息内容")
                {
                    var header = row.Where(c => c.Length > 0).ToList();
                    sb.Append(markdown ? $"| {string.Join(" | ", header)} |\n|{string.Concat(Enumerable.Repeat("---|", header.Count))}\n" : string.Join(' ', header) + "\n");
                }
                else
                {
                    sb.Append(row[0]).Append('\n');
                }
            }

            sb.Append('\n');
        }

        private List<string> RowValues(string row, string? lostRow, bool letters)
        {
            var values = TemplateDefinition.ApplicantColumns.Select(c => Ocr(spec[TemplateDefinition.ApplicationPath(c, row)].Raw, letters, TemplateDefinition.ApplicationPath(c, row))).ToList();
            if (row == lostRow)
            {
                // The row lost one or two values: which ones is not recoverable from the text, so the row is not scored.
                var drop = 1 + rng.Next(2);
                for (var k = 0; k < drop; k++)
                {
                    values.RemoveAt(rng.Next(values.Count));
                }

                foreach (var c in TemplateDefinition.ApplicantColumns)
                {
                    notScored.Add(TemplateDefinition.ApplicationPath(c, row));
                }
            }

            return values;
        }

        private string RowLabel(string row, HashSet<string> garbled)
        {
            var label = ReportTables.ApplicationLabels[row];
            return garbled.Contains(row) ? GarbleLabel(label) : label;
        }

        private static string? GroupOf(string row) => row switch
        {
            _ when row.StartsWith("results.denied.", StringComparison.Ordinal) => "（三）不予公开",
            _ when row.StartsWith("results.unableToProvide.", StringComparison.Ordinal) => "（四）无法提供",
            _ when row.StartsWith("results.notProcessed.", StringComparison.Ordinal) => "（五）不予处理",
            _ when row.StartsWith("results.other.", StringComparison.Ordinal) && row != "results.other.total" => "（六）其他处理",
            _ => null,
        };

        private void OcrLines(StringBuilder sb, string? lostRow, HashSet<string> garbled, bool letters, bool separate)
        {
            sb.Append("申请人情况\n自然人 法人或其他组织 总计\n商业企业 科研机构 社会公益组织 法律服务机构 其他\n");
            string? lastGroup = null;
            foreach (var row in spec.Template.ApplicationRows)
            {
                if (row == "results.granted")
                {
                    sb.Append("三、本年度办理结果\n");
                }

                var group = GroupOf(row);
                if (group is not null && group != lastGroup)
                {
                    sb.Append(group).Append('\n');
                }

                lastGroup = group;
                var values = string.Join(' ', RowValues(row, lostRow, letters));
                sb.Append(RowLabel(row, garbled)).Append(separate ? "\n" : " ").Append(values).Append('\n');
            }

            sb.Append('\n');
        }

        private void OcrPerGroup(StringBuilder sb, string? lostRow, HashSet<string> garbled, bool letters)
        {
            sb.Append("### 申请人情况 (自然人)\n| (数据项目) | 数量 |\n|---|---|\n| - | - |\n\n");
            sb.Append("### 申请人情况 (法人或其他组织)\n| 商业企业 | 科研机构 | 社会公益 | 法律服务机构 | 其他 |\n|---|---|---|---|---|\n| - | - | - | - | - |\n\n");
            const string header = "| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |\n|---|---|---|---|---|---|---|---|\n";
            var spurious = Chance(0.5);
            if (spurious)
            {
                Hazard("ocr-spuriousheader");
            }

            string? lastGroup = null;
            var rows = spec.Template.ApplicationRows;
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                if (row == "results.granted")
                {
                    sb.Append("### 三、本年度办理结果\n\n");
                }

                var group = GroupOf(row) ?? (row.StartsWith("results.other", StringComparison.Ordinal) ? "（六）其他处理" : null);
                var label = RowLabel(row, garbled);
                var values = RowValues(row, lostRow, letters);
                if (spurious && row == "results.totalProcessed")
                {
                    sb.Append("\n| 项目 | 本年新收件数 | 上年结转件数 | 予以公开 | 部分公开 | 不予公开 | 结转下年度 | 总计 |\n|---|---|---|---|---|---|---|---|\n");
                    lastGroup = "spurious";
                }
                else if (lastGroup == "spurious")
                {
                    // stays under the spurious header
                }
                else if (group is null || group != lastGroup)
                {
                    var title = group is null ? label : group.Replace("（六）其他处理", "(六) 其他", StringComparison.Ordinal);
                    sb.Append('\n').Append("### ").Append(title.Replace('（', '(').Replace('）', ')')).Append('\n').Append(header);
                    lastGroup = group;
                }

                sb.Append("| ").Append(label.Replace("（", string.Empty, StringComparison.Ordinal).Replace("）", " ", StringComparison.Ordinal).Trim()).Append(" | ").Append(string.Join(" | ", values)).Append(" |\n");
            }

            sb.Append('\n');
        }

        // ---------------------------------------------------------------- web pages

        /// <summary>All five 法人或其他组织 columns printed blank (they were zero); 自然人 and 总计 carry every application.</summary>
        private void BlankOrganizations()
        {
            var cells = spec.Cells.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            foreach (var row in spec.Template.ApplicationRows)
            {
                var sum = TemplateDefinition.ApplicantColumns.Take(6).Sum(c => spec[TemplateDefinition.ApplicationPath(c, row)].Underlying);
                foreach (var c in TemplateDefinition.ApplicantColumns.Skip(1).Take(5))
                {
                    cells[TemplateDefinition.ApplicationPath(c, row)] = new SpecCell(string.Empty, null, CellSemantic.Empty, 0);
                }

                foreach (var c in new[] { "naturalPerson", "total" })
                {
                    var path = TemplateDefinition.ApplicationPath(c, row);
                    cells[path] = sum == 0 && spec[path].Value is null ? spec[path] : SpecCell.Number(sum);
                }
            }

            spec = spec with { Cells = spec.Ordered(cells) };
        }

        private string Spans(string text, bool spans, bool vertical = false)
        {
            if (text.Length == 0)
            {
                return "<span><o:p> </o:p></span>";
            }

            if (!spans && !vertical)
            {
                return $"<span>{E(text)}</span><span><o:p></o:p></span>";
            }

            var sb = new StringBuilder();
            for (var i = 0; i < text.Length;)
            {
                var n = vertical ? 1 : Math.Min(text.Length - i, 1 + rng.Next(5));
                sb.Append("<span>").Append(E(text.Substring(i, n))).Append("</span>");
                i += n;
            }

            return sb.Append("<span><o:p></o:p></span>").ToString();
        }

        private string Td(string text, bool spans, int colSpan = 1, int rowSpan = 1, bool vertical = false)
        {
            var attrs = (colSpan > 1 ? $" colspan=\"{colSpan}\"" : string.Empty) + (rowSpan > 1 ? $" rowspan=\"{rowSpan}\"" : string.Empty);
            return $"<td{attrs}><p>{Spans(text, spans, vertical)}</p></td>\n";
        }

        private string WebTable(GridTable grid, bool spans)
        {
            var sb = new StringBuilder("<table style=\"BORDER-COLLAPSE:collapse\" cellspacing=\"0\" cellpadding=\"2\" border=\"1\">\n<tbody>\n");
            foreach (var row in grid.Rows)
            {
                sb.Append("<tr>\n");
                foreach (var cell in row)
                {
                    sb.Append(Td(cell.Text, spans && !cell.IsValue, cell.ColSpan, cell.RowSpan));
                }

                sb.Append("</tr>\n");
            }

            return sb.Append("</tbody>\n</table>\n").ToString();
        }

        /// <summary>Table 三 with only <paramref name="rows"/> printed (group label cells span the printed members).</summary>
        private string WebApplications(IReadOnlyList<string> rows, bool spans, bool vertical)
        {
            var sb = new StringBuilder("<table style=\"BORDER-COLLAPSE:collapse\" cellspacing=\"0\" cellpadding=\"2\" border=\"1\">\n<tbody>\n");
            sb.Append("<tr>\n").Append(Td(ReportTables.IdentityNote, spans, 3, 3)).Append(Td("申请人情况", spans, 7)).Append("</tr>\n");
            sb.Append("<tr>\n").Append(Td("自然人", spans, 1, 2)).Append(Td("法人或其他组织", spans, 5)).Append(Td("总计", spans, 1, 2)).Append("</tr>\n");
            sb.Append("<tr>\n");
            foreach (var h in new[] { "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他" })
            {
                sb.Append(Td(h, spans));
            }

            sb.Append("</tr>\n");
            var results = rows.Where(r => r.StartsWith("results.", StringComparison.Ordinal) && r != "results.carriedForward").ToList();
            string? lastGroup = null;
            foreach (var row in rows)
            {
                sb.Append("<tr>\n");
                var group = GroupOf(row);
                var label = ReportTables.ApplicationLabels[row];
                if (row is "newReceived" or "carriedOver" or "results.carriedForward")
                {
                    sb.Append(Td(label, spans, 3));
                }
                else
                {
                    if (row == results[0])
                    {
                        sb.Append(Td("三、本年度办理结果", spans, 1, results.Count, vertical));
                    }

                    if (group is null)
                    {
                        sb.Append(Td(row == "results.partialGrant" && rows.Count < 10 ? "（二）部分公开" : label, spans, 2));
                    }
                    else
                    {
                        if (group != lastGroup)
                        {
                            sb.Append(Td(group, spans, 1, rows.Count(r => GroupOf(r) == group)));
                        }

                        sb.Append(Td(label, spans));
                    }
                }

                lastGroup = group;
                foreach (var c in TemplateDefinition.ApplicantColumns)
                {
                    sb.Append(Td(spec[TemplateDefinition.ApplicationPath(c, row)].Raw, false));
                }

                sb.Append("</tr>\n");
            }

            return sb.Append("</tbody>\n</table>\n").ToString();
        }

        private string WebPage(bool labelBlock, bool h1, bool signature, bool spans = false, bool vertical = false, IReadOnlyList<string>? rows = null, bool blankOrg = false)
        {
            _ = blankOrg;
            rows ??= spec.Template.ApplicationRows;
            expectedTitle = $"{org}{year}年政府信息公开年度报告";
            var abbreviation = Abbreviation();
            var sb = new StringBuilder("<!doctype html>\n<html>\n<head>\n<meta charset=\"utf-8\" />\n");
            sb.Append("<title>").Append(E(expectedTitle)).Append('-').Append(E(abbreviation)).Append("</title>\n</head>\n<body>\n");
            if (labelBlock)
            {
                Hazard("org-label");
                sb.Append("<div class=\"meta\">\n  <div><strong>标题：</strong>").Append(E(expectedTitle)).Append('-').Append(E(abbreviation)).Append("</div>\n");
                sb.Append("  <div><strong>单位：</strong>").Append(E(abbreviation)).Append("</div>\n");
                sb.Append("  <div><strong>采集时间：</strong>").Append(spec.Year + 2).Append("-12-30T21:37:37+08:00</div>\n</div>\n");
            }

            sb.Append("<div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/zwgk/\">政务公开</a> <a href=\"/hdjl/\">互动交流</a> 无障碍 长者模式</div>\n");
            sb.Append("<table class=\"table_content\"><tbody>\n<tr><td class=\"c1\">名称</td><td colspan=\"3\">").Append(E(expectedTitle)).Append("</td></tr>\n");
            sb.Append("<tr><td class=\"c1\">索引号</td><td>014314799/").Append(spec.Year + 1).Append("-00002</td><td class=\"c1\">分类</td><td>政府信息公开年报</td></tr>\n");
            sb.Append("<tr><td class=\"c1\">发布机构</td><td>").Append(E(abbreviation)).Append("</td><td class=\"c1\">发文日期</td><td>").Append(spec.Year + 1).Append("-01-15</td></tr>\n</tbody></table>\n");
            if (h1)
            {
                sb.Append("<h1><ucaptitle>").Append(E(expectedTitle)).Append("</ucaptitle></h1>\n");
            }
            else
            {
                Hazard("web-noh1");
            }

            sb.Append("<div class=\"xxgkArticle\">\n");
            void P(string text) => sb.Append("<p style=\"text-indent: 2em;\">").Append(Spans(text.Replace(spec.Agency.PrintedName, org, StringComparison.Ordinal), spans)).Append("</p>\n");
            foreach (var p in spec.Preamble)
            {
                P(p);
            }

            P("一、总体情况");
            foreach (var p in spec.Overall)
            {
                P(p);
            }

            P("二、主动公开政府信息情况");
            sb.Append(WebTable(ReportTables.ActiveDisclosure(spec), spans));
            P("三、收到和处理政府信息公开申请情况");
            sb.Append(WebApplications(rows, spans, vertical));
            P(spec.Variants.ReviewTitle);
            sb.Append(WebTable(ReportTables.ReviewLitigation(spec), spans));
            P(spec.Variants.ProblemsTitle);
            foreach (var p in spec.Problems)
            {
                P(p);
            }

            P("六、其他需要报告的事项");
            foreach (var p in spec.OtherMatters)
            {
                P(p);
            }

            if (signature)
            {
                Hazard("org-signature");
                P(org);
                P($"{spec.Year + 1}年1月{10 + (index % 18)}日");
            }

            sb.Append("</div>\n<div class=\"footer\">主办单位：").Append(E(spec.Agency.NormalizedName)).Append(" 网站标识码：3213220001 苏ICP备05000000号</div>\n</body>\n</html>\n");
            return sb.ToString();
        }

        /// <summary>A body fragment with no title (filing-fengxian.html): organization and year only in one body sentence.</summary>
        private string WebFragment(IReadOnlyList<string> rows)
        {
            expectedTitle = string.Empty;
            var sb = new StringBuilder("<html><body>\n<p>一、总体情况</p>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<p>{year}年，{E(org)}扎实推进信息公开。</p>\n<p>二、主动公开政府信息情况</p>\n");
            sb.Append(HtmlTable(ReportTables.ActiveDisclosure(spec))).Append('\n');
            // The corner cell reads '勾稽说明' instead of the official relation text (filing-fengxian.html).
            sb.Append("<p>三、收到和处理政府信息公开申请情况</p>\n").Append(WebApplications(rows, false, false).Replace(ReportTables.IdentityNote, "勾稽说明", StringComparison.Ordinal));
            sb.Append("<p>四、政府信息公开行政复议、行政诉讼情况</p>\n").Append(HtmlTable(ReportTables.ReviewLitigation(spec))).Append('\n');
            sb.Append("<p>五、存在问题及改进情况</p>\n<p>暂无突出问题。</p>\n<p>六、其他需要报告的事项</p>\n<p>无。</p>\n</body></html>\n");
            return sb.ToString();
        }

        // ---------------------------------------------------------------- expected

        private WildDocument Finish(string format, byte[] content)
        {
            var className = cls;
            var name = $"{className}-{index + 1:000}" + (fileYear is null ? string.Empty : $"-{fileYear}");
            var extension = format switch { "md" => ".md", "html" => ".html", _ => ".txt" };
            var expected = ExpectedReport.From(spec, format == "html" ? FormatDetector.Html : FormatDetector.Text);
            var cells = expected.Cells.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            foreach (var (path, cell) in overrides)
            {
                cells[path] = cell;
            }

            var ordered = new Dictionary<string, Cell>(StringComparer.Ordinal);
            foreach (var path in spec.Template.CellPaths)
            {
                ordered[path] = cells[path];
            }

            var meta = expected.Meta with { Organization = org, Title = new string(expectedTitle.Where(c => !char.IsWhiteSpace(c)).ToArray()) };
            expected = expected with { Meta = meta, Cells = ordered };
            var finalSpec = spec with { Name = name + extension };
            return new WildDocument(className, format, name + extension, content, finalSpec, expected, hazards.Distinct().ToList(), notScored.Order(StringComparer.Ordinal).ToList());
        }

        private static string E(string s) => WebUtility.HtmlEncode(s);

        [GeneratedRegex(@"\d{4}\s*年")]
        private static partial Regex YearPattern();
    }
}

using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// Places the extracted text and tables into the canonical report of the detected template version.
/// Works on <see cref="SourceLine"/>s, so every extractor (text, HTML, DOCX, PDF) feeds the same code:
/// headings split the document into parts, tables 二 and 三 are read by label matching
/// (<see cref="LabeledTableParser"/>), table 四 by its fixed fifteen-value row
/// (<see cref="ReviewTableParser"/>), and every value through the grammar of <see cref="ValueParser"/>.
/// Nothing is guessed: a cell that cannot be read with confidence stays MISSING, with a finding.
/// </summary>
public sealed partial class ReportNormalizer
{
    public const string Name = "normalizer@1";

    private const string FeesAmountPath = "activeDisclosure.fees.amount";
    private const string ProcurementAmountPath = "activeDisclosure.centralizedProcurement.totalAmount";

    public Outcome<CanonicalReport> Normalize(ExtractedDocument document, string sourceSha256) => Normalize(document, sourceSha256, null);

    /// <summary>
    /// Normalizes with what is known about the file besides its content: its name and the crawler's hints,
    /// the last sources of the year when the document itself names none.
    /// </summary>
    public Outcome<CanonicalReport> Normalize(ExtractedDocument document, string sourceSha256, NormalizationHints? hints)
    {
        var lines = SourceLine.From(document);
        var headings = HeadingDetector.Find(lines);
        var regions = Regions(lines, headings);
        var firstHeading = headings.Count > 0 ? headings[0].LineIndex : lines.Count;
        var title = MetadataReader.FindTitle(lines, firstHeading) ?? MetadataReader.FindTitle(lines, lines.Count);

        if (title is null && regions.Keys.Count < 2)
        {
            return Outcome<CanonicalReport>.Reject(ReasonCodes.NotAReport, "No report title (…年政府信息公开工作年度报告) and none of the report's parts were found.");
        }

        var findings = new List<Finding>();
        var documentTitle = document.DocumentTitle is { } dt ? MetadataReader.ParseTitle(dt) : null;
        var body = MetadataReader.BodySelfReference(lines);
        var yearSources = YearSources(title, MetadataReader.StatisticsYear(lines), documentTitle, body.Year, hints);
        if (yearSources.Count == 0)
        {
            return Outcome<CanonicalReport>.Reject(
                ReasonCodes.UnknownYear,
                "No source names the report year: not the title, the 统计期限 sentence, the opening paragraphs, the file's own title, the crawler's hint or the file name.");
        }

        var (yearSource, year) = yearSources[0];
        if (yearSources.Where(s => s.Year != year).ToList() is { Count: > 0 } disagreeing)
        {
            // Explicit sources that disagree are worth a warning; a year in the file name or a body sentence is often the publication year.
            var strong = disagreeing.Any(s => s.Source is not (YearSourceNames.Body or YearSourceNames.FileName));
            findings.Add(Suspect(
                ExtractionRuleIds.YearMismatch,
                strong ? FindingSeverity.Warning : FindingSeverity.Info,
                $"The sources of the report year disagree ({string.Join(", ", yearSources.Select(s => $"{s.Source} {s.Year}"))}); {year} from the {yearSource} is used.",
                []));
        }

        var t2Lines = TableRegion(lines, regions, ReportPart.ActiveDisclosure);
        var t3Lines = TableRegion(lines, regions, ReportPart.Applications);
        var t4Lines = TableRegion(lines, regions, ReportPart.ReviewLitigation);

        var tableLines = (t2Lines ?? []).Concat(t3Lines ?? []).ToList();
        var detection = TemplateDetector.Detect(tableLines.Count > 0 ? tableLines : lines.Where(l => l.IsTable), year);
        if (detection.Mixed)
        {
            findings.Add(Suspect(ExtractionRuleIds.TemplateMixed, FindingSeverity.Warning, $"Labels of both template versions are printed ({string.Join(", ", detection.Signals)}); read as {detection.Version.ToWire()}.", []));
        }

        var template = TemplateDefinition.For(detection.Version);
        var cells = template.CreateEmptyCells();

        var t2 = ReadActiveDisclosure(template, t2Lines, cells, findings);
        var t3 = ReadApplications(template, t3Lines, cells, findings);
        ReadReviewLitigation(t4Lines, t3?.Orphans ?? [], cells, findings);
        ReportOrphans("二", t2?.Orphans ?? [], findings);
        var ocrDigits = cells.Where(kv => kv.Value.Note == ValueParser.OcrDigitsNote).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        if (ocrDigits.Count > 0)
        {
            findings.Add(Suspect(
                ExtractionRuleIds.OcrDigits,
                FindingSeverity.Info,
                $"{ocrDigits.Count} cell(s) print letters that OCR confuses with digits (o O 。 for 0, l I for 1) and were read as those digits: {string.Join(", ", ocrDigits.Select(p => $"{p} '{cells[p].Raw}'"))}.",
                ocrDigits));
        }

        var lowConfidence = cells.Where(kv => kv.Value.Source?.IsLowConfidence == true).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        if (lowConfidence.Count > 0)
        {
            findings.Add(Suspect(
                ExtractionRuleIds.OcrLowConfidence,
                FindingSeverity.Warning,
                $"{lowConfidence.Count} cell(s) were read by OCR with a confidence below {CellSource.LowConfidence:0.00}; check them against the scan: {string.Join(", ", lowConfidence.Select(p => $"{p} '{cells[p].Raw}' ({cells[p].Source!.Confidence:0.00}, page {cells[p].Source!.Page})"))}.",
                lowConfidence));
        }


        var fullText = string.Join('\n', lines.Select(l => l.Text));
        var printedOrganization = title?.Organization is { Length: > 0 } titleOrg ? titleOrg
            : documentTitle?.Organization is { Length: > 0 } propertyOrg ? propertyOrg
            : body.Organization ?? string.Empty;
        if (printedOrganization.Length == 0 && !string.IsNullOrWhiteSpace(hints?.Organization))
        {
            printedOrganization = hints.Organization.Trim();
            findings.Add(Suspect(ExtractionRuleIds.OrganizationNotFound, FindingSeverity.Info, $"Neither a title nor the body names the organisation; the crawler's hint '{printedOrganization}' is used.", []));
        }
        else if (printedOrganization.Length == 0)
        {
            findings.Add(Suspect(ExtractionRuleIds.OrganizationNotFound, FindingSeverity.Warning, "Neither a title nor the body nor the crawler names the organisation; meta.organization is empty.", []));
        }

        var expanded = OrganizationNames.Normalize(printedOrganization, null) ?? string.Empty;
        var (region, prefix) = RegionResolver.Resolve(expanded, fullText);

        var meta = new ReportMeta(
            title?.Title ?? documentTitle?.Title ?? FirstTextLine(lines),
            printedOrganization,
            OrganizationNames.Normalize(printedOrganization, prefix),
            region,
            year,
            detection.Version)
        {
            YearSource = yearSource,
        };

        var sections = new Dictionary<string, Section?>(StringComparer.Ordinal)
        {
            [SectionKeys.OverallSituation] = ReadSection(lines, regions, ReportPart.OverallSituation),
            [SectionKeys.ProblemsAndImprovements] = ReadSection(lines, regions, ReportPart.ProblemsAndImprovements),
            [SectionKeys.OtherMatters] = ReadSection(lines, regions, ReportPart.OtherMatters),
        };

        return Outcome<CanonicalReport>.Success(Revise(new CanonicalReport
        {
            Meta = meta,
            Cells = cells,
            Sections = sections,
            Findings = findings,
            Provenance = new Provenance(sourceSha256, document.MediaType, document.Extractor, Version, string.Empty),
        }));
    }

    /// <summary>
    /// Every source that names a plausible report year, in the order of trust: the printed title, the 统计期限
    /// sentence, the file's own title property, the opening sentence of the body, the crawler's hint, the file name.
    /// </summary>
    private static List<(string Source, int Year)> YearSources(TitleInfo? title, int? statYear, TitleInfo? documentTitle, int? bodyYear, NormalizationHints? hints)
    {
        var sources = new List<(string, int?)>
        {
            (YearSourceNames.Title, title?.Year),
            (YearSourceNames.StatisticsPeriod, statYear),
            (YearSourceNames.DocumentProperties, documentTitle?.Year),
            (YearSourceNames.Body, bodyYear),
            (YearSourceNames.Hint, hints?.Year),
            (YearSourceNames.FileName, MetadataReader.FileNameYear(hints?.FileName)),
        };
        var latest = DateTime.UtcNow.Year + 1;
        return [.. sources.Where(s => s.Item2 is { } y && y >= 2007 && y <= latest).Select(s => (s.Item1, s.Item2!.Value))];
    }

    private static LabeledTableResult? ReadActiveDisclosure(TemplateDefinition template, List<SourceLine>? region, Dictionary<string, Cell> cells, List<Finding> findings)
    {
        var allPaths = template.ActiveDisclosure.SelectMany(r => r.Columns.Select(c => TemplateDefinition.ActiveDisclosurePath(r.Key, c))).ToList();
        if (region is null)
        {
            findings.Add(NotFound("二", allPaths));
            return null;
        }

        // Rows printed as plain text (行政许可 97: a converter that did not see a table) read like table rows.
        var rows = region.Select(l => l.IsTable ? l : new SourceLine(l.Index, false, null, l.Location, TrailingValues.Split(l))).ToList();
        var result = new LabeledTableParser(TableLayout.ActiveDisclosure(template)).Parse(rows);
        var annotationsOutside = result.Orphans.Count > 0 && rows.Any(l => !l.IsTable && AnnotationPattern().IsMatch(l.Text.Trim()));
        foreach (var row in result.Rows)
        {
            var (paths, kinds) = ActiveDisclosureRow(row.Spec);
            if (annotationsOutside && row.Status == RowStatus.WrongCount && paths.Length == 3 && row.RawTokens.Count(t => !t.Blank) == 2)
            {
                // A converter pulled a multi-line annotated cell (22（其中修订 16 件）, 55（含自然失效 29 件）) out of the
                // table as loose text: the row keeps its other two values. The annotated cell is the middle column
                // (本年废止件数 / 本年新公开数量), the one such notes explain; it stays MISSING, the two printed values are
                // the first and last columns. A reading by position, so a warning says so.
                var printed = row.RawTokens.Where(t => !t.Blank).ToList();
                cells[paths[0]] = MakeCell(printed[0], kinds[0], CellSource.ByPosition);
                cells[paths[2]] = MakeCell(printed[1], kinds[2], CellSource.ByPosition);
                findings.Add(Suspect(
                    ExtractionRuleIds.RowValueCount,
                    FindingSeverity.Warning,
                    $"Row '{row.Spec.FullLabel}' (line {row.LabelLineNumber}) prints 2 values for 3 columns while annotated values stand outside the table (lines {string.Join(", ", result.Orphans.Select(o => o.Line.Location.Line).Distinct())}); read as the first and last columns, {paths[1]} left MISSING.",
                    paths));
                continue;
            }

            if (!Place(row, paths, kinds, cells, findings))
            {
                continue;
            }

            if (template.Version == TemplateVersion.Gb2021 && cells[FeesAmountPath] is { HasValue: true, Unit: null } fee)
            {
                // The gb2021 column header fixes the unit: 本年收费金额（单位：万元）.
                cells[FeesAmountPath] = fee with { Unit = "万元" };
            }

            if (cells.TryGetValue(ProcurementAmountPath, out var amount) && amount is { HasValue: true, Unit: null })
            {
                // The gb2019 template fixes no unit for 采购总金额; do not invent one.
                cells[ProcurementAmountPath] = amount with { Note = JoinNotes(amount.Note, "unit not printed") };
            }
        }

        if (result.Rows.Count == 0)
        {
            findings.Add(NotFound("二", allPaths));
        }

        return result;
    }

    private static LabeledTableResult? ReadApplications(TemplateDefinition template, List<SourceLine>? region, Dictionary<string, Cell> cells, List<Finding> findings)
    {
        if (region is null)
        {
            findings.Add(NotFound("三", []));
            return null;
        }

        // A real header grid: read the seven contract columns by position (blank edge cells are EMPTY, a
        // printed 小计 column is ignored). Otherwise by label and count: 8 values per row when 小计 is printed.
        var grid = ApplicantColumnOrder.ResolveGrid(region);
        var subtotal = grid is null && ApplicantColumnOrder.HasSubtotalColumn(region);
        var layout = TableLayout.Applications(template, subtotal);
        var result = new LabeledTableParser(layout, grid).Parse(region);
        var order = grid is not null ? Enumerable.Range(0, TemplateDefinition.ApplicantColumns.Count).ToArray() : ApplicantColumnOrder.Resolve(result.HeaderLines);
        var kinds = ApplicationKinds;
        HashSet<RowSpec>? byPosition = null;
        // A header grid read from a text table (Markdown pipes, tabs) gives no column positions a detached row
        // keeps, so such a table may be aligned as well; a real grid (HTML/DOCX spans) is read by position only.
        if ((grid is null || !region.Any(l => l.Structured)) && (result.Orphans.Count > 0 || result.Rows.Count(r => r.Status == RowStatus.Ok) < layout.Rows.Count))
        {
            // Label by label left rows unread: align the printed value rows to the template's row sequence
            // instead (floating label lines taken as belonging to the row after them, before them, or to none), and
            // keep whichever reading places more complete rows and holds more identities; on a tie, the reading
            // that places more rows by a label.
            var best = (Quality: ApplicationQuality(result.Rows, order, subtotal), ByLabel: int.MaxValue);
            RowSequenceAligner.Result? chosen = null;
            foreach (var (_, aligned) in RowSequenceAligner.AlignAll(region, layout))
            {
                var quality = ApplicationQuality([.. aligned.Rows.Select(r => r.Row)], order, subtotal);
                var byLabel = aligned.Rows.Count(r => !r.ByPosition);
                if (quality > best.Quality || (quality == best.Quality && chosen is not null && byLabel > best.ByLabel))
                {
                    best = (quality, byLabel);
                    chosen = aligned;
                }
            }

            if (chosen is not null)
            {
                result = new LabeledTableResult([.. chosen.Rows.Select(r => r.Row)], chosen.Orphans, result.HeaderLines);
                byPosition = [.. chosen.Rows.Where(r => r.ByPosition && r.Row.Status == RowStatus.Ok).Select(r => r.Row.Spec)];
                ReportPositionalRows(chosen.Rows.Where(r => r.ByPosition && r.Row.Status == RowStatus.Ok).ToList(), chosen.AmbiguousLines, findings);
            }
        }

        foreach (var row in result.Rows)
        {
            var rowPaths = TemplateDefinition.ApplicationPathsOfRow(row.Spec.Key);
            var paths = Array.ConvertAll(order, i => rowPaths[i]);
            var placedBy = byPosition is not null && byPosition.Contains(row.Spec) ? CellSource.ByPosition : null;
            if (subtotal)
            {
                if (row.Status == RowStatus.Ok && row.Values.Count == TemplateDefinition.ApplicantColumns.Count + 1)
                {
                    var values = row.Values.Where((_, i) => i != TableLayout.SubtotalPosition).ToList();
                    Place(row with { Values = values }, paths, kinds, cells, findings, placedBy);
                    continue;
                }

                if (row.Status == RowStatus.Ok)
                {
                    continue;
                }
            }

            Place(row, paths, kinds, cells, findings, placedBy);
        }

        if (result.Rows.Count == 0)
        {
            findings.Add(NotFound("三", []));
        }

        return result;
    }

    /// <summary>
    /// How much of table 三 a reading makes sense of: ten points per complete row, and a point for each row whose
    /// 总计 is the sum of its six columns, three for each column identity that holds (minus as much when one fails).
    /// </summary>
    private static int ApplicationQuality(IReadOnlyList<AssembledRow> rows, int[] order, bool subtotal)
    {
        var columns = TemplateDefinition.ApplicantColumns.Count;
        var byKey = new Dictionary<string, decimal?[]>(StringComparer.Ordinal);
        var quality = 0;
        foreach (var row in rows.Where(r => r.Status == RowStatus.Ok))
        {
            quality += 10;
            var printed = row.Values.Select(v => v.Blank ? null : ValueParser.Parse(v.Raw, ValueKind.Count).Value).ToList();
            if (subtotal && printed.Count == columns + 1)
            {
                printed.RemoveAt(TableLayout.SubtotalPosition);
            }

            if (printed.Count != columns)
            {
                continue;
            }

            var values = new decimal?[columns];
            for (var p = 0; p < columns; p++)
            {
                values[order[p]] = printed[p];
            }

            byKey[row.Spec.Key] = values;
            if (values.All(v => v is not null))
            {
                quality += values[columns - 1] == values.Take(columns - 1).Sum() ? 1 : -2;
            }
        }

        var resultKeys = rows.Select(r => r.Spec.Key).Where(k => k.StartsWith("results.", StringComparison.Ordinal) && k is not "results.totalProcessed" and not "results.carriedForward").Distinct().ToList();
        for (var c = 0; c < columns; c++)
        {
            if (Get("newReceived") is { } a && Get("carriedOver") is { } b && Get("results.totalProcessed") is { } t && Get("results.carriedForward") is { } f)
            {
                quality += a + b == t + f ? 3 : -3;
            }

            if (Get("results.totalProcessed") is { } total && resultKeys.Count > 0 && resultKeys.All(k => Get(k) is not null))
            {
                quality += resultKeys.Sum(k => Get(k)!.Value) == total ? 3 : -3;
            }

            decimal? Get(string key) => byKey.TryGetValue(key, out var v) ? v[c] : null;
        }

        return quality;
    }

    private static void ReportPositionalRows(IReadOnlyList<RowSequenceAligner.AlignedRow> rows, IReadOnlyList<int> ambiguousLines, List<Finding> findings)
    {
        if (rows.Count > 0)
        {
            findings.Add(Suspect(
                ExtractionRuleIds.RowPlacedByPosition,
                FindingSeverity.Warning,
                $"Table 三: {rows.Count} row(s) printed without a readable label were placed by their position between labelled rows (the only reading of the row sequence; check against the source): {string.Join("; ", rows.Select(r => $"'{r.Row.Spec.FullLabel}' ← line {r.Row.LabelLineNumber}"))}.",
                [.. rows.SelectMany(r => TemplateDefinition.ApplicationPathsOfRow(r.Row.Spec.Key))]));
        }

        if (ambiguousLines.Count > 0)
        {
            findings.Add(Suspect(
                ExtractionRuleIds.RowPlacedByPosition,
                FindingSeverity.Warning,
                $"Table 三: the value rows on line(s) {string.Join(", ", ambiguousLines)} print no readable label, and the rows around them do not fix which template rows they are; not placed.",
                []));
        }
    }

    private static void ReadReviewLitigation(List<SourceLine>? region, IReadOnlyList<ValueToken> applicationOrphans, Dictionary<string, Cell> cells, List<Finding> findings)
    {
        var paths = ReviewPaths;
        var result = ReviewTableParser.Parse(region, applicationOrphans);
        var usedOrphans = result.Raw.Count > 0 && applicationOrphans.Contains(result.Raw[0])
            && result.Placement is not (ReviewPlacement.NotFound or ReviewPlacement.Ambiguous or ReviewPlacement.WrongCount);
        if (!usedOrphans)
        {
            ReportOrphans("三", applicationOrphans, findings);
        }

        var raw = string.Join(" | ", result.Raw.Select(t => t.Blank ? "∅" : t.Raw));
        switch (result.Placement)
        {
            case ReviewPlacement.NotFound:
                findings.Add(NotFound("四", []));
                return;
            case ReviewPlacement.Ambiguous:
            case ReviewPlacement.WrongCount:
                findings.Add(Suspect(
                    ExtractionRuleIds.ReviewUnreadable,
                    FindingSeverity.Warning,
                    $"Table 四: {result.Raw.Count(t => !t.Blank)} values found where 15 are expected{(result.Placement == ReviewPlacement.Ambiguous ? " and no single deletion gives a unique reading" : string.Empty)}; not placed. Raw: {raw}",
                    paths));
                return;
        }

        for (var i = 0; i < paths.Length; i++)
        {
            cells[paths[i]] = MakeCell(result.Values[i], ValueKind.Count);
        }

        if (result.Placement == ReviewPlacement.Positional)
        {
            findings.Add(Suspect(
                ExtractionRuleIds.ReviewPositional,
                FindingSeverity.Info,
                $"Table 四: no header found; the 15 values (line {result.Values[0].Line.Location.Line}) were placed by template position.",
                paths));
        }
        else if (result.Placement == ReviewPlacement.ExtraValueDropped)
        {
            findings.Add(Suspect(
                ExtractionRuleIds.ReviewExtraValue,
                FindingSeverity.Warning,
                $"Table 四: 16 values printed; value #{result.DroppedIndex + 1} was dropped (the only reading, up to identical values, whose three sums hold, or the cell outside the fifteen-column header). Raw: {raw}",
                paths));
        }
    }

    /// <summary>Writes a located row's values into the cells, or reports why it cannot. True when placed.</summary>
    private static bool Place(AssembledRow row, IReadOnlyList<string> paths, IReadOnlyList<ValueKind> kinds, Dictionary<string, Cell> cells, List<Finding> findings, string? placedBy = null)
    {
        if (row.Status != RowStatus.Ok)
        {
            var raw = row.RawTokens.Count == 0 ? "none" : string.Join(" | ", row.RawTokens.Select(t => t.Blank ? "∅" : t.Raw));
            var count = row.RawTokens.Count(t => !t.Blank);
            findings.Add(Suspect(
                ExtractionRuleIds.RowValueCount,
                FindingSeverity.Warning,
                $"Row '{row.Spec.FullLabel}' (line {row.LabelLineNumber}) has {count} values for {row.Spec.Expected} columns; not placed. Raw values: {raw}",
                paths));
            return false;
        }

        for (var i = 0; i < paths.Count; i++)
        {
            cells[paths[i]] = MakeCell(row.Values[i], kinds[i], placedBy);
        }

        if (row.Assembled)
        {
            findings.Add(Suspect(
                ExtractionRuleIds.RowAssembled,
                FindingSeverity.Info,
                $"Row '{row.Spec.FullLabel}': values gathered from lines {string.Join(", ", row.Values.Select(v => v.Line.Location.Line).Distinct().Order())} (wrapped or detached from the label); check against the source.",
                paths));
        }

        return true;
    }

    private static Cell MakeCell(ValueToken token, ValueKind kind, string? placedBy = null)
    {
        var source = new CellSource(
            token.Line.Location.Page,
            token.Line.Location.Line,
            token.Line.TableRow is { } r ? r + 1 : null,
            token.Line.IsTable ? token.Column + 1 : null)
        {
            PlacedBy = placedBy,
            Table = token.Line.TableId,
            Box = token.Line.TableId is null ? null : token.Line.CellAt(token.Column)?.Box,
            Confidence = token.Line.TableId is null ? null : token.Line.CellAt(token.Column)?.Confidence,
        };
        if (token.Blank)
        {
            return new Cell(null, CellSemantic.Empty, string.Empty, Source: source);
        }

        return ValueParser.Parse(token.Raw, kind).ToCell(token.Raw, source);
    }

    private static readonly ValueKind[] ApplicationKinds = [.. Enumerable.Repeat(ValueKind.Count, TemplateDefinition.ApplicantColumns.Count)];

    private static readonly string[] ReviewPaths =
        [.. TemplateDefinition.ReviewGroups.SelectMany(g => TemplateDefinition.ReviewColumns.Select(c => TemplateDefinition.ReviewPath(g, c)))];

    /// <summary>Paths and value kinds of a table 二 row, built once per layout row (layouts are cached per template).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RowSpec, Tuple<string[], ValueKind[]>> ActiveDisclosureRows = [];

    private static (string[] Paths, ValueKind[] Kinds) ActiveDisclosureRow(RowSpec spec)
    {
        var entry = ActiveDisclosureRows.GetValue(spec, static s => Tuple.Create(
            s.Columns.Select(c => TemplateDefinition.ActiveDisclosurePath(s.Key, c)).ToArray(),
            s.Columns.Select(KindOf).ToArray()));
        return (entry.Item1, entry.Item2);
    }

    private static ValueKind KindOf(string column) => column switch
    {
        "itemChange" => ValueKind.Change,
        "totalAmount" or "amount" => ValueKind.Money,
        _ => ValueKind.Count,
    };

    private static void ReportOrphans(string table, IReadOnlyList<ValueToken> orphans, List<Finding> findings)
    {
        if (orphans.Count == 0)
        {
            return;
        }

        findings.Add(Suspect(
            ExtractionRuleIds.OrphanValues,
            FindingSeverity.Warning,
            $"Table {table}: {orphans.Count} value(s) belong to no located row (lines {string.Join(", ", orphans.Select(o => o.Line.Location.Line).Distinct())}): {string.Join(" | ", orphans.Select(o => o.Raw))}",
            []));
    }

    private static Finding NotFound(string table, IReadOnlyList<string> paths) =>
        new(ExtractionRuleIds.TableNotFound, FindingSeverity.Warning, FindingStatus.NotAssessable, $"Table {table} was not found in the source; its cells are MISSING.", paths, FindingOrigin.ExtractionSuspect);

    private static Finding Suspect(string id, FindingSeverity severity, string message, IReadOnlyList<string> paths) =>
        new(id, severity, FindingStatus.Uncertain, message, paths, FindingOrigin.ExtractionSuspect);

    private static string JoinNotes(string? existing, string note) => existing is null ? note : existing + "; " + note;

    /// <summary>
    /// Part → regions (heading, first line, end line exclusive). A repeated heading of the same part
    /// (seed 001 prints 一、总体情况 twice) continues the part instead of starting a new one.
    /// </summary>
    private static Dictionary<ReportPart, List<(Heading Heading, int Start, int End)>> Regions(List<SourceLine> lines, List<Heading> headings)
    {
        var ordered = new List<Heading>();
        foreach (var h in headings)
        {
            if (ordered.Count == 0 || ordered[^1].Part != h.Part)
            {
                ordered.Add(h);
            }
        }

        var regions = new Dictionary<ReportPart, List<(Heading, int, int)>>();
        for (var k = 0; k < ordered.Count; k++)
        {
            var end = k + 1 < ordered.Count ? ordered[k + 1].LineIndex : lines.Count;
            if (!regions.TryGetValue(ordered[k].Part, out var list))
            {
                regions[ordered[k].Part] = list = [];
            }

            list.Add((ordered[k], ordered[k].LineIndex + 1, end));
        }

        return regions;
    }

    /// <summary>The lines of a table part: of several regions with that heading, the one holding most table rows.</summary>
    private static List<SourceLine>? TableRegion(List<SourceLine> lines, Dictionary<ReportPart, List<(Heading Heading, int Start, int End)>> regions, ReportPart part)
    {
        if (!regions.TryGetValue(part, out var list))
        {
            return null;
        }

        var best = list.OrderByDescending(r => lines.Skip(r.Start).Take(r.End - r.Start).Count(l => l.IsTable)).First();
        return lines.GetRange(best.Start, best.End - best.Start);
    }

    private static Section? ReadSection(List<SourceLine> lines, Dictionary<ReportPart, List<(Heading Heading, int Start, int End)>> regions, ReportPart part)
    {
        if (!regions.TryGetValue(part, out var list))
        {
            return null;
        }

        var (heading, start, end) = list[0];
        var text = string.Join('\n', lines.Skip(start).Take(end - start).Where(l => !l.IsBlank).Select(l => l.Text.TrimEnd()));
        return new Section(heading.Title, text);
    }

    /// <summary>A cell annotation standing alone or after its number: <c>（其中修订 16 件）</c>, <c>55（含自然失效 29 件）</c>.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\d*\s*[（(][^（()）]{1,30}[)）]$")]
    private static partial System.Text.RegularExpressions.Regex AnnotationPattern();

    private static string FirstTextLine(List<SourceLine> lines) =>
        lines.FirstOrDefault(l => !l.IsTable && !l.IsBlank) is { } line ? TextCollapse.Collapse(line.Text) : string.Empty;
}

using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Normalization;

namespace IngestionPipeline.Core.Validation;

/// <summary>
/// What a rule sees: the report (with any inferred cells already filled in), the previous year's report
/// when the caller has one, and what is known about how trustworthy each cell's reading is. The suspect
/// set is derived from the report's own <c>EXTRACT-*</c> findings, so validation gives the same answer on a
/// report fresh from the normalizer and on one read back from JSON.
/// </summary>
internal sealed class ValidationContext
{
    private readonly Dictionary<string, List<string>> suspectBy;
    private readonly Lazy<IReadOnlyList<string>> rowSwaps;
    private (string Text, char[] Ends, string[] Sentences)? lastSplit;

    public ValidationContext(CanonicalReport report, CanonicalReport? previousYear = null)
    {
        Report = report;
        PreviousYear = previousYear;
        Template = TemplateDefinition.For(report.Meta.TemplateVersion == TemplateVersion.Gb2019 ? TemplateVersion.Gb2019 : TemplateVersion.Gb2021);
        suspectBy = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var f in report.Findings.Where(IsExtractionFinding))
        {
            foreach (var p in f.Paths)
            {
                if (!suspectBy.TryGetValue(p, out var ids))
                {
                    suspectBy[p] = ids = [];
                }

                if (!ids.Contains(f.RuleId))
                {
                    ids.Add(f.RuleId);
                }
            }
        }

        SuspectPaths = suspectBy.Keys.ToHashSet(StringComparer.Ordinal);
        OcrReason = OcrGrade(report);
        rowSwaps = new(() => OriginDiagnostics.RowSwaps(this));
    }

    public CanonicalReport Report { get; }

    /// <summary>The same agency's report of the year before, when the caller (the validate stage) has one.</summary>
    public CanonicalReport? PreviousYear { get; }

    public TemplateDefinition Template { get; }

    /// <summary>Cells named by the normalizer's <c>EXTRACT-*</c> findings.</summary>
    public IReadOnlySet<string> SuspectPaths { get; }

    /// <summary>Why the whole text is OCR-grade, or null when it is not.</summary>
    public string? OcrReason { get; }

    /// <summary>Adjacent table 三 row swaps that would make every failing column identity hold (detached/shifted rows).</summary>
    public IReadOnlyList<string> RowSwaps => rowSwaps.Value;

    public Cell this[string path] => Report[path];

    /// <summary>
    /// <paramref name="text"/> split into trimmed, non-empty sentences at <paramref name="ends"/>. The seven narrative
    /// rules split the same 总体情况 text; the last split is kept (by text and separator instance) instead of redone.
    /// </summary>
    public IReadOnlyList<string> SentencesOf(string text, char[] ends)
    {
        if (lastSplit is { } last && ReferenceEquals(last.Text, text) && ReferenceEquals(last.Ends, ends))
        {
            return last.Sentences;
        }

        var sentences = text.Split(ends, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lastSplit = (text, ends, sentences);
        return sentences;
    }

    /// <summary>A number read from the source: present, and not derived by the validator.</summary>
    public bool IsRead(string path) => Report[path] is { HasValue: true, Inferred: false };

    public static bool IsExtractionFinding(Finding f) =>
        f.Origin == FindingOrigin.ExtractionSuspect && f.RuleId.StartsWith(ExtractionRuleIds.Prefix, StringComparison.Ordinal);

    /// <summary>
    /// Decides who to blame for a failed check over <paramref name="paths"/>: the extraction when a cell
    /// was flagged by the normalizer, was inferred rather than read, the text is OCR-grade, or one of the
    /// given pattern <paramref name="hints"/> (split digits, shifted cells) explains the failure; otherwise
    /// the publisher, because every number was read unambiguously. The reasons go into the message.
    /// </summary>
    public (FindingOrigin Origin, string Reason) Explain(IReadOnlyCollection<string> paths, IEnumerable<string>? hints = null)
    {
        var reasons = new List<string>();
        var flagged = paths.Where(SuspectPaths.Contains).ToList();
        if (flagged.Count > 0)
        {
            var ids = flagged.SelectMany(p => suspectBy[p]).Distinct(StringComparer.Ordinal);
            reasons.Add($"{Plural(flagged.Count, "cell")} placed positionally or flagged by the normalizer ({string.Join(", ", ids)}): {Short(flagged)}");
        }

        var inferred = paths.Where(p => Report[p].Inferred).ToList();
        if (inferred.Count > 0)
        {
            reasons.Add($"{Plural(inferred.Count, "cell")} inferred by arithmetic, not read: {Short(inferred)}");
        }

        if (OcrReason is not null)
        {
            reasons.Add(OcrReason);
        }

        if (hints is not null)
        {
            reasons.AddRange(hints);
        }

        return reasons.Count > 0
            ? (FindingOrigin.ExtractionSuspect, "origin extraction_suspect: " + string.Join("; ", reasons) + ".")
            : (FindingOrigin.SourceInconsistency, $"origin source_inconsistency: all {paths.Count} numbers were read unambiguously and do not add up.");
    }

    public FindingOrigin OriginOf(IEnumerable<string> paths) => Explain(paths.ToList()).Origin;

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Short(IReadOnlyList<string> paths) =>
        paths.Count <= 4 ? string.Join(", ", paths) : string.Join(", ", paths.Take(4)) + $" (+{paths.Count - 4} more)";

    private static string? OcrGrade(CanonicalReport report)
    {
        var extractor = report.Provenance.Extractor ?? string.Empty;
        if (extractor.Contains("ocr", StringComparison.OrdinalIgnoreCase) || extractor.Contains("vision", StringComparison.OrdinalIgnoreCase))
        {
            return $"the text is OCR-grade (extractor {extractor})";
        }

        var ocr = report.Findings.FirstOrDefault(f => f.RuleId.StartsWith(ExtractionRuleIds.Prefix, StringComparison.Ordinal)
            && f.RuleId.Contains("OCR", StringComparison.OrdinalIgnoreCase));
        return ocr is null ? null : $"the text is OCR-grade ({ocr.RuleId})";
    }
}

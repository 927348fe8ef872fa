using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Normalization;
using IngestionPipeline.Core.Validation;

namespace IngestionPipeline.Core.Parsing;

/// <summary>
/// extract → normalize → validate. The stage consumers call the three steps one at a time; the
/// <c>parse</c> command calls <see cref="Parse"/>. Both run exactly this code.
/// </summary>
public sealed class ReportParser(ExtractorRegistry extractors, ReportNormalizer normalizer, ReportValidator validator, ParserOptions options)
{
    private string? parserVersion;

    public static ReportParser CreateDefault() =>
        new(ExtractorRegistry.CreateDefault(), new ReportNormalizer(), new ReportValidator(), new ParserOptions());

    /// <summary>The <see cref="Parsing.ParserVersion"/> of this parser: its extractors, normalizer and rule set.</summary>
    public string ParserVersion => parserVersion ??=
        Parsing.ParserVersion.Of(extractors.Extractors.Select(e => e.Name), normalizer.Version, ReportValidator.RuleSetVersion);

    public Outcome<ExtractedDocument> Extract(RawFile file, CancellationToken cancellationToken = default)
    {
        if (file.Content.Length == 0)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.EmptyFile, "The file is empty (0 bytes).");
        }

        if (file.Content.Length > options.MaxFileBytes)
        {
            return Outcome<ExtractedDocument>.Reject(
                ReasonCodes.TooLarge,
                $"The file has {file.Content.Length} bytes; the limit is {options.MaxFileBytes}.");
        }

        var selected = extractors.Select(file);
        if (!selected.IsSuccess)
        {
            return Outcome<ExtractedDocument>.Reject(selected.Rejection);
        }

        if (selected.Value.MediaType is FormatDetector.Text or FormatDetector.Html && file.Content.Length > options.MaxTextFileBytes)
        {
            return Outcome<ExtractedDocument>.Reject(
                ReasonCodes.TooLarge,
                $"The {selected.Value.MediaType} file has {file.Content.Length} bytes; the limit for text is {options.MaxTextFileBytes}.");
        }

        var extracted = selected.Value.Extract(file, cancellationToken);
        return extracted.IsSuccess ? CheckSize(TableIds.Assign(extracted.Value)) : extracted;
    }

    /// <summary>Bounds what reaches the normalizer, whatever the format and however small the file was.</summary>
    private Outcome<ExtractedDocument> CheckSize(ExtractedDocument document)
    {
        long characters = 0;
        var cells = 0;
        foreach (var block in document.Blocks)
        {
            if (block is TextBlock text)
            {
                characters += text.Text.Length;
            }
            else if (block is TableBlock table)
            {
                cells += table.Cells.Count;
                foreach (var cell in table.Cells)
                {
                    characters += cell.Text.Length;
                }
            }
        }

        if (characters > options.MaxExtractedCharacters || cells > options.MaxExtractedCells)
        {
            return Outcome<ExtractedDocument>.Reject(
                ReasonCodes.TooLarge,
                $"The document holds {characters} characters in {cells} table cells; the limits are {options.MaxExtractedCharacters} and {options.MaxExtractedCells}.");
        }

        return Outcome<ExtractedDocument>.Success(document);
    }

    public Outcome<CanonicalReport> Normalize(ExtractedDocument document, string sourceSha256, NormalizationHints? hints = null) =>
        normalizer.Normalize(document, sourceSha256, hints);

    public CanonicalReport Validate(CanonicalReport report) => validator.Validate(report);

    /// <summary>Validation with cross-document inputs (last year's report of the same agency), as the validate stage runs it.</summary>
    public CanonicalReport Validate(CanonicalReport report, ValidationInputs? inputs) => validator.Validate(report, inputs);

    public Outcome<CanonicalReport> Parse(RawFile file, CancellationToken cancellationToken = default) => Parse(file, null, cancellationToken);

    /// <summary>Parses with the crawler's year hint (a weak source of the year, after everything the document says).</summary>
    public Outcome<CanonicalReport> Parse(RawFile file, int? yearHint, CancellationToken cancellationToken = default)
    {
        var extracted = Extract(file, cancellationToken);
        if (!extracted.IsSuccess)
        {
            return extracted.Rejection;
        }

        var normalized = Normalize(extracted.Value, Sha256Hex.Of(file.Content.Span), new NormalizationHints(file.FileName, yearHint));
        return normalized.IsSuccess ? Outcome<CanonicalReport>.Success(Validate(normalized.Value)) : normalized;
    }
}

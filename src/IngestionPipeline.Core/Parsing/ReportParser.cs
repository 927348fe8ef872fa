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
    public static ReportParser CreateDefault() =>
        new(ExtractorRegistry.CreateDefault(), new ReportNormalizer(), new ReportValidator(), new ParserOptions());

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
        return selected.IsSuccess
            ? selected.Value.Extract(file, cancellationToken)
            : Outcome<ExtractedDocument>.Reject(selected.Rejection);
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

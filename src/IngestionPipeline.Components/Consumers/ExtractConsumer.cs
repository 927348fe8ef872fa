using System.Globalization;
using IngestionPipeline.Components.Extraction;
using IngestionPipeline.Components.Observability;
using IngestionPipeline.Components.Reprocessing;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Components.Consumers;

/// <summary>
/// Raw file → intermediate document (text blocks and tables), extracted by <see cref="IExtractionService"/> (the sandbox
/// by default), handed to the normalize stage by <see cref="StageHandOff"/>. A re-crawl of the raw file behind a current
/// version made by this parser version ends here as unchanged (<see cref="RecrawlShortCircuit"/>). Status and metrics: <see cref="StageOutcomeFilter{T}"/>.
/// </summary>
public sealed class ExtractConsumer(
    IReportStore store,
    IExtractionService extraction,
    StageHandOff handOff,
    IOptions<ExtractionOptions> extractionOptions,
    ReportParser parser,
    ILogger<ExtractConsumer> logger)
    : IConsumer<ReportFileSubmitted>
{
    /// <summary>Artifact stage counting redeliveries of one submission (the worker died while extracting it).</summary>
    internal const string AttemptsArtifact = "extract-attempts";

    public async Task Consume(ConsumeContext<ReportFileSubmitted> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (await RecrawlShortCircuit.FindRepeatedVersionAsync(store, parser.ParserVersion, m, ct) is { } repeated)
        {
            await context.Publish(new ReportUnchanged(m.IngestionId, repeated.ReportKey, repeated.Version, m.RawSha256), ct);
            context.StageOutcome().Unchanged(repeated.ReportKey, repeated.Version);
            return;
        }

        var outcome = await PoisonGuardAsync(context, ct);
        if (outcome is null)
        {
            var bytes = await store.GetRawFileAsync(m.RawSha256, ct);
            outcome = bytes is null
                ? Outcome<ExtractedDocument>.Reject(ReasonCodes.RawFileMissing, $"No raw file {m.RawSha256} in the store.")
                : await extraction.ExtractAsync(new RawFile(bytes, m.FileName), ct);
        }

        if (!outcome.Value.IsSuccess)
        {
            await Rejections.RejectAsync(context, m.IngestionId, StageNames.Extract, outcome.Value.Rejection, m.RawSha256, m.FileName);
            return;
        }

        var document = outcome.Value.Value;
        var output = await handOff.HandOffAsync(m.IngestionId, StageNames.Extract, document.ToJson(), ct);
        await context.Publish(
            new ReportExtracted(m.IngestionId, m.RawSha256, m.FileName, StageNames.Extract, document.MediaType, document.Extractor, document.Blocks.Count, m.Hints, output.Inline),
            ct);
        context.StageOutcome().Completed();
    }

    /// <summary>
    /// A broker redelivery means a worker took this message and never acknowledged it: usually it died
    /// extracting the file (in-process extraction, or the OOM killer). Counted in the store, so that a file that
    /// kills every worker that takes it ends as a rejection after <see cref="ExtractionOptions.MaxRedeliveries"/>
    /// instead of looping forever. First deliveries (the normal path) cost nothing.
    /// </summary>
    private async Task<Outcome<ExtractedDocument>?> PoisonGuardAsync(ConsumeContext<ReportFileSubmitted> context, CancellationToken ct)
    {
        if (!context.ReceiveContext.Redelivered)
        {
            return null;
        }

        var id = context.Message.IngestionId;
        var previous = await store.GetArtifactAsync(id, AttemptsArtifact, ct);
        var redeliveries = (int.TryParse(previous, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0) + 1;
        await store.PutArtifactAsync(id, AttemptsArtifact, redeliveries.ToString(CultureInfo.InvariantCulture), ct);
        var limit = extractionOptions.Value.MaxRedeliveries;
        logger.LogWarning("Redelivery {Redelivery} of {FileName} to extract (limit {Limit})", redeliveries, context.Message.FileName, limit);
        if (redeliveries <= limit)
        {
            return null;
        }

        return Outcome<ExtractedDocument>.Reject(
            ReasonCodes.ExtractorCrashed,
            $"The worker extracting this file stopped without finishing {redeliveries} times; not retried again.");
    }
}

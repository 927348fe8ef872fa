using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Components.Intake;

/// <summary>
/// Crawler intake: keeps the raw bytes (content-addressed), records the ingestion and publishes
/// <see cref="ReportFileSubmitted"/>. Shared by the CLI and the HTTP API so every entry point behaves alike.
/// </summary>
public sealed class ReportIntake(IReportStore store, IPublishEndpoint publisher, TimeProvider clock, ILogger<ReportIntake> logger)
{
    public async Task<ReportFileSubmitted> SubmitAsync(
        ReadOnlyMemory<byte> content,
        string fileName,
        string? sourceUrl = null,
        SubmissionHints? hints = null,
        CancellationToken cancellationToken = default)
    {
        var raw = await store.PutRawFileAsync(content, fileName, cancellationToken);
        var now = clock.GetUtcNow();
        var message = new ReportFileSubmitted(Guid.NewGuid(), raw.Sha256, fileName, sourceUrl, now, hints);
        await store.RecordSubmissionAsync(
            new IngestionRecord(message.IngestionId, raw.Sha256, fileName, sourceUrl, IngestionStatus.Submitted, now, now, StageNames.Submit),
            cancellationToken);
        await publisher.Publish(message, cancellationToken);
        logger.LogInformation("Submitted {FileName} as {IngestionId} ({Sha256}, {Length} bytes)", fileName, message.IngestionId, raw.Sha256, raw.Length);
        return message;
    }
}

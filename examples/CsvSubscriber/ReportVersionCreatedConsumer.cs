using IngestionPipeline.Contracts;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Examples.CsvSubscriber;

/// <summary>One CSV line per new report version; duplicates (redeliveries, re-published events) are acknowledged and skipped.</summary>
public sealed class ReportVersionCreatedConsumer(ReportVersionCsvWriter writer, ILogger<ReportVersionCreatedConsumer> logger)
    : IConsumer<ReportVersionCreated>
{
    public async Task Consume(ConsumeContext<ReportVersionCreated> context)
    {
        var m = context.Message;
        if (await writer.AppendAsync(m, context.CancellationToken))
        {
            logger.LogInformation("Recorded {ReportKey} version {Version}", m.ReportKey, m.Version);
        }
        else
        {
            logger.LogInformation("Skipped duplicate {ReportKey} version {Version}", m.ReportKey, m.Version);
        }
    }
}

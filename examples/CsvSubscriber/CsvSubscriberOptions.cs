namespace IngestionPipeline.Examples.CsvSubscriber;

/// <summary>Where the CSV goes and which queue this subscriber owns. Bound from <c>CsvSubscriber</c>.</summary>
public sealed class CsvSubscriberOptions
{
    public const string SectionName = "CsvSubscriber";

    public string OutputPath { get; set; } = "report-versions.csv";

    /// <summary>
    /// This subscriber's own durable queue, bound to the <c>IngestionPipeline.Contracts:ReportVersionCreated</c>
    /// exchange. Every subscriber needs a distinct name; instances sharing one name share the work.
    /// </summary>
    public string QueueName { get; set; } = "csv-subscriber";
}

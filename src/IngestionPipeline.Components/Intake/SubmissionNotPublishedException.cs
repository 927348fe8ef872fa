namespace IngestionPipeline.Components.Intake;

/// <summary>
/// The raw file and the ingestion were stored but <c>ReportFileSubmitted</c> could not be published (the broker
/// stayed unreachable through the retries). The ingestion is marked failed with <c>PUBLISH_FAILED</c>; the caller
/// (crawler, API client) should submit again. If the message did reach the broker after all, the ingestion
/// still completes, and the resubmitted copy ends as "unchanged": nothing is stored twice.
/// </summary>
public sealed class SubmissionNotPublishedException : Exception
{
    public SubmissionNotPublishedException()
    {
    }

    public SubmissionNotPublishedException(string message)
        : base(message)
    {
    }

    public SubmissionNotPublishedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SubmissionNotPublishedException(Guid ingestionId, Exception innerException)
        : base($"Ingestion {ingestionId} was recorded but could not be published: {innerException?.Message}", innerException)
    {
        IngestionId = ingestionId;
    }

    public Guid IngestionId { get; }
}

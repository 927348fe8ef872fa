namespace IngestionPipeline.Components.Intake;

/// <summary>A URL could not be downloaded; <see cref="Failure"/> says why.</summary>
public sealed class UrlDownloaderException : Exception
{
    public UrlDownloaderException()
    {
    }

    public UrlDownloaderException(string message)
        : base(message)
    {
    }

    public UrlDownloaderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UrlDownloaderException(UrlDownloaderFailure failure, string message, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        StatusCode = statusCode;
    }

    public UrlDownloaderFailure Failure { get; }

    /// <summary>The upstream HTTP status for <see cref="UrlDownloaderFailure.HttpStatus"/>.</summary>
    public int? StatusCode { get; }
}

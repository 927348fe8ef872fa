namespace IngestionPipeline.Components.Intake;

/// <summary>A downloaded file: its bytes, a file name for intake, where it finally came from and what the server called it.</summary>
public sealed record UrlDownloaderResult(byte[] Content, string FileName, Uri FinalUri, string? MediaType, int Attempts);

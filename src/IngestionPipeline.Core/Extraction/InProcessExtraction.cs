using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction;

/// <summary>
/// Extraction in the calling process: fastest, but a file that overflows the stack or exhausts memory takes
/// the process down with it. For trusted batch use (<c>--in-process</c>, <c>Extraction:Mode=InProcess</c>) and
/// inside the sandbox's child process itself.
/// </summary>
public sealed class InProcessExtraction(ReportParser parser) : IExtractionService
{
    public Task<Outcome<ExtractedDocument>> ExtractAsync(RawFile file, CancellationToken cancellationToken = default) =>
        Task.FromResult(parser.Extract(file, cancellationToken));
}

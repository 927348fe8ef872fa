using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction;

/// <summary>
/// Runs format extraction of one raw file: in this process (<see cref="InProcessExtraction"/>, trusted input
/// only) or in a supervised child process (the extraction sandbox). Bad input is a rejection, never an exception.
/// </summary>
public interface IExtractionService
{
    Task<Outcome<ExtractedDocument>> ExtractAsync(RawFile file, CancellationToken cancellationToken = default);
}

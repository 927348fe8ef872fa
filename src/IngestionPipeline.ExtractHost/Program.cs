using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Extraction.Sandbox;
using IngestionPipeline.Core.Parsing;

// The extraction sandbox's child: one request at a time from stdin, one response to stdout, until stdin
// closes. Nothing else may write to stdout. What this process cannot survive (stack overflow, the memory
// limit, a kill by the parent's watchdog) the parent turns into a rejection; the parent lives on.
var maxFileBytes = long.TryParse(Environment.GetEnvironmentVariable("INGEST_EXTRACT_MAX_FILE_BYTES"), out var m) ? m : new ParserOptions().MaxFileBytes;
var parser = new ReportParser(ExtractorRegistry.CreateDefault(), new IngestionPipeline.Core.Normalization.ReportNormalizer(), new IngestionPipeline.Core.Validation.ReportValidator(), new ParserOptions { MaxFileBytes = maxFileBytes });
using var input = Console.OpenStandardInput();
using var output = Console.OpenStandardOutput();
while (ExtractionProtocol.ReadRequest(input) is { } file)
{
    Outcome<ExtractedDocument> outcome;
    var exitAfter = false;
    try
    {
        outcome = parser.Extract(file);
    }
    catch (OutOfMemoryException)
    {
        // The GC heap hard limit was hit: the file needs more memory than a child may use. Answer, then exit
        // so the parent starts a fresh child rather than reusing a heap that may be fragmented.
        outcome = Outcome<ExtractedDocument>.Reject(ReasonCodes.TooLarge, "Extraction needed more memory than the sandbox's limit.");
        exitAfter = true;
    }
    catch (Exception e)
    {
        outcome = Outcome<ExtractedDocument>.Reject(ReasonCodes.ParserError, $"{e.GetType().Name}: {e.Message}");
    }

    file = null;
    ExtractionProtocol.WriteResponse(output, outcome, exiting: exitAfter);
    if (exitAfter)
    {
        return 3;
    }
}

return 0;

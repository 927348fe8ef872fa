using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction;

/// <summary>Turns one file format into an <see cref="ExtractedDocument"/>.</summary>
public interface IExtractor
{
    /// <summary><c>name@version</c>, recorded in provenance.</summary>
    string Name { get; }

    /// <summary>The media type this extractor handles, e.g. <c>text/plain</c>.</summary>
    string MediaType { get; }

    /// <summary>Extracts the document, or rejects the file with a reason code (never throws for bad input).</summary>
    Outcome<ExtractedDocument> Extract(RawFile file, CancellationToken cancellationToken = default);
}

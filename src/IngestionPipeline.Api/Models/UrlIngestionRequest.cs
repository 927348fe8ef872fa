using IngestionPipeline.Contracts;

namespace IngestionPipeline.Api.Models;

/// <summary>Body of <c>POST /ingestions/url</c>: an http(s) URL of a report file and optional identity hints.</summary>
public sealed record UrlIngestionRequest(string? Url, SubmissionHints? Hints = null);

using IngestionPipeline.Contracts;

namespace IngestionPipeline.Api.Models;

/// <summary>
/// Body of <c>POST /ingestions/url</c>: an http(s) URL of a report file, optional identity hints and an optional
/// callback URL that receives the outcome.
/// </summary>
public sealed record UrlIngestionRequest(string? Url, SubmissionHints? Hints = null, string? CallbackUrl = null);

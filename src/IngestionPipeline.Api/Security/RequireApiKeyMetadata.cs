namespace IngestionPipeline.Api.Security;

/// <summary>
/// Endpoint metadata: the endpoint needs a valid <c>X-Api-Key</c> and takes a request body of at most
/// <see cref="MaxBodyBytes"/> bytes. Both are enforced by <see cref="ApiKeyMiddleware"/> before anything reads the body.
/// </summary>
internal sealed record RequireApiKeyMetadata(long MaxBodyBytes);

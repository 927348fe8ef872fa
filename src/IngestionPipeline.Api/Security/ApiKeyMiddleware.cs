using System.Security.Cryptography;
using System.Text;
using IngestionPipeline.Components.Intake;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Api.Security;

/// <summary>
/// Guards write endpoints (those with <see cref="RequireApiKeyMetadata"/>): the <c>X-Api-Key</c> header must carry
/// one of <see cref="ApiOptions.ApiKeys"/>, else 401; a declared body over the endpoint's limit gets 413, and the
/// limit is set on the connection for bodies without a length. A middleware rather than an endpoint filter because
/// minimal APIs bind (read) a JSON body before endpoint filters run: an anonymous client could otherwise make the
/// server buffer megabytes per request.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptionsMonitor<ApiOptions> options, ILogger<ApiKeyMiddleware> logger)
{
    public const string HeaderName = "X-Api-Key";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequireApiKeyMetadata>() is not { } requirement)
        {
            await next(context);
            return;
        }

        var presented = context.Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            await Problem(context, StatusCodes.Status401Unauthorized, "Unauthorized", $"This endpoint needs an API key in the {HeaderName} header.");
            return;
        }

        if (!options.CurrentValue.ApiKeys.Any(k => Matches(k, presented)))
        {
            logger.LogWarning("Rejected an invalid API key for {RequestPath}", UntrustedText.Escape(context.Request.Path.Value));
            await Problem(context, StatusCodes.Status401Unauthorized, "Unauthorized", $"The API key in the {HeaderName} header is not valid.");
            return;
        }

        if (context.Request.ContentLength > requirement.MaxBodyBytes)
        {
            await Problem(context, StatusCodes.Status413PayloadTooLarge, "Request too large", $"The request body is larger than the limit of {requirement.MaxBodyBytes} bytes.");
            return;
        }

        // Kestrel's own default (30 MB) would otherwise be the limit for a chunked body.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = requirement.MaxBodyBytes;
        }

        await next(context);
    }

    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title).ExecuteAsync(context);

    // Constant-time, so response timing does not leak how much of a key was right.
    private static bool Matches(string expected, string presented) =>
        !string.IsNullOrEmpty(expected)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}

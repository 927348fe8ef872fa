using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Api.Security;

/// <summary>Guards write endpoints: the <c>X-Api-Key</c> header must carry one of <see cref="ApiOptions.ApiKeys"/>, else 401.</summary>
internal sealed class ApiKeyEndpointFilter(IOptionsMonitor<ApiOptions> options, ILogger<ApiKeyEndpointFilter> logger) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var presented = context.HttpContext.Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            return Unauthorized($"This endpoint needs an API key in the {HeaderName} header.");
        }

        if (!options.CurrentValue.ApiKeys.Any(k => Matches(k, presented)))
        {
            logger.LogWarning("Rejected an invalid API key for {RequestPath}", context.HttpContext.Request.Path.Value);
            return Unauthorized($"The API key in the {HeaderName} header is not valid.");
        }

        return await next(context);
    }

    private static IResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");

    // Constant-time, so response timing does not leak how much of a key was right.
    private static bool Matches(string expected, string presented) =>
        !string.IsNullOrEmpty(expected)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}

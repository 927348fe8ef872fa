using IngestionPipeline.Components.Callbacks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Api.Endpoints;

/// <summary>The optional <c>callbackUrl</c> of a submission, checked before anything is ingested.</summary>
internal static partial class IngestionEndpoints
{
    /// <summary>
    /// Checks a submission's <c>callbackUrl</c> with the address guard of URL intake: no URL gives (null, null); a
    /// malformed or forbidden URL, or one given while <c>Api:CallbackSecret</c> is not set, gives a 400.
    /// </summary>
    private static async Task<(Uri? Url, ProblemHttpResult? Refused)> CallbackUrlAsync(
        string? text, CallbackAddressGuard guard, IOptions<CallbackOptions> options, CancellationToken cancellationToken)
    {
        if (text is null)
        {
            return (null, null);
        }

        if (string.IsNullOrEmpty(options.Value.CallbackSecret))
        {
            return (null, BadRequest($"'callbackUrl' is not accepted: this service has no {CallbackOptions.SectionName}:{nameof(CallbackOptions.CallbackSecret)} to sign callbacks with."));
        }

        var (url, refused) = await guard.CheckAsync(text, cancellationToken);
        return refused is null ? (url, null) : (null, BadRequest(refused));
    }
}

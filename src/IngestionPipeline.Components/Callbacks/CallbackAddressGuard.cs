using System.Net;
using System.Net.Sockets;
using IngestionPipeline.Components.Intake;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Components.Callbacks;

/// <summary>
/// The address guard of URL intake (<see cref="UrlDownloader.IsPrivateOrLocal"/> and
/// <see cref="UrlDownloaderOptions.AllowPrivateNetworks"/>) applied to callback URLs: checked at intake, so a forbidden
/// callback is refused with 400, and again on every connection of a delivery, so a name that rebinds to a private
/// address in between gets nowhere.
/// </summary>
public sealed class CallbackAddressGuard(IOptions<UrlDownloaderOptions> options)
{
    /// <summary>Checks <paramref name="text"/> as a callback URL: the URL when it is allowed, otherwise the reason it is refused.</summary>
    public async Task<(Uri? Url, string? Refused)> CheckAsync(string text, CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
        {
            return (null, $"'callbackUrl' must be an absolute http or https URL, not '{UntrustedText.Escape(text)}'.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return (null, "'callbackUrl' must not carry credentials.");
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException e)
        {
            return (null, $"'callbackUrl' host {uri.IdnHost} does not resolve ({e.SocketErrorCode}).");
        }

        return Forbidden(uri.IdnHost, addresses) is { } refused ? (null, refused) : (uri, null);
    }

    /// <summary>Resolves <paramref name="host"/> and returns the addresses a delivery may connect to; throws <see cref="HttpRequestException"/> when none.</summary>
    public async Task<IPAddress[]> AllowedAddressesAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(host, cancellationToken);
        return Forbidden(host, addresses) is { } refused ? throw new HttpRequestException(refused) : addresses;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);

    private string? Forbidden(string host, IPAddress[] addresses)
    {
        if (addresses.Length == 0)
        {
            return $"'callbackUrl' host {host} has no address.";
        }

        // All or nothing: a name with one private address among public ones could be steered to it.
        return options.Value.AllowPrivateNetworks || !addresses.Any(UrlDownloader.IsPrivateOrLocal)
            ? null
            : $"'callbackUrl' host {host} resolves to a private or local address ({string.Join(", ", addresses.Select(a => a.ToString()))}); "
              + $"set {UrlDownloaderOptions.SectionName}:{nameof(UrlDownloaderOptions.AllowPrivateNetworks)} to allow it.";
    }
}

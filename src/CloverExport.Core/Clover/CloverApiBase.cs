using CloverExport.Core.Merchants;

namespace CloverExport.Core.Clover;

/// <summary>
/// The API host of a merchant, where its bearer token and its single-use refresh token are sent:
/// its own BaseUrl (settings only), else <c>Clover:BaseUrl</c>, else its region's; always ending in
/// '/'. Guarded like file links: the host must be the region's, <c>Clover:BaseUrl</c>'s or one in
/// <c>Clover:AllowedApiHosts</c> (operator settings, never anything an API caller sets), over https,
/// or plain http to a loopback host (the local emulator).
/// </summary>
internal static class CloverApiBase
{
    /// <exception cref="UnsafeApiUrlException">The host is not one the operator allowed, or the scheme is not https: nothing may be sent there.</exception>
    public static Uri For(MerchantInfo merchant, CloverClientOptions options)
    {
        var region = CloverRegions.GetBaseUrl(merchant.Region);
        var configured = options.BaseUrl is { } text ? new Uri(text) : null;
        var baseUrl = merchant.BaseUrl ?? configured ?? region;
        var allowed = SameServer(baseUrl, region)
            || (configured is not null && SameServer(baseUrl, configured))
            || FileHostAllowList.Parse(options.AllowedApiHosts).Allows(baseUrl.Host, baseUrl.Port);
        if (!allowed)
        {
            throw new UnsafeApiUrlException(
                $"The API host {baseUrl.Host} of merchant {merchant.Id} is neither its region's ({region.Host}) nor allowed by Clover:BaseUrl or Clover:AllowedApiHosts; nothing was sent to it.");
        }

        if (!IsSecure(baseUrl))
        {
            throw new UnsafeApiUrlException(
                $"The API host {baseUrl.Host} of merchant {merchant.Id} is not https; plain http is allowed only to a loopback host (the local emulator). Nothing was sent to it.");
        }

        return baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
    }

    /// <summary>
    /// Why <paramref name="text"/> cannot be an API host (a phrase that follows the setting's name), or null
    /// when it can: <c>Clover:BaseUrl</c> and <c>Merchants:N:BaseUrl</c> are checked alike at start-up.
    /// </summary>
    internal static string? Problem(string text) =>
        !IsHttpUrl(text) ? "must be an absolute http(s) URL."
        : !IsSecure(new Uri(text)) ? "must be https; plain http is allowed only to a loopback host (the local emulator), since tokens are sent to it."
        : null;

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.UserInfo)
        && string.IsNullOrEmpty(uri.Query);

    /// <summary>https, or http to a loopback host.</summary>
    internal static bool IsSecure(Uri url) => url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback);

    private static bool SameServer(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}

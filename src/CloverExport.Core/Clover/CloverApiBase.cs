using CloverExport.Core.Merchants;

namespace CloverExport.Core.Clover;

/// <summary>The API host of a merchant: its own BaseUrl, else <c>Clover:BaseUrl</c>, else its region's; always ending in '/'.</summary>
internal static class CloverApiBase
{
    public static Uri For(MerchantInfo merchant, CloverClientOptions options)
    {
        var baseUrl = merchant.BaseUrl
            ?? (options.BaseUrl is { } configured ? new Uri(configured) : CloverRegions.GetBaseUrl(merchant.Region));
        return baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
    }
}

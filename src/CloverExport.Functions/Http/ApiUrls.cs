using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using Microsoft.AspNetCore.Http.Extensions;

namespace CloverExport.Functions.Http;

/// <summary>Links between the API's routes, built from the request so that they keep the host's route prefix (<c>api</c> unless host.json says otherwise); never with a key.</summary>
public static class ApiUrls
{
    /// <param name="route">The route of <paramref name="request"/> after the prefix, with its values (e.g. <c>exports</c>).</param>
    /// <param name="target">The route to link, after the prefix.</param>
    public static string Build(HttpRequest request, string route, string target)
    {
        var path = request.Path.Value ?? string.Empty;
        var prefix = path.EndsWith(route, StringComparison.Ordinal) ? path[..^route.Length] : path.TrimEnd('/') + "/";
        return UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, new PathString(prefix + target));
    }

    /// <summary>The merchant whose run this instance is (<c>export-{merchantId}</c>), or null for any other instance (window children included).</summary>
    public static string? MerchantOf(string instanceId)
    {
        var prefix = TaskNames.MerchantInstanceId(string.Empty);
        return instanceId.StartsWith(prefix, StringComparison.Ordinal) && MerchantIds.IsValid(instanceId[prefix.Length..]) ? instanceId[prefix.Length..] : null;
    }
}

using System.Net;
using System.Net.Sockets;

namespace CloverExport.Core.Clover;

/// <summary>
/// What the file client may fetch. Export file URLs come from Clover's answer, so a tampered or
/// spoofed answer must not turn the exporter into a proxy to internal endpoints (metadata service,
/// local admin ports): https only, no internal addresses, checked on the URL and again on the
/// address actually connected to (so DNS rebinding cannot slip past), except for allow-listed hosts.
/// </summary>
internal static class FileUrlPolicy
{
    /// <summary>The URL without its query (a signed credential) or user info: safe for logs and messages.</summary>
    public static string Describe(Uri url) =>
        url.IsAbsoluteUri ? $"{url.Scheme}://{url.Authority}{url.AbsolutePath}" : "(relative URL)";

    /// <exception cref="UnsafeFileUrlException">The URL must not be fetched.</exception>
    public static void EnsureSafe(Uri url, FileHostAllowList allowList)
    {
        if (!url.IsAbsoluteUri)
        {
            throw new UnsafeFileUrlException("Export file URL is not absolute; refused.");
        }

        var allowed = allowList.Allows(url.Host, url.Port);
        if (url.Scheme != Uri.UriSchemeHttps && !(allowed && url.Scheme == Uri.UriSchemeHttp))
        {
            throw new UnsafeFileUrlException($"Export file URL {Describe(url)} is not https; refused.");
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            throw new UnsafeFileUrlException($"Export file URL {Describe(url)} carries user info; refused.");
        }

        if (allowed)
        {
            return;
        }

        var host = FileHostAllowList.NormalizeHost(url.Host);
        if ((IPAddress.TryParse(host, out var address) && IsInternal(address))
            || host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal))
        {
            throw new UnsafeFileUrlException($"Export file URL {Describe(url)} points at an internal address; refused.");
        }
    }

    /// <summary>Loopback, link-local, private, unique-local, shared, unspecified, multicast or reserved.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return IsInternalV4(address.GetAddressBytes());
        }

        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
        {
            return true;
        }

        var bytes = address.GetAddressBytes();
        // IPv4 embedded in IPv6: NAT64 64:ff9b::/96, 6to4 2002::/16, deprecated IPv4-compatible ::a.b.c.d.
        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes[4..12].All(b => b == 0))
        {
            return IsInternalV4(bytes[12..]);
        }

        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            return IsInternalV4(bytes[2..6]);
        }

        return bytes[..12].All(b => b == 0) && IsInternalV4(bytes[12..]);
    }

    private static bool IsInternalV4(byte[] b) =>
        b[0] is 0 or 10 or 127 or >= 224                   // this network, private, loopback, multicast + reserved + broadcast
        || (b[0] == 100 && (b[1] & 0xC0) == 64)            // 100.64/10 shared (carrier-grade NAT)
        || (b[0] == 169 && b[1] == 254)                    // link-local, cloud metadata
        || (b[0] == 172 && (b[1] & 0xF0) == 16)            // 172.16/12
        || (b[0] == 192 && b[1] == 168)                    // 192.168/16
        || (b[0] == 192 && b[1] == 0 && b[2] == 0)         // 192.0.0/24 protocol assignments
        || (b[0] == 198 && (b[1] & 0xFE) == 18);           // 198.18/15 benchmarking
}

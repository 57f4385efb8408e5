using System.Net;
using System.Net.Sockets;

namespace CloverExport.Core.Clover;

/// <summary>
/// Primary handler of the file client: resolves the host itself, connects only to addresses that
/// pass <see cref="FileUrlPolicy.IsInternal"/> (unless the host is allow-listed), and follows no
/// redirect and no proxy, so the checked address is the one the request really goes to.
/// </summary>
internal static class SafeFileConnector
{
    public static SocketsHttpHandler CreateHandler(FileHostAllowList allowList) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowList, cancellationToken),
    };

    internal static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, FileHostAllowList allowList, CancellationToken cancellationToken)
    {
        var allowed = allowList.Allows(endPoint.Host, endPoint.Port);
        var host = FileHostAllowList.NormalizeHost(endPoint.Host);
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var permitted = allowed ? addresses : addresses.Where(a => !FileUrlPolicy.IsInternal(a)).ToArray();
        if (permitted.Length == 0)
        {
            throw new UnsafeFileUrlException(
                $"Export file host {endPoint.Host} resolves only to loopback, link-local, private or other internal addresses; refused.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted, endPoint.Port, cancellationToken);
            if (!allowed && socket.RemoteEndPoint is IPEndPoint peer && FileUrlPolicy.IsInternal(peer.Address))
            {
                throw new UnsafeFileUrlException($"Export file host {endPoint.Host} connected to an internal address; refused.");
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

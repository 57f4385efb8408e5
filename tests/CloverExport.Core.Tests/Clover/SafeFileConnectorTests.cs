using System.Net;
using System.Net.Sockets;

namespace CloverExport.Core.Tests.Clover;

/// <summary>The connect-time check: what the file client actually connects to, whatever the URL looked like.</summary>
public class SafeFileConnectorTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.255.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.0.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("239.1.1.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("52.94.236.248", false)]
    [InlineData("::1", true)]
    [InlineData("::", true)]
    [InlineData("fe80::abcd", true)]
    [InlineData("fc00::1", true)]
    [InlineData("fdff::1", true)]
    [InlineData("ff02::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("64:ff9b::a9fe:a9fe", true)]
    [InlineData("2002:a9fe:a9fe::1", true)]
    [InlineData("2606:4700:4700::1111", false)]
    [InlineData("::ffff:8.8.8.8", false)]
    public void Classifies_internal_addresses(string address, bool isInternal) =>
        Assert.Equal(isInternal, FileUrlPolicy.IsInternal(IPAddress.Parse(address)));

    [Fact]
    public async Task A_host_name_resolving_to_loopback_is_refused_at_connect_time()
    {
        using var listener = ListenOnLoopback(out var port);

        await Assert.ThrowsAsync<UnsafeFileUrlException>(
            () => SafeFileConnector.ConnectAsync(new DnsEndPoint("localhost", port), FileHostAllowList.Empty, CancellationToken.None).AsTask());

        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task The_real_handler_refuses_before_connecting_even_when_the_url_check_is_bypassed()
    {
        using var listener = ListenOnLoopback(out var port);
        using var http = new HttpClient(SafeFileConnector.CreateHandler(FileHostAllowList.Empty));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://localhost:{port}/files/1")));

        Assert.IsType<UnsafeFileUrlException>(error.InnerException);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task An_allowed_host_connects_to_loopback()
    {
        using var listener = ListenOnLoopback(out var port);
        var allow = FileHostAllowList.Parse($"127.0.0.1:{port}");

        await using var stream = await SafeFileConnector.ConnectAsync(new DnsEndPoint("127.0.0.1", port), allow, CancellationToken.None);
        using var accepted = await listener.AcceptTcpClientAsync();

        Assert.True(accepted.Connected);
    }

    [Fact]
    public async Task The_handler_does_not_follow_redirects_itself()
    {
        using var listener = ListenOnLoopback(out var port);
        using var http = new HttpClient(SafeFileConnector.CreateHandler(FileHostAllowList.Parse($"127.0.0.1:{port}")));

        var get = http.GetAsync(new Uri($"http://127.0.0.1:{port}/files/1"));
        using (var client = await listener.AcceptTcpClientAsync())
        {
            var stream = client.GetStream();
            var buffer = new byte[4096];
            _ = await stream.ReadAsync(buffer);
            await stream.WriteAsync("HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
        }

        using var response = await get;

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
    }

    /// <summary>A listener on a free loopback port: what connects to it shows, and <see cref="TcpListener.Pending"/> tells whether anything tried.</summary>
    private static TcpListener ListenOnLoopback(out int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return listener;
    }
}

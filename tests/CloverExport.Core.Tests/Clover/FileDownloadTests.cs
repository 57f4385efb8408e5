using System.Net;
using System.Text;
using CloverExport.Core.Tests.Support;
using static CloverExport.Core.Tests.Support.ClientHarness;

namespace CloverExport.Core.Tests.Clover;

public class FileDownloadTests
{
    private const string Signature = "sig=SIGNED-CREDENTIAL-77";
    private static readonly Uri FileUrl = new($"https://files.example.com/exports/EXPORT0000001/0?expires=1&{Signature}");

    [Fact]
    public async Task Opens_the_file_as_a_stream_through_the_file_client_without_any_token()
    {
        await using var h = Create();
        h.Files.Then(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"elements":[{"id":"A"}]}""", Encoding.UTF8) });

        await using (var file = await h.Client.OpenFileAsync(FileUrl))
        {
            using var reader = new StreamReader(file.Content);
            Assert.Equal("""{"elements":[{"id":"A"}]}""", await reader.ReadToEndAsync());
            Assert.Equal(25, file.Length);
        }

        var request = Assert.Single(h.Files.Requests);
        Assert.Equal(FileUrl, request.Uri);
        Assert.Null(request.Authorization);
        Assert.DoesNotContain(request.Message.Headers, header => header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, h.Api.Count);
    }

    [Fact]
    public async Task Returns_before_the_body_has_arrived()
    {
        await using var h = Create();
        var body = new BlockingStream();
        h.Files.Then(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });

        // Bounded only so a buffering client fails instead of hanging.
        await using var file = await h.Client.OpenFileAsync(FileUrl).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(body.WasRead);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task Forbidden_or_missing_file_is_expired_and_the_message_has_no_signature(HttpStatusCode status)
    {
        await using var h = Create();
        h.Files.Then(status);

        var error = await Assert.ThrowsAsync<ExportFileExpiredException>(() => h.Client.OpenFileAsync(FileUrl));

        Assert.Contains("https://files.example.com/exports/EXPORT0000001/0", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Signature, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("expires", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_errors_on_a_file_are_retried()
    {
        await using var h = Create();
        h.Files.Then(HttpStatusCode.InternalServerError).Then(HttpStatusCode.OK, "{}");

        await using var file = await h.Client.OpenFileAsync(FileUrl).AdvancingAsync(h.Time);

        Assert.Equal(2, h.Files.Count);
    }

    [Fact]
    public async Task Persistent_file_errors_are_api_errors_without_the_signature()
    {
        await using var h = Create(s => s["Clover:MaxRetries"] = "1");
        h.Files.Fallback = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadGateway));

        var error = await Assert.ThrowsAsync<CloverApiException>(() => h.Client.OpenFileAsync(FileUrl).AdvancingAsync(h.Time));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.DoesNotContain(Signature, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://files.example.com/x?sig=S")]
    [InlineData("https://127.0.0.1/x?sig=S")]
    [InlineData("https://127.1.2.3:8443/x")]
    [InlineData("https://169.254.169.254/latest/meta-data/?sig=S")]
    [InlineData("https://10.0.0.5/x")]
    [InlineData("https://172.16.4.4/x")]
    [InlineData("https://192.168.1.10/x")]
    [InlineData("https://100.64.0.1/x")]
    [InlineData("https://0.0.0.0/x")]
    [InlineData("https://224.0.0.1/x")]
    [InlineData("https://[::1]/x")]
    [InlineData("https://[::]/x")]
    [InlineData("https://[fe80::1]/x")]
    [InlineData("https://[fd00::1]/x")]
    [InlineData("https://[::ffff:127.0.0.1]/x")]
    [InlineData("https://[::ffff:169.254.169.254]/x")]
    [InlineData("https://localhost/x")]
    [InlineData("https://user:pass@files.example.com/x")]
    [InlineData("ftp://files.example.com/x")]
    public async Task Unsafe_file_urls_are_refused_without_a_request(string url)
    {
        await using var h = Create();

        var error = await Assert.ThrowsAsync<UnsafeFileUrlException>(() => h.Client.OpenFileAsync(new Uri(url)));

        Assert.DoesNotContain("sig=S", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pass", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Files.Count);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/iam")]
    [InlineData("https://10.1.1.1/internal")]
    [InlineData("http://files.example.com/downgraded")]
    public async Task A_redirect_to_an_unsafe_url_is_refused(string location)
    {
        await using var h = Create();
        h.Files.Then(HttpStatusCode.Found, configure: r => r.Headers.Location = new Uri(location));

        await Assert.ThrowsAsync<UnsafeFileUrlException>(() => h.Client.OpenFileAsync(FileUrl));

        Assert.Equal(1, h.Files.Count);
    }

    [Fact]
    public async Task Safe_redirects_are_followed_by_hand_a_few_times()
    {
        await using var h = Create();
        h.Files.Then(HttpStatusCode.TemporaryRedirect, configure: r => r.Headers.Location = new Uri("/moved/0?sig=2", UriKind.Relative))
            .Then(HttpStatusCode.OK, "{}");

        await using var file = await h.Client.OpenFileAsync(FileUrl);

        Assert.Equal("https://files.example.com/moved/0?sig=2", h.Files.Requests[1].Uri.AbsoluteUri);
        Assert.Null(h.Files.Requests[1].Authorization);
    }

    [Fact]
    public async Task Endless_redirects_stop()
    {
        await using var h = Create();
        h.Files.Fallback = (_, _) => Task.FromResult(FakeHttpHandler.Response(HttpStatusCode.Found, configure: r => r.Headers.Location = FileUrl));

        await Assert.ThrowsAsync<CloverApiException>(() => h.Client.OpenFileAsync(FileUrl));

        Assert.Equal(4, h.Files.Count);
    }

    [Theory]
    [InlineData("127.0.0.1", "http://127.0.0.1:5001/files/1?sig=S", true)]
    [InlineData("127.0.0.1:5001", "http://127.0.0.1:5001/files/1?sig=S", true)]
    [InlineData("127.0.0.1:5001", "http://127.0.0.1:5002/files/1?sig=S", false)]
    [InlineData("localhost, [::1]:7000", "http://[::1]:7000/files/1", true)]
    [InlineData("files.internal", "http://10.0.0.1/files/1", false)]
    public async Task Allowed_file_hosts_may_be_plain_http_and_loopback(string allowed, string url, bool expectAllowed)
    {
        await using var h = Create(s => s["Clover:AllowedFileHosts"] = allowed);
        h.Files.Then(HttpStatusCode.OK, "{}");

        var open = h.Client.OpenFileAsync(new Uri(url));

        if (expectAllowed)
        {
            await using var file = await open;
            Assert.Equal(1, h.Files.Count);
        }
        else
        {
            await Assert.ThrowsAsync<UnsafeFileUrlException>(() => open);
            Assert.Equal(0, h.Files.Count);
        }
    }

    private sealed class BlockingStream : MemoryStream
    {
        public bool WasRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("read synchronously");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WasRead = true;
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }
}

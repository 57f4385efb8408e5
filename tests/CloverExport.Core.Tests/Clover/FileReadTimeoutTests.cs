using System.Net;
using static CloverExport.Core.Tests.Support.ClientHarness;

namespace CloverExport.Core.Tests.Clover;

/// <summary>A file body that stalls after its headers ends in a transport error, not a hang.</summary>
public class FileReadTimeoutTests
{
    private static readonly Uri FileUrl = new("https://files.example.com/exports/EXPORT0000001/0?expires=1&sig=SIGNED-CREDENTIAL-77");

    [Fact]
    public async Task A_body_that_stalls_after_some_bytes_fails_after_the_file_read_timeout_without_the_signed_query()
    {
        await using var h = Create(s => s["Clover:FileReadTimeout"] = "00:00:20");
        h.Files.Then(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream("{\"elements\":["u8.ToArray())) });
        await using var file = await h.Client.OpenFileAsync(FileUrl).WaitAsync(TimeSpan.FromSeconds(30));
        var buffer = new byte[1024];
        Assert.True(await file.Content.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30)) > 0);

        var stalled = file.Content.ReadAsync(buffer).AsTask();
        h.Time.Advance(TimeSpan.FromSeconds(19));
        await Task.Delay(50);
        Assert.False(stalled.IsCompleted);
        h.Time.Advance(TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<CloverTransportException>(() => stalled.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("Clover:FileReadTimeout", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SIGNED-CREDENTIAL", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Sends its first bytes, then never another one (a stalled connection), until cancelled.</summary>
    private sealed class StallingStream(byte[] first) : Stream
    {
        private bool sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!sent)
            {
                sent = true;
                first.CopyTo(buffer);
                return first.Length;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

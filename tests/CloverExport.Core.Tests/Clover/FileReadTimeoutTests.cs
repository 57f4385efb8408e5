using System.IO.Pipelines;
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
        // A body that sends its first bytes and then never another (a stalled connection): its writer never completes.
        var body = new Pipe();
        await body.Writer.WriteAsync("{\"elements\":["u8.ToArray());
        h.Files.Then(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body.Reader.AsStream()) });
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
}

using System.Text;
using CloverExport.Core.Storage;

namespace CloverExport.Core.Tests.Storage;

public class ExportFileReaderTests
{
    private static long Count(string json, int chunkSize)
    {
        using var reader = new ExportFileReader();
        var bytes = Encoding.UTF8.GetBytes(json);
        for (var i = 0; i < bytes.Length; i += chunkSize)
        {
            reader.Append(bytes.AsSpan(i, Math.Min(chunkSize, bytes.Length - i)));
        }

        reader.Complete();
        return reader.ElementCount;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Counts_elements_whatever_the_chunk_boundaries(int chunkSize)
    {
        var elements = string.Join(",", Enumerable.Range(0, 1001).Select(i => $"{{\"id\":\"ID{i:D11}\",\"lineItems\":{{\"elements\":[{{\"id\":\"x\"}}]}},\"note\":\"a \\\"quoted\\\" ]}} text\"}}"));
        Assert.Equal(1001, Count($"{{\"elements\":[{elements}],\"href\":\"x\"}}", chunkSize));
    }

    [Fact]
    public void An_empty_file_has_zero_elements() => Assert.Equal(0, Count("{\"elements\":[]}", 3));

    [Theory]
    [InlineData("{\"elements\":[{\"id\":\"A\"},{\"id\":\"B\"")]
    [InlineData("{\"elements\":[{\"id\":\"A\"}]")]
    [InlineData("{\"elements\":[{\"id\":\"A\"}]}}")]
    [InlineData("{\"elements\":{\"id\":\"A\"}}")]
    [InlineData("{\"other\":[]}")]
    [InlineData("[{\"id\":\"A\"}]")]
    [InlineData("<html>oops</html>")]
    [InlineData("")]
    public void Truncated_or_malformed_files_are_rejected(string json) =>
        Assert.Throws<InvalidDataException>(() => Count(json, 5));
}

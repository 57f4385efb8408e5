namespace CloverExport.Emulator.Tests;

/// <summary>File list ordering and count variants (issue 13 item 5): a URL path identifies a file, its position does not.</summary>
public sealed class FileListTests
{
    [Theory]
    [InlineData(FileListOrder.Stable)]
    [InlineData(FileListOrder.Reversed)]
    [InlineData(FileListOrder.Shuffled)]
    public async Task Each_file_path_serves_the_same_objects_on_every_read_whatever_the_order(FileListOrder order)
    {
        await using var host = await TestHost.StartAsync(o =>
        {
            o.FileListOrder = order;
            o.ObjectsPerFile = 300;
        });
        using var busy = host.Api(EmulatorTestMerchants.Busy);
        var first = await host.CreateDoneAsync(busy, "ORDERS", Times.Ms(2024, 5, 1), Times.Ms(2024, 5, 31));
        var id = first.GetProperty("id").GetString()!;
        var reads = new List<IReadOnlyList<string>> { Paths(first) };
        for (var i = 0; i < 4; i++)
        {
            reads.Add(Paths(await busy.StatusAsync(id)));
        }

        var stablePaths = Enumerable.Range(0, reads[0].Count).Select(i => $"/files/{id}/{i}").ToList();
        Assert.True(reads[0].Count >= 3);
        Assert.All(reads, r => Assert.Equal(stablePaths, r.Order(StringComparer.Ordinal).ToList()));
        switch (order)
        {
            case FileListOrder.Stable:
                Assert.All(reads, r => Assert.Equal(stablePaths, r));
                break;
            case FileListOrder.Reversed:
                Assert.All(reads, r => Assert.Equal(Enumerable.Reverse(stablePaths), r));
                break;
            default:
                Assert.All(reads.Zip(reads.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
                break;
        }

        // Content follows the path, not the position: the same path gives the same ids on any read.
        using var files = new HttpClient();
        var byPath = new Dictionary<string, string>();
        foreach (var export in new[] { first, await busy.StatusAsync(id) })
        {
            foreach (var url in CloverApi.FileUrls(export))
            {
                var ids = string.Join(",", (await CloverApi.DownloadFileAsync(files, url)).Select(o => o.GetProperty("id").GetString()));
                var path = new Uri(url).AbsolutePath;
                Assert.Equal(byPath.GetValueOrDefault(path, ids), ids);
                byPath[path] = ids;
            }
        }

        var allIds = byPath.OrderBy(p => p.Key.Length).ThenBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value.Split(',')).ToList();
        Assert.Equal(host.Emulator.GroundTruth(EmulatorTestMerchants.Busy.Id, "ORDERS", Times.Ms(2024, 5, 1), Times.Ms(2024, 5, 31)), allIds);
    }

    [Fact]
    public async Task File_count_change_fault_lists_fewer_or_more_files_on_a_later_read_only()
    {
        await using var host = await TestHost.StartAsync(o => o.ObjectsPerFile = 300);
        using var busy = host.Api(EmulatorTestMerchants.Busy);
        var first = await host.CreateDoneAsync(busy, "ORDERS", Times.Ms(2024, 5, 1), Times.Ms(2024, 5, 31));
        var id = first.GetProperty("id").GetString()!;

        using var fewer = await host.Http.PostAsJsonAsync("_emulator/faults", new { kind = "FileCountChange" });
        var shorter = await busy.StatusAsync(id);
        using var more = await host.Http.PostAsJsonAsync("_emulator/faults", new { kind = "FileCountChange", fileDelta = 2 });
        var longer = await busy.StatusAsync(id);
        var back = await busy.StatusAsync(id);
        using var files = new HttpClient();
        var extra = await CloverApi.DownloadFileAsync(files, CloverApi.FileUrls(longer)[^1]);

        var count = CloverApi.FileUrls(first).Count;
        Assert.Equal(HttpStatusCode.Created, fewer.StatusCode);
        Assert.Equal(count - 1, CloverApi.FileUrls(shorter).Count);
        Assert.Equal(Paths(first).Take(count - 1), Paths(shorter));
        Assert.Equal(count + 2, CloverApi.FileUrls(longer).Count);
        Assert.Equal(count, CloverApi.FileUrls(back).Count);
        Assert.Empty(extra);
    }

    private static List<string> Paths(JsonElement export) => CloverApi.FileUrls(export).Select(u => new Uri(u).AbsolutePath).ToList();
}

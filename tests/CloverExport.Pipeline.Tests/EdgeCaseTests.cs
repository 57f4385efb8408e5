namespace CloverExport.Pipeline.Tests;

/// <summary>Clock and size edges: empty windows, leap days, full and one-over files, blocks across DST dates.</summary>
public class EdgeCaseTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Windows_without_data_are_committed_with_zero_files()
    {
        var dataStart = Scenario.DataStart;
        var merchant = Scenario.Merchant("EMPTYWINDOWS1", dataStart, dataStart.AddDays(20), ordersPerDay: 5);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant));
        var from = dataStart.AddDays(-90);

        var (result, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Orders], from, dataStart.AddDays(19)));

        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        Assert.True(result.Totals.WindowsDone >= 4);
        Assert.True(result.Totals.Files < result.Totals.WindowsDone, "windows before the data start have no files");
        await harness.AssertManifestsMatchFilesAsync();
        await harness.AssertExactlyOnceAsync(merchant.Id, ExportType.Orders, TimeBlocks.StartOf(from), dataStart.AddDays(19));
    }

    [Fact]
    public async Task A_leap_day_and_the_DST_changes_of_2024_are_just_UTC_milliseconds()
    {
        var from = new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2024, 11, 10, 0, 0, 0, TimeSpan.Zero);
        var merchant = Scenario.Merchant("LEAPDAY2024AA", from.AddDays(-40), to.AddDays(1), ordersPerDay: 4);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant));

        var (result, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Payments], from, to));

        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        await harness.AssertExactlyOnceAsync(merchant.Id, ExportType.Payments, TimeBlocks.StartOf(from), to);
        var leapDay = harness.Emulator.GroundTruth(merchant.Id, "PAYMENTS",
            new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(),
            new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() - 1);
        Assert.NotEmpty(leapDay);
        var stored = await harness.StoredIdsAsync(merchant.Id, ExportType.Payments);
        Assert.All(leapDay, id => Assert.Contains(id, stored));
    }

    [Fact]
    public async Task Gzip_storage_keeps_the_json_intact_and_the_checksums_of_the_content()
    {
        var (from, to) = Scenario.FirstDays(40);
        var merchant = Scenario.Merchant("GZIPSTORAGE01", from, to.AddDays(1), ordersPerDay: 40);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant), new Dictionary<string, string?>
        {
            ["Storage:Gzip"] = "true",
        });

        var (result, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Orders], from, to));

        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        await harness.AssertExactlyOnceAsync(merchant.Id, ExportType.Orders, from, to);
        await foreach (var blob in harness.Container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = merchant.Id + "/" }))
        {
            if (!blob.Name.Contains("/part-", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.EndsWith(".json.gz", blob.Name, StringComparison.Ordinal);
            var download = (await harness.Container.GetBlobClient(blob.Name).DownloadContentAsync()).Value;
            Assert.Equal("gzip", download.Details.ContentEncoding);
            var json = StoredExports.Decode(download);
            Assert.True(json.Length > download.Content.ToMemory().Length, "compressed smaller than the JSON");
            Assert.Equal(download.Details.Metadata["sha256"], Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(json.Span)));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_window_of_exactly_a_full_file_or_one_object_more_is_stored_whole(int extra)
    {
        var from = TimeBlocks.StartOf(Scenario.DataStart.AddDays(40));
        var to = TimeBlocks.EndOf(from);
        var merchant = Scenario.Merchant("FULLFILE00001", from.AddDays(-5), to.AddDays(5), ordersPerDay: 20);
        var options = Scenario.Emulator(merchant);
        var count = (await CountAsync(options, merchant.Id, from, to)) - extra;
        options.ObjectsPerFile = count;
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, options);

        var (result, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Orders], from, to));

        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        Assert.Equal(1, result.Totals.WindowsDone);
        Assert.Equal(1 + extra, result.Totals.Files);
        Assert.Equal(count + extra, result.Totals.Objects);
        await harness.AssertExactlyOnceAsync(merchant.Id, ExportType.Orders, from, to);
    }

    private static async Task<int> CountAsync(Emulator.EmulatorOptions options, string merchantId, DateTimeOffset from, DateTimeOffset to)
    {
        await using var probe = await Emulator.CloverEmulatorHost.StartAsync(options);
        return probe.GroundTruth(merchantId, "ORDERS", from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds()).Count;
    }
}

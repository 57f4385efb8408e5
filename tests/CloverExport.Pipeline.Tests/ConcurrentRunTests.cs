using CloverExport.Core.Storage;

namespace CloverExport.Pipeline.Tests;

/// <summary>
/// Two runs for one merchant at the same time (two CLI processes, a schedule and an ad hoc export):
/// the commit lock and write-once manifests keep every object exactly once and the watermark right.
/// </summary>
public class ConcurrentRunTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Two_runs_of_the_same_range_at_once_store_every_object_once()
    {
        var (from, to) = Scenario.FirstDays(100);
        var merchant = Scenario.Merchant("CONCURRENT001", from, to.AddDays(1), ordersPerDay: 25);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant));

        var runs = await Task.WhenAll(
            harness.RunAsync(new MerchantExportInput(merchant.Id, ExportTypes.All, from, to)),
            harness.RunAsync(new MerchantExportInput(merchant.Id, ExportTypes.All, from, to)));

        Assert.All(runs, r => Assert.True(r.Result.Status == MerchantExportStatus.Completed, Describe(r.Result)));
        await harness.AssertExactlyOnceAsync(merchant.Id, from, to);

        await harness.AssertManifestsMatchFilesAsync();
        await AssertOnlyManifestListedPartsRemainAsync(harness);
    }

    [Fact]
    public async Task Overlapping_runs_with_different_ends_never_store_a_period_twice_and_the_watermark_stays_right()
    {
        var from = Scenario.DataStart;
        var shortEnd = from.AddDays(70);
        var longEnd = from.AddDays(80);
        var merchant = Scenario.Merchant("CONCURRENT002", from, longEnd.AddDays(1), ordersPerDay: 25);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant));

        var runs = await Task.WhenAll(
            harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Orders], from, shortEnd)),
            harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Orders], from, longEnd)));

        // At most the overlapping tail window fails in one of the runs, with a clear reason.
        Assert.All(runs.SelectMany(r => r.Result.Totals.Failures), f => Assert.Contains("overlaps", f.Reason, StringComparison.Ordinal));
        var stored = await harness.StoredIdsAsync(merchant.Id, ExportType.Orders);
        Assert.Equal(stored.Count, stored.Distinct().Count());

        // A later run fills whatever the losing run left, and then everything is there once.
        var (final, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Orders], from, longEnd));
        Assert.True(final.Status == MerchantExportStatus.Completed, Describe(final));
        await harness.AssertExactlyOnceAsync(merchant.Id, ExportType.Orders, from, longEnd);

        var catalog = harness.Engine.Services.GetService(typeof(WindowCatalog)) as WindowCatalog;
        var watermark = await catalog!.ReadWatermarkAsync(merchant.Id, ExportType.Orders, CancellationToken.None);
        Assert.NotNull(watermark);
        Assert.Equal(longEnd, watermark.CoveredThrough);
    }

    private static async Task AssertOnlyManifestListedPartsRemainAsync(PipelineHarness harness)
    {
        var names = new List<string>();
        await foreach (var item in harness.Container.GetBlobsAsync())
        {
            names.Add(item.Name);
        }

        var parts = names.Where(n => n.Contains("/part-", StringComparison.Ordinal)).ToList();
        var manifests = names.Where(n => n.EndsWith("/" + BlobLayout.ManifestFileName, StringComparison.Ordinal)).ToList();
        var listed = 0;
        foreach (var manifest in manifests)
        {
            var content = (await harness.Container.GetBlobClient(manifest).DownloadContentAsync()).Value.Content.ToString();
            listed += System.Text.Json.JsonDocument.Parse(content).RootElement.GetProperty("files").GetArrayLength();
        }

        Assert.Equal(listed, parts.Count);
    }
}

using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using CloverExport.Core.Reading;
using CloverExport.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloverExport.Pipeline.Tests;

/// <summary>
/// Objects that change after they were exported reach the store through revisits, whichever time
/// Clover's export filters on. The emulator and the catalog share a clock set back in time for the
/// first export (taken an hour after the window ended), then put right for the revisit.
/// </summary>
public class RevisitTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData(FilterField.CreatedTime)]
    [InlineData(FilterField.ModifiedTime)]
    public async Task After_the_revisits_read_returns_exactly_the_current_state_and_a_crashed_revisit_changes_nothing(FilterField field)
    {
        // A fixed day: the emulator's data and change schedule are fixed per day and seed, and the test
        // needs a payment in the last window that changed after the first export. With "today" from the
        // clock, some days' data had none (seen on 2026-12-02) and the stale-read check could not hold.
        var today = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var from = today.AddDays(-12);
        var to = today.AddDays(-5).AddMilliseconds(-1);
        var merchant = Scenario.Merchant(field == FilterField.CreatedTime ? "REVISITCREATE" : "REVISITMODIFY", from, today.AddDays(1), ordersPerDay: 40);
        var clock = new ShiftedClock();
        await using var harness = await StartAsync(merchant, field, clock, from);
        var reader = new StoreReader(harness.Container);

        // First export an hour after the last window ended: changes of the next hours are not in it.
        clock.Shift = to.AddHours(1) - DateTimeOffset.UtcNow;
        var (backfill, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Payments, ExportType.Orders], from, to));
        Assert.True(backfill.Status == MerchantExportStatus.Completed, Describe(backfill));
        clock.Shift = TimeSpan.Zero;
        var stale = await CurrentAsync(reader, merchant.Id, ExportType.Payments);
        var truthNow = Truth(harness, merchant.Id, ExportType.Payments, TimeBlocks.StartOf(from), to, field);
        Assert.NotEqual(truthNow, stale);

        // A revisit that crashed after copying its files, before its manifest: the old snapshot stays current.
        var last = (await harness.Engine.Services.GetRequiredService<WindowCatalog>().ListCommittedAsync(merchant.Id, ExportType.Payments, CancellationToken.None))
            .Single(w => w.End == to);
        var crashedParts = await CopyWithoutCommitAsync(harness, merchant.Id, last with { Revision = 1 });
        Assert.NotEmpty(crashedParts);
        Assert.Equal(stale, await CurrentAsync(reader, merchant.Id, ExportType.Payments));

        // The incremental run exports the days since and revisits the window whose revisit is due.
        var (incremental, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Payments, ExportType.Orders]));
        Assert.True(incremental.Status == MerchantExportStatus.Completed, Describe(incremental));
        foreach (var type in new[] { ExportType.Payments, ExportType.Orders })
        {
            await AssertCurrentAsync(harness, reader, merchant.Id, type, TimeBlocks.StartOf(from), incremental.Until!.Value, field);
        }

        var folder = BlobLayout.WindowFolder(merchant.Id, last);
        var names = await harness.Container.GetBlobsAsync(new GetBlobsOptions { Prefix = folder }).Select(item => item.Name).ToListAsync();
        Assert.Contains(folder + BlobLayout.ManifestFile(1), names);
        Assert.Contains(folder + BlobLayout.ManifestFile(0), names);
        Assert.DoesNotContain(names, crashedParts.Contains);

        // Nothing is due right after: the next incremental run creates no export, and its planning
        // brings the watermark's finalThrough up to the revisited window.
        var exports = harness.Emulator.Counters.ExportsCreated;
        var (quiet, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Payments, ExportType.Orders]));
        Assert.Equal(0, quiet.Totals.WindowsPlanned);
        Assert.Equal(exports, harness.Emulator.Counters.ExportsCreated);
        var watermark = await harness.Engine.Services.GetRequiredService<WindowCatalog>().ReadWatermarkAsync(merchant.Id, ExportType.Payments, CancellationToken.None);
        Assert.Equal(to, watermark?.FinalThrough);
    }

    /// <summary>
    /// An emulator whose exports filter on <paramref name="field"/> and whose objects change after they were created,
    /// sharing <paramref name="clock"/> with the catalog (which dates snapshots and revisits), revisits due after a day.
    /// </summary>
    private Task<PipelineHarness> StartAsync(EmulatorMerchantOptions merchant, FilterField field, ShiftedClock clock, DateTimeOffset from)
    {
        var emulator = Scenario.Emulator(merchant);
        emulator.FilterField = field;
        emulator.MutationPercent = 60;
        emulator.MutationDelayMin = TimeSpan.FromMinutes(1);
        emulator.MutationDelayMax = TimeSpan.FromHours(12);
        emulator.TimeProvider = clock;
        return PipelineHarness.StartAsync(azurite.Azurite, emulator, new Dictionary<string, string?>
        {
            ["Export:BackfillStart"] = from.ToString("O"),
            ["Export:Revisit"] = "1.00:00:00",
        }, services => services.AddSingleton(sp => new WindowCatalog(
            sp.GetRequiredService<ExportContainer>(), clock, sp.GetRequiredService<IOptions<ExportOptions>>(), sp.GetRequiredService<ILogger<WindowCatalog>>())));
    }

    /// <summary>The reader returns exactly the emulator's objects of the range, each in its current state.</summary>
    private static async Task AssertCurrentAsync(
        PipelineHarness harness, StoreReader reader, string merchantId, ExportType type, DateTimeOffset from, DateTimeOffset to, FilterField field)
    {
        var expected = Truth(harness, merchantId, type, from, to, field);
        var current = await CurrentAsync(reader, merchantId, type);
        var snapshot = harness.Emulator.GroundTruthAsOf(merchantId, type.ToWireName(), from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), field: field);
        var extra = current.Keys.Except(expected.Keys).ToList();
        var missing = expected.Keys.Except(current.Keys).ToList();
        Assert.True(extra.Count == 0 && missing.Count == 0,
            $"{type}: {expected.Count} expected, {current.Count} read; extra {string.Join(", ", extra.Take(3).Select(id => $"{id} deleted={snapshot.Deleted.Any(d => d.Id == id)} {current[id][..Math.Min(300, current[id].Length)]}"))}; missing {string.Join(", ", missing.Take(3))}; range {from:O}..{to:O}");
        var differing = expected.Where(e => !JsonNode.DeepEquals(JsonNode.Parse(e.Value), JsonNode.Parse(current[e.Key]))).Select(e => e.Key).ToList();
        Assert.True(differing.Count == 0, $"{type}: {differing.Count} objects not in their current state, e.g. {string.Join(", ", differing.Take(3))}");
    }

    /// <summary>The emulator's objects of the range as of now, by the field its exports filter on (deleted ones are gone).</summary>
    private static Dictionary<string, string> Truth(PipelineHarness harness, string merchantId, ExportType type, DateTimeOffset from, DateTimeOffset to, FilterField field) =>
        harness.Emulator.GroundTruthAsOf(merchantId, type.ToWireName(), from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), field: field)
            .Objects.ToDictionary(o => o.Id, o => o.Json);

    private static async Task<Dictionary<string, string>> CurrentAsync(StoreReader reader, string merchantId, ExportType type)
    {
        var current = new Dictionary<string, string>();
        await foreach (var item in reader.ReadCurrentAsync(merchantId, type, null, null, CancellationToken.None))
        {
            Assert.True(current.TryAdd(item.Id, item.Json), $"{item.Id} read twice");
        }

        return current;
    }

    private static async Task<List<string>> CopyWithoutCommitAsync(PipelineHarness harness, string merchantId, ExportWindow revisit)
    {
        var clover = harness.Engine.Services.GetRequiredService<ICloverExportClient>();
        var job = await clover.CreateExportAsync(merchantId, revisit.Type, revisit.Start, revisit.End);
        while (!job.IsTerminal)
        {
            await Task.Delay(50);
            job = await clover.GetExportAsync(merchantId, job.Id);
        }

        var copied = await harness.Engine.Services.GetRequiredService<ExportFileCopier>()
            .CopyAllAsync(merchantId, revisit, job.Id, job.FileUrls.Count, 4, CancellationToken.None);
        return [.. copied.Select(f => f.BlobName)];
    }

    /// <summary>The system clock moved by <see cref="Shift"/>; timers still run in real time.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
    }
}

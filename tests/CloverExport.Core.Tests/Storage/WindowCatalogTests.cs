using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;
using CloverExport.Testing;

namespace CloverExport.Core.Tests.Storage;

/// <summary>The commit of a window against Azurite: its lock and its cost.</summary>
public sealed partial class WindowCatalogTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset BlockStart = TimeBlocks.StartOf(new DateTimeOffset(2025, 6, 10, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_commit_lists_the_same_whatever_the_merchants_history()
    {
        var container = "cost-" + Guid.NewGuid().ToString("N")[..8];
        var (catalog, _) = Catalog(container);

        // Thirty committed windows, two parts each, in the blocks before the one committed below.
        for (var i = 1; i <= 30; i++)
        {
            var start = BlockStart - (TimeBlocks.Length * i);
            await CommitWithPartsAsync(catalog, container, "HISTORY01", new ExportWindow(ExportType.Orders, start, start.AddDays(20)), $"OLD{i}");
        }

        var fresh = await ListingCostOfCommitAsync(container, "FRESHMERCH1");
        var withHistory = await ListingCostOfCommitAsync(container, "HISTORY01");

        Assert.True(fresh.Requests > 0);
        Assert.Equal(fresh, withHistory);
    }

    [Fact]
    public async Task A_second_committer_waits_for_a_slow_commit_instead_of_taking_the_lock_when_its_first_lease_would_expire()
    {
        var container = "lock-" + Guid.NewGuid().ToString("N")[..8];
        var slowListing = new DelayedListingPolicy(TimeSpan.FromSeconds(40));
        var (slow, _) = Catalog(container, slowListing);
        var (other, _) = Catalog(container);
        var first = new ExportWindow(ExportType.Orders, BlockStart, BlockStart.AddDays(10));
        var overlapping = new ExportWindow(ExportType.Orders, BlockStart.AddDays(5), BlockStart.AddDays(15));

        // The first committer's listing (taken before the second commits) answers only after 40 s: longer than one lease.
        var slowCommit = slow.CommitAsync("LOCKMERCH01", first, "EXPORTA", [], CancellationToken.None);
        await slowListing.Delaying.Task;
        var otherCommit = Capture(other.CommitAsync("LOCKMERCH01", overlapping, "EXPORTB", [], CancellationToken.None));

        var committed = await slowCommit;
        var otherError = await otherCommit;

        Assert.Equal("EXPORTA", committed.ExportId);
        Assert.IsType<InvalidOperationException>(otherError);
        Assert.Null(await other.ReadManifestAsync("LOCKMERCH01", overlapping, CancellationToken.None));
        Assert.Equal(1, (await other.ReadWatermarkAsync("LOCKMERCH01", ExportType.Orders, CancellationToken.None))!.Windows);
    }

    [Fact]
    public async Task The_watermark_counts_each_window_once_and_a_planning_pass_adds_a_window_a_commit_missed()
    {
        var container = "wm-" + Guid.NewGuid().ToString("N")[..8];
        var (catalog, blobs) = Catalog(container);
        var a = new ExportWindow(ExportType.Orders, BlockStart, BlockStart.AddDays(10).AddMilliseconds(-1));
        var b = new ExportWindow(ExportType.Orders, BlockStart.AddDays(10), BlockStart.AddDays(20));
        await catalog.CommitAsync("WMMERCHANT1", a, "EXPORTA", [], CancellationToken.None);
        await catalog.CommitAsync("WMMERCHANT1", a, "EXPORTA", [], CancellationToken.None);
        await catalog.CommitAsync("WMMERCHANT1", b, "EXPORTB", [], CancellationToken.None);
        var watermark = await catalog.ReadWatermarkAsync("WMMERCHANT1", ExportType.Orders, CancellationToken.None);
        Assert.Equal((BlockStart, b.End, 2), (watermark!.From, watermark.CoveredThrough, watermark.Windows));

        // A window whose commit stopped after its manifest (no watermark update): planning folds it in.
        var later = new ExportWindow(ExportType.Orders, BlockStart.AddDays(20).AddMilliseconds(1), TimeBlocks.EndOf(BlockStart));
        var manifest = await catalog.ReadManifestAsync("WMMERCHANT1", b, CancellationToken.None);
        await blobs.GetBlobClient(BlobLayout.ManifestName("WMMERCHANT1", later)).UploadAsync(BinaryData.FromObjectAsJson(manifest! with { WindowStart = later.Start, WindowEnd = later.End }));
        await catalog.CurrentSnapshotsAsync("WMMERCHANT1", [ExportType.Orders], CancellationToken.None);

        watermark = await catalog.ReadWatermarkAsync("WMMERCHANT1", ExportType.Orders, CancellationToken.None);
        Assert.Equal((later.End, 3), (watermark!.CoveredThrough, watermark.Windows));
    }

    private async Task<ListingCost> ListingCostOfCommitAsync(string container, string merchantId)
    {
        var counter = new ListingCounter();
        var (catalog, _) = Catalog(container, counter);
        await CommitWithPartsAsync(catalog, container, merchantId, new ExportWindow(ExportType.Orders, BlockStart, BlockStart.AddDays(20)), "NEW1");
        return counter.Cost;
    }

    private async Task CommitWithPartsAsync(WindowCatalog catalog, string container, string merchantId, ExportWindow window, string exportId)
    {
        var blobs = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(container);
        await blobs.CreateIfNotExistsAsync();
        var files = new List<CopiedFile>();
        for (var i = 0; i < 2; i++)
        {
            var name = BlobLayout.WindowFolder(merchantId, window) + $"part-{i}.json";
            await blobs.GetBlobClient(name).UploadAsync(BinaryData.FromString("{\"elements\":[]}"), overwrite: true);
            files.Add(new CopiedFile(i, name, 0, 15, 15, "00"));
        }

        await catalog.CommitAsync(merchantId, window, exportId, files, CancellationToken.None);
    }

    private (WindowCatalog Catalog, BlobContainerClient Blobs) Catalog(string container, HttpPipelinePolicy? policy = null)
    {
        var options = new BlobClientOptions();
        if (policy is not null)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }

        var blobs = new BlobServiceClient(azurite.ConnectionString, options).GetBlobContainerClient(container);
        return (TestWindowCatalog.Over(new ExportContainer(blobs, gzip: false)), blobs);
    }

    private static async Task<Exception?> Capture(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static bool IsListing(HttpMessage message) => message.Request.Uri.Query.Contains("comp=list", StringComparison.Ordinal);

    private sealed record ListingCost(int Requests, int BlobsListed);

    /// <summary>Counts list requests and the blob names they return.</summary>
    private sealed partial class ListingCounter : HttpPipelinePolicy
    {
        private int requests;
        private int blobs;

        public ListingCost Cost => new(requests, blobs);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => throw new NotSupportedException();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (IsListing(message))
            {
                Interlocked.Increment(ref requests);
                Interlocked.Add(ref blobs, BlobElement().Count(message.Response.Content.ToString()));
            }
        }

        [GeneratedRegex("<Blob>")]
        private static partial Regex BlobElement();
    }

    /// <summary>Holds back the answer of the first list request: a slow listing (throttling, a huge history).</summary>
    private sealed class DelayedListingPolicy(TimeSpan delay) : HttpPipelinePolicy
    {
        private int seen;

        public TaskCompletionSource Delaying { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => throw new NotSupportedException();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (IsListing(message) && Interlocked.Increment(ref seen) == 1)
            {
                Delaying.SetResult();
                await Task.Delay(delay);
            }
        }
    }
}

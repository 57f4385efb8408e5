using Azure.Storage.Blobs;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Scheduling;
using CloverExport.Core.Tokens;
using CloverExport.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CloverExport.Core.Tests.Scheduling;

/// <summary>The scheduler's blob against Azurite: many workers deciding at once share one queue and never overbook.</summary>
public sealed class BlobExportSlotSchedulerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private BlobExportSlotScheduler Scheduler(string container, FakeTimeProvider time, int limit) => new(
        new TokenContainer(new BlobServiceClient(azurite.ConnectionString), Options.Create(new TokenOptions { Container = container })),
        Options.Create(new ExportOptions { MaxExportsInFlightPerApp = limit }),
        time,
        NullLogger<BlobExportSlotScheduler>.Instance);

    [Fact]
    public async Task Workers_asking_at_once_are_granted_exactly_the_limit_and_the_rest_queue()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
        var container = "slots-" + Guid.NewGuid().ToString("N")[..8];

        // One scheduler instance per worker: they share nothing but the blob.
        var decisions = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            Scheduler(container, time, 3).TryAcquireAsync(new ExportSlotRequest($"m{i}", $"w{i}", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)), CancellationToken.None))));

        Assert.Equal(3, decisions.Count(d => d.Granted));
        Assert.Equal(Enumerable.Range(1, 9), decisions.Where(d => !d.Granted).Select(d => d.Position).Order());
        var board = await Scheduler(container, time, 3).ReadAsync(CancellationToken.None);
        Assert.Equal((3, 9), (board.Holders.Count, board.Waiters.Count));
    }

    [Fact]
    public async Task A_release_wakes_the_first_waiter_which_then_gets_the_slot()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
        var scheduler = Scheduler("slots-" + Guid.NewGuid().ToString("N")[..8], time, 1);
        await scheduler.TryAcquireAsync(new ExportSlotRequest("a", "a1"), CancellationToken.None);
        await scheduler.TryAcquireAsync(new ExportSlotRequest("b", "b1"), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        await scheduler.TryAcquireAsync(new ExportSlotRequest("c", "c1"), CancellationToken.None);

        var released = await scheduler.ReleaseAsync(new ExportSlotRelease("a", "a1", ExportSlotUse.Exported), CancellationToken.None);

        Assert.Equal(["b1"], released.Wake);
        Assert.False((await scheduler.TryAcquireAsync(new ExportSlotRequest("c", "c1"), CancellationToken.None)).Granted);
        Assert.True((await scheduler.TryAcquireAsync(new ExportSlotRequest("b", "b1"), CancellationToken.None)).Granted);
    }

    [Fact]
    public async Task The_slot_of_a_holder_that_died_frees_when_its_lease_ends()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
        var scheduler = Scheduler("slots-" + Guid.NewGuid().ToString("N")[..8], time, 1);
        await scheduler.TryAcquireAsync(new ExportSlotRequest("dead", "d1", TimeSpan.FromMinutes(5)), CancellationToken.None);
        Assert.False((await scheduler.TryAcquireAsync(new ExportSlotRequest("b", "b1"), CancellationToken.None)).Granted);

        time.Advance(TimeSpan.FromMinutes(5));

        Assert.True((await scheduler.TryAcquireAsync(new ExportSlotRequest("b", "b1"), CancellationToken.None)).Granted);
        Assert.Equal(1, (await scheduler.ReadAsync(CancellationToken.None)).LeasesReclaimed);
    }

    [Fact]
    public async Task A_waiter_asking_again_reads_the_board_without_writing_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
        var container = "slots-" + Guid.NewGuid().ToString("N")[..8];
        var scheduler = Scheduler(container, time, 1);
        await scheduler.TryAcquireAsync(new ExportSlotRequest("a", "a1"), CancellationToken.None);
        await scheduler.TryAcquireAsync(new ExportSlotRequest("b", "b1", WaitFor: TimeSpan.FromMinutes(1)), CancellationToken.None);
        var blob = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(container).GetBlobClient(BlobExportSlotScheduler.BlobName);
        var before = (await blob.GetPropertiesAsync()).Value.ETag;

        time.Advance(TimeSpan.FromMinutes(1));
        var again = await scheduler.TryAcquireAsync(new ExportSlotRequest("b", "b1", WaitFor: TimeSpan.FromMinutes(1)), CancellationToken.None);

        Assert.Equal((false, 1), (again.Granted, again.Position));
        Assert.Equal(before, (await blob.GetPropertiesAsync()).Value.ETag);
    }
}

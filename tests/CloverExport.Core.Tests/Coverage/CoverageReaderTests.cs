using Azure.Storage.Blobs;
using CloverExport.Core.Coverage;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Storage;
using CloverExport.Testing;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Tests.Coverage;

/// <summary>The reader against Azurite: a store with every state, written by the pipeline's own commit and failure log.</summary>
public class CoverageReaderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Reads_every_state_from_manifests_folders_and_the_failure_log()
    {
        var container = "coverage-" + Guid.NewGuid().ToString("N")[..8];
        var store = await CoverageStore.CreateAsync(azurite.Azurite, container);
        var reader = Reader(container);

        var coverage = await reader.ReadAsync(store.Merchants[0], store.From, store.To, store.Running, CancellationToken.None);

        var payments = Assert.Single(coverage.Types);
        Assert.Equal("PAYMENTS", payments.Type);
        Assert.Equal(CoverageStore.ExpectedA, payments.Blocks.Select(b => b.State));
        Assert.Equal(2, payments.CommittedWindows);
        Assert.Equal(1, payments.IncompleteWindows);
        Assert.Equal(CoverageStore.FailureReason, payments.Blocks[3].LastFailure);
        Assert.InRange(payments.Blocks[1].SnapshotAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));

        var notRunning = await reader.ReadAsync(store.Merchants[0], store.From, store.To, [], CancellationToken.None);
        Assert.Equal(BlockState.NotExported, notRunning.Types[0].Blocks[4].State);
    }

    [Fact]
    public async Task The_failure_log_keeps_the_last_reason_per_window_across_writers()
    {
        var container = "failures-" + Guid.NewGuid().ToString("N")[..8];
        var store = await CoverageStore.CreateAsync(azurite.Azurite, container);
        var exportContainer = new ExportContainer(new BlobServiceClient(azurite.ConnectionString), Options.Create(new StorageOptions { ConnectionString = azurite.ConnectionString, Container = container }));
        var log = new WindowFailureLog(exportContainer, TimeProvider.System);
        var window = store.Running[0];

        await Task.WhenAll(
            log.RecordAsync(CoverageStore.MerchantA, [new WindowFailure(window, "first")], CancellationToken.None),
            log.RecordAsync(CoverageStore.MerchantA, [new WindowFailure(window with { Start = window.Start.AddDays(1) }, "other")], CancellationToken.None));
        await log.RecordAsync(CoverageStore.MerchantA, [new WindowFailure(window, "second")], CancellationToken.None);

        var failures = await log.ReadAsync(CoverageStore.MerchantA, window.Type, CancellationToken.None);
        Assert.Equal(3, failures.Count);
        Assert.Equal("second", Assert.Single(failures, f => f.Start == window.Start).Reason);
        Assert.Contains(failures, f => f.Reason == "other");
        Assert.Contains(failures, f => f.Reason == CoverageStore.FailureReason);
    }

    private CoverageReader Reader(string container)
    {
        var storage = Options.Create(new StorageOptions { ConnectionString = azurite.ConnectionString, Container = container });
        var exportContainer = new ExportContainer(new BlobServiceClient(azurite.ConnectionString), storage);
        return new CoverageReader(exportContainer, new WindowFailureLog(exportContainer, TimeProvider.System), Options.Create(new ExportOptions { SettleLag = ExportOptions.MinimumSettleLag }), TimeProvider.System);
    }
}

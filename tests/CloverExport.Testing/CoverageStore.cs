using System.Security.Cryptography;
using System.Text;
using CloverExport.Core.Clover;
using CloverExport.Core.Coverage;
using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;
using Microsoft.Extensions.Options;

namespace CloverExport.Testing;

/// <summary>
/// A container holding every coverage state, written through the pipeline's own commit and failure
/// log: merchant <see cref="MerchantA"/> (payments) has, block by block from <see cref="From"/>,
/// before-backfill, complete, partial (a committed first part), failed, running (when
/// <see cref="Running"/> is passed to the reader), partial (parts without a manifest) and not
/// exported; merchant <see cref="MerchantB"/> (orders) has one complete block. Times are relative
/// to now, because blob timestamps are.
/// </summary>
public sealed class CoverageStore
{
    public const string MerchantA = "COVERAGEAAAA1";
    public const string MerchantB = "COVERAGEBBBB2";
    public const string FailureReason = "Gave up after 3 export attempts: Clover reported status FAILED.";

    private CoverageStore(DateTimeOffset firstBlock)
    {
        Blocks = [.. Enumerable.Range(0, 7).Select(i => firstBlock.AddDays(30 * i))];
        BackfillStart = Blocks[1].AddDays(10);
    }

    /// <summary>The seven blocks' starts, in the order of the states above.</summary>
    public IReadOnlyList<DateTimeOffset> Blocks { get; }

    public DateTimeOffset BackfillStart { get; }

    public DateTimeOffset From => Blocks[0];

    public DateTimeOffset To => TimeBlocks.EndOf(Blocks[^1]);

    public IReadOnlyList<MerchantInfo> Merchants =>
    [
        new(MerchantA, "sandbox", null, [ExportType.Payments], BackfillStart, "A"),
        new(MerchantB, "sandbox", null, [ExportType.Orders], BackfillStart, "B"),
    ];

    /// <summary>The window a run is on, for readers that are told what runs.</summary>
    public IReadOnlyList<ExportWindow> Running => [Window(ExportType.Payments, Blocks[4], days: 30)];

    /// <summary>The states <see cref="MerchantA"/>'s blocks must show, oldest first.</summary>
    public static IReadOnlyList<BlockState> ExpectedA { get; } =
        [BlockState.BeforeBackfill, BlockState.Complete, BlockState.Partial, BlockState.Failed, BlockState.Running, BlockState.Partial, BlockState.NotExported];

    /// <summary>Settings that point the pipeline at this store (container and backfill; merchants come from <see cref="Merchants"/>).</summary>
    public static Dictionary<string, string?> Settings(AzuriteInstance azurite, string container) => new()
    {
        ["Storage:ConnectionString"] = azurite.ConnectionString,
        ["Storage:Container"] = container,
        ["Export:SettleLag"] = "00:05:00",
    };

    public static async Task<CoverageStore> CreateAsync(AzuriteInstance azurite, string container)
    {
        // Seven whole blocks that end before now, so every one is judged in full.
        var store = new CoverageStore(TimeBlocks.StartOf(DateTimeOffset.UtcNow).AddDays(-30 * 8));
        var options = Options.Create(new StorageOptions { ConnectionString = azurite.ConnectionString, Container = container });
        var exportContainer = new ExportContainer(new BlobServiceClient(azurite.ConnectionString), options);
        var catalog = TestWindowCatalog.Over(exportContainer);
        var blobs = await exportContainer.GetAsync();

        var b = store.Blocks;
        await CommitAsync(blobs, catalog, MerchantA, new ExportWindow(ExportType.Payments, store.BackfillStart, TimeBlocks.EndOf(b[1])), "EXPCOMPLETE1");
        await CommitAsync(blobs, catalog, MerchantA, Window(ExportType.Payments, b[2], days: 10), "EXPPARTIAL2");
        await new WindowFailureLog(exportContainer, TimeProvider.System).RecordAsync(
            MerchantA, [new WindowFailure(Window(ExportType.Payments, b[3], days: 30), FailureReason)], CancellationToken.None);
        await UploadPartAsync(blobs, MerchantA, Window(ExportType.Payments, b[5], days: 30), "EXPCUTSHORT5", "p5");
        await CommitAsync(blobs, catalog, MerchantB, new ExportWindow(ExportType.Orders, store.BackfillStart, TimeBlocks.EndOf(b[1])), "EXPORDERS1");
        return store;
    }

    private static ExportWindow Window(ExportType type, DateTimeOffset start, int days) => new(type, start, start.AddDays(days).AddMilliseconds(-1));

    private static async Task CommitAsync(BlobContainerClient blobs, WindowCatalog catalog, string merchantId, ExportWindow window, string exportId)
    {
        var file = await UploadPartAsync(blobs, merchantId, window, exportId, exportId.ToLowerInvariant());
        await catalog.CommitAsync(merchantId, window, exportId, [file], CancellationToken.None);
    }

    private static async Task<CopiedFile> UploadPartAsync(BlobContainerClient blobs, string merchantId, ExportWindow window, string exportId, string objectId)
    {
        var content = Encoding.UTF8.GetBytes($$"""{"elements":[{"id":"{{objectId}}"}]}""");
        var name = BlobLayout.PartName(merchantId, window, exportId, BlobLayout.FileKey(new Uri($"https://files.example/{exportId}/0.json")), gzip: false);
        await blobs.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), overwrite: true);
        return new CopiedFile(0, name, 1, content.Length, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)));
    }
}

using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CloverExport.Core.Clover;
using CloverExport.Core.Storage;
using CloverExport.Emulator;
using Xunit;

namespace CloverExport.Testing;

/// <summary>Reads what a run stored in the export container and compares it with the emulator's ground truth.</summary>
public static class StoredExports
{
    /// <summary>Every object of [from, to) of every type is stored exactly once, in windows with a manifest.</summary>
    public static async Task AssertExactlyOnceAsync(BlobContainerClient container, CloverEmulatorHost emulator, string merchantId, DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var type in ExportTypes.All)
        {
            var stored = await StoredIdsAsync(container, merchantId, type);
            var duplicates = stored.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(duplicates.Count == 0, $"{type}: {duplicates.Count} ids stored more than once, e.g. {string.Join(", ", duplicates.Take(3))}");
            var truth = emulator.GroundTruth(merchantId, type.ToWireName(), from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds() - 1);
            Assert.NotEmpty(truth);
            var missing = truth.Except(stored).ToList();
            var extra = stored.Except(truth).ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0, $"{type}: {missing.Count} missing, {extra.Count} unexpected of {truth.Count}");
        }
    }

    /// <summary>Ids in the parts listed by manifests; a folder with parts but no manifest counts as not stored.</summary>
    public static async Task<List<string>> StoredIdsAsync(BlobContainerClient container, string merchantId, ExportType type)
    {
        var ids = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = BlobLayout.TypePrefix(merchantId, type) }))
        {
            if (!item.Name.EndsWith("/" + BlobLayout.ManifestFileName, StringComparison.Ordinal))
            {
                continue;
            }

            var folder = item.Name[..(item.Name.LastIndexOf('/') + 1)];
            using var manifest = JsonDocument.Parse((await container.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToMemory());
            foreach (var file in manifest.RootElement.GetProperty("files").EnumerateArray())
            {
                using var part = JsonDocument.Parse((await container.GetBlobClient(folder + file.GetProperty("name").GetString()).DownloadContentAsync()).Value.Content.ToMemory());
                ids.AddRange(part.RootElement.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            }
        }

        return ids;
    }

    /// <summary>How many windows hold a manifest; 0 before the run created the container.</summary>
    public static async Task<int> CommittedWindowsAsync(BlobContainerClient container, string merchantId)
    {
        var count = 0;
        try
        {
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = merchantId + "/" }))
            {
                count += item.Name.EndsWith("/" + BlobLayout.ManifestFileName, StringComparison.Ordinal) ? 1 : 0;
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }

        return count;
    }

    /// <summary>Every metadata pair of every blob in every container of the account.</summary>
    public static async Task<List<string>> AllMetadataAsync(BlobServiceClient service)
    {
        var pairs = new List<string>();
        await foreach (var container in service.GetBlobContainersAsync(BlobContainerTraits.Metadata))
        {
            pairs.AddRange(container.Properties.Metadata?.Select(m => $"{m.Key}={m.Value}") ?? []);
            await foreach (var blob in service.GetBlobContainerClient(container.Name).GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }))
            {
                pairs.AddRange(blob.Metadata.Select(m => $"{m.Key}={m.Value}"));
            }
        }

        return pairs;
    }
}

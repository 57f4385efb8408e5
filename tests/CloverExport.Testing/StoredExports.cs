using System.IO.Compression;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using CloverExport.Core.Clover;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;
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
            await AssertExactlyOnceAsync(container, emulator, merchantId, type, from, to.AddMilliseconds(-1));
        }
    }

    /// <summary>Storage holds exactly the emulator's ground truth of one type for [from, lastMillisecond]: every id once.</summary>
    public static async Task AssertExactlyOnceAsync(BlobContainerClient container, CloverEmulatorHost emulator, string merchantId, ExportType type, DateTimeOffset from, DateTimeOffset lastMillisecond)
    {
        var stored = await StoredIdsAsync(container, merchantId, type);
        var duplicates = stored.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"{type}: {duplicates.Count} ids stored more than once, e.g. {string.Join(", ", duplicates.Take(3))}");
        var truth = emulator.GroundTruth(merchantId, type.ToWireName(), from.ToUnixTimeMilliseconds(), lastMillisecond.ToUnixTimeMilliseconds());
        Assert.NotEmpty(truth);
        var missing = truth.Except(stored).ToList();
        var extra = stored.Except(truth).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{type}: {missing.Count} missing (e.g. {string.Join(", ", missing.Take(3))}), {extra.Count} unexpected (e.g. {string.Join(", ", extra.Take(3))}) of {truth.Count}");
    }

    /// <summary>
    /// Every object id stored for a merchant and type (duplicates kept), read from the parts each window's
    /// current manifest lists, of the windows that overlap [from, to] when given. A folder with parts but
    /// no manifest counts as not stored; counts in the manifest must match the parts.
    /// </summary>
    public static async Task<List<string>> StoredIdsAsync(BlobContainerClient container, string merchantId, ExportType type, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var manifests = new List<(string Name, ExportWindow Window)>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = BlobLayout.TypePrefix(merchantId, type) }))
        {
            if (BlobLayout.TryParseManifestName(item.Name, type, out var snapshot))
            {
                manifests.Add((item.Name, snapshot));
            }
        }

        var ids = new List<string>();
        foreach (var (name, window) in manifests.GroupBy(m => (m.Window.Start, m.Window.End)).Select(g => g.MaxBy(m => m.Window.Revision)))
        {
            if ((from is { } f && window.End < f) || (to is { } t && window.Start > t))
            {
                continue;
            }

            using var manifest = JsonDocument.Parse((await container.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToMemory());
            var folder = name[..(name.LastIndexOf('/') + 1)];
            var inWindow = 0L;
            foreach (var file in manifest.RootElement.GetProperty("files").EnumerateArray())
            {
                using var part = JsonDocument.Parse(Decode((await container.GetBlobClient(folder + file.GetProperty("name").GetString()).DownloadContentAsync()).Value));
                var inFile = part.RootElement.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
                Assert.Equal(file.GetProperty("objects").GetInt64(), inFile.Count);
                inWindow += inFile.Count;
                ids.AddRange(inFile);
            }

            Assert.Equal(manifest.RootElement.GetProperty("objectCount").GetInt64(), inWindow);
        }

        return ids;
    }

    /// <summary>Every manifest in the container lists files that exist with the recorded sizes and hashes.</summary>
    public static async Task AssertManifestsMatchFilesAsync(BlobContainerClient container)
    {
        await foreach (var item in container.GetBlobsAsync())
        {
            if (!item.Name.EndsWith("/" + BlobLayout.ManifestFileName, StringComparison.Ordinal))
            {
                continue;
            }

            var folder = item.Name[..(item.Name.LastIndexOf('/') + 1)];
            using var manifest = JsonDocument.Parse((await container.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToMemory());
            foreach (var file in manifest.RootElement.GetProperty("files").EnumerateArray())
            {
                var properties = await container.GetBlobClient(folder + file.GetProperty("name").GetString()).GetPropertiesAsync();
                Assert.Equal(file.GetProperty("storedBytes").GetInt64(), properties.Value.ContentLength);
                Assert.Equal(file.GetProperty("sha256").GetString(), properties.Value.Metadata["sha256"]);
            }
        }
    }

    /// <summary>The JSON of a stored part: gunzipped when it was stored with Content-Encoding gzip.</summary>
    public static ReadOnlyMemory<byte> Decode(BlobDownloadResult download)
    {
        if (download.Details.ContentEncoding != "gzip")
        {
            return download.Content.ToMemory();
        }

        using var gzip = new GZipStream(download.Content.ToStream(), CompressionMode.Decompress);
        using var json = new MemoryStream();
        gzip.CopyTo(json);
        return json.ToArray();
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

using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CloverExport.Core.Clover;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;

namespace CloverExport.Core.Reading;

/// <summary>
/// The reader's rule, implemented once: a folder without a manifest is ignored; of each window only
/// its newest snapshot (highest manifest revision) counts, and only the files that manifest lists;
/// across windows, the version with the greatest <c>modifiedTime</c> of each id is current (on a tie,
/// the later window's). That is right whichever time Clover's export filters on: by <c>createdTime</c>
/// an id lives in one window and its newest snapshot has its latest state; by <c>modifiedTime</c> a
/// changed id appears again in a later window and the later version wins. Objects marked
/// <c>"deleted": true</c> are left out; objects Clover stopped exporting vanish with the revisit
/// that no longer has them.
/// </summary>
/// <remarks>
/// Two passes over the selected snapshots: the first keeps only, per id, where its newest version is;
/// the second streams those versions. Memory grows with the number of ids (and one file at a time),
/// never with the data.
/// </remarks>
public sealed class StoreReader(BlobContainerClient container)
{
    /// <summary>
    /// The current state of every object of one merchant and type. With <paramref name="from"/> or
    /// <paramref name="to"/>, only objects created in that range (by <c>createdTime</c>, or by their
    /// window when an element has none); windows ending before <paramref name="from"/> are not read,
    /// but every later window is, since a newer version may be stored there.
    /// </summary>
    public async IAsyncEnumerable<CurrentObject> ReadCurrentAsync(
        string merchantId, ExportType type, DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var snapshots = (await CurrentSnapshotsAsync(merchantId, type, cancellationToken))
            .Where(s => from is not { } start || s.Window.End >= start)
            .ToList();

        var newest = new Dictionary<string, (long ModifiedTime, int Snapshot)>(StringComparer.Ordinal);
        for (var i = 0; i < snapshots.Count; i++)
        {
            await foreach (var element in ElementsAsync(merchantId, snapshots[i].Window, cancellationToken))
            {
                var modified = element.ModifiedTime ?? long.MinValue;
                if (!newest.TryGetValue(element.Id, out var best) || modified >= best.ModifiedTime)
                {
                    newest[element.Id] = (modified, i);
                }
            }
        }

        var emitted = new HashSet<string>(StringComparer.Ordinal);
        var fromMs = from?.ToUnixTimeMilliseconds() ?? long.MinValue;
        var toMs = to?.ToUnixTimeMilliseconds() ?? long.MaxValue;
        for (var i = 0; i < snapshots.Count; i++)
        {
            var window = snapshots[i].Window;
            await foreach (var element in ElementsAsync(merchantId, window, cancellationToken))
            {
                var created = element.CreatedTime;
                var inRange = created is { } c
                    ? c >= fromMs && c <= toMs
                    : window.End.ToUnixTimeMilliseconds() >= fromMs && window.Start.ToUnixTimeMilliseconds() <= toMs;
                if (newest[element.Id].Snapshot == i && inRange && !element.Deleted && emitted.Add(element.Id))
                {
                    yield return new CurrentObject(element.Id, element.ModifiedTime, element.Json, window);
                }
            }
        }
    }

    /// <summary>The newest committed snapshot of each window, oldest window first.</summary>
    public async Task<IReadOnlyList<WindowSnapshot>> CurrentSnapshotsAsync(string merchantId, ExportType type, CancellationToken cancellationToken)
    {
        var snapshots = new List<WindowSnapshot>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = BlobLayout.TypePrefix(merchantId, type) }, cancellationToken))
        {
            if (BlobLayout.TryParseManifestName(item.Name, type, out var window))
            {
                snapshots.Add(new WindowSnapshot(window, item.Properties.CreatedOn ?? DateTimeOffset.MinValue));
            }
        }

        return WindowCatalog.Current(snapshots);
    }

    private async IAsyncEnumerable<StoredElement> ElementsAsync(string merchantId, ExportWindow window, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var manifestName = BlobLayout.ManifestName(merchantId, window);
        var manifest = (await container.GetBlobClient(manifestName).DownloadContentAsync(cancellationToken)).Value.Content
            .ToObjectFromJson(StorageJsonContext.Default.WindowManifest)
            ?? throw new InvalidDataException($"{manifestName} is empty.");
        var folder = BlobLayout.WindowFolder(merchantId, window);
        foreach (var file in manifest.Files)
        {
            List<StoredElement> elements;
            try
            {
                elements = await ReadFileAsync(folder + file.Name, manifest.Gzip, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                throw new InvalidDataException($"{folder + file.Name} is listed in {manifestName} but missing: the store was changed outside the pipeline.", ex);
            }

            foreach (var element in elements)
            {
                yield return element;
            }
        }
    }

    private async Task<List<StoredElement>> ReadFileAsync(string name, bool gzip, CancellationToken cancellationToken)
    {
        await using var blob = await container.GetBlobClient(name).OpenReadAsync(cancellationToken: cancellationToken);
        await using var json = gzip ? new System.IO.Compression.GZipStream(blob, System.IO.Compression.CompressionMode.Decompress) : blob;
        using var document = await JsonDocument.ParseAsync(json, cancellationToken: cancellationToken);
        return [.. document.RootElement.GetProperty("elements").EnumerateArray().Select(StoredElement.Of)];
    }

    private sealed record StoredElement(string Id, long? CreatedTime, long? ModifiedTime, bool Deleted, string Json)
    {
        public static StoredElement Of(JsonElement element) => new(
            element.GetProperty("id").GetString() ?? throw new InvalidDataException("An element has a null id."),
            Millis(element, "createdTime"),
            Millis(element, "modifiedTime"),
            element.TryGetProperty("deleted", out var deleted) && deleted.ValueKind == JsonValueKind.True,
            element.GetRawText());

        private static long? Millis(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms) ? ms : null;
    }
}

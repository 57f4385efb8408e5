using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CloverExport.Core.Clover;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;

namespace CloverExport.Cli.Verification;

/// <summary>
/// Checks the export container on its own terms, by the reader's rule: of each window its current
/// (newest) snapshot is checked: every file its manifest lists exists with the listed sizes, object
/// counts and SHA-256, and no id is stored twice in it. Across windows an id may appear again (when
/// Clover filters exports by <c>modifiedTime</c>, a changed object is exported again in a later
/// window): that is checked for "newest wins", the later window's version must have the greater
/// <c>modifiedTime</c>. Given the emulator, the current snapshots must hold exactly the objects that
/// exist in their time ranges. Folders without a manifest are incomplete windows (a run still going
/// or cut short), not errors; nor are parts of a snapshot that was never committed (a crashed revisit).
/// </summary>
internal sealed class ContainerVerifier(BlobContainerClient container, GroundTruthClient? groundTruth)
{
    private const int MaxListedPerKind = 5;
    private const int WindowFolderDepth = 5;
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);

    public async Task<VerifyReport> VerifyAsync(string? merchantId, CancellationToken cancellationToken)
    {
        if (!await container.ExistsAsync(cancellationToken))
        {
            return new VerifyReport([], [$"Container '{container.Name}' does not exist at {container.Uri.GetLeftPart(UriPartial.Path)}."], [], groundTruth is not null);
        }

        var folders = await ListFoldersAsync(merchantId, cancellationToken);
        var checks = new ConcurrentBag<WindowCheck>();
        var notes = new List<string>();
        var incomplete = new List<(string Folder, int Parts)>();
        var windows = new List<(string Folder, ExportWindow Window)>();
        foreach (var (folder, blobs) in folders)
        {
            var manifests = blobs.Keys.Where(b => BlobLayout.IsManifestFile(b[folder.Length..])).ToList();
            if (manifests.Count == 0)
            {
                incomplete.Add((folder, blobs.Count));
                continue;
            }

            var snapshots = manifests.Select(m => TryParseWindow(m, out var window) ? window : null).ToList();
            if (snapshots.Any(w => w is null))
            {
                notes.Add($"{folder}: a manifest not in the export layout, skipped.");
                continue;
            }

            windows.Add((folder, snapshots.MaxBy(w => w!.Revision)!));
            if (snapshots.Count > 1)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{folder}: {snapshots.Count} snapshots; revision {snapshots.Max(w => w!.Revision)} is current, the older ones are kept for Export:SnapshotRetention."));
            }
        }

        await Parallel.ForEachAsync(windows, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (w, ct) => checks.Add(await CheckWindowAsync(w.Folder, w.Window, folders[w.Folder], ct)));

        var problems = new List<string>();
        var types = new List<TypeReport>();
        foreach (var group in checks.GroupBy(c => (Merchant: MerchantOf(c.Folder), Type: c.Window.Type.ToWireName())).OrderBy(g => g.Key))
        {
            var ordered = group.OrderBy(c => c.Window.Start).ToList();
            problems.AddRange(ordered.SelectMany(c => c.Problems));
            var duplicates = FindDuplicates(ordered, problems, out var superseded);
            var incompleteHere = incomplete.Count(i => i.Folder.StartsWith($"{group.Key.Merchant}/{group.Key.Type.ToLowerInvariant()}/", StringComparison.Ordinal));
            types.Add(new TypeReport(
                group.Key.Merchant, group.Key.Type, ordered.Count, incompleteHere, ordered.Sum(c => c.Files.Count),
                ordered.Sum(c => c.Files.Sum(f => f.Ids.Count)), ordered.Sum(c => c.Bytes), duplicates,
                ordered.Sum(c => c.Missing), ordered.Sum(c => c.Extra), superseded));
        }

        notes.AddRange(incomplete.Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{i.Folder}: incomplete window (no {BlobLayout.ManifestFileName}, {i.Parts} part files); the next run exports it again.")));
        notes.AddRange(checks.SelectMany(c => c.Notes));
        return new VerifyReport(types, problems, notes, groundTruth is not null);
    }

    private async Task<Dictionary<string, Dictionary<string, long>>> ListFoldersAsync(string? merchantId, CancellationToken cancellationToken)
    {
        var folders = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        var options = new GetBlobsOptions { Prefix = merchantId is null ? null : merchantId + "/" };
        await foreach (var item in container.GetBlobsAsync(options, cancellationToken))
        {
            // Window folders are {merchant}/{type}/{yyyy}/{MM}/{start}_{end}/; type-level blobs (watermark, commit lock) are not data.
            if (item.Name.Count(c => c == '/') != WindowFolderDepth)
            {
                continue;
            }

            var slash = item.Name.LastIndexOf('/');

            var folder = item.Name[..(slash + 1)];
            if (!folders.TryGetValue(folder, out var blobs))
            {
                folders[folder] = blobs = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            blobs[item.Name] = item.Properties.ContentLength ?? -1;
        }

        return folders;
    }

    private async Task<WindowCheck> CheckWindowAsync(string folder, ExportWindow window, IReadOnlyDictionary<string, long> blobs, CancellationToken cancellationToken)
    {
        var check = new WindowCheck(folder, window);
        var manifestName = folder + BlobLayout.ManifestFile(window.Revision);
        WindowManifest? manifest;
        try
        {
            var content = await container.GetBlobClient(manifestName).DownloadContentAsync(cancellationToken);
            manifest = JsonSerializer.Deserialize<WindowManifest>(content.Value.Content.ToMemory().Span, ManifestJson);
        }
        catch (JsonException ex)
        {
            check.Problems.Add($"{manifestName}: not a valid manifest ({ex.Message}).");
            return check;
        }

        if (manifest?.Files is null)
        {
            check.Problems.Add($"{manifestName}: empty manifest.");
            return check;
        }

        if (manifest.WindowStart != window.Start || manifest.WindowEnd != window.End)
        {
            check.Problems.Add($"{manifestName}: lists window {manifest.WindowStart:O}..{manifest.WindowEnd:O}, but its folder is {window.Start:O}..{window.End:O}.");
        }

        foreach (var file in manifest.Files)
        {
            await CheckFileAsync(check, folder + file.Name, file, blobs, manifest.Gzip, cancellationToken);
        }

        var stored = check.Files.Sum(f => f.Ids.Count);
        if (check.Files.Count == manifest.Files.Count && stored != manifest.ObjectCount)
        {
            check.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"{manifestName}: lists {manifest.ObjectCount} objects, its files hold {stored}."));
        }

        var listed = manifest.Files.Select(f => folder + f.Name).Append(manifestName).ToHashSet(StringComparer.Ordinal);
        check.Notes.AddRange(blobs.Keys.Where(b => !listed.Contains(b) && !BlobLayout.IsManifestFile(b[folder.Length..]))
            .Select(b => $"{b}: not in its window's current snapshot (an older snapshot's, or an uncommitted copy's; ignored by readers)."));

        if (groundTruth is not null)
        {
            await CompareWithGroundTruthAsync(check, cancellationToken);
        }

        return check;
    }

    private async Task CheckFileAsync(WindowCheck check, string name, ManifestFile file, IReadOnlyDictionary<string, long> blobs, bool gzip, CancellationToken cancellationToken)
    {
        if (!blobs.TryGetValue(name, out var size))
        {
            check.Problems.Add($"{name}: listed in the manifest but missing.");
            return;
        }

        if (size != file.StoredBytes)
        {
            check.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {size} bytes stored, the manifest lists {file.StoredBytes}."));
        }

        byte[] content;
        try
        {
            var download = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            content = gzip ? Gunzip(download.Value.Content.ToArray()) : download.Value.Content.ToArray();
        }
        catch (Exception ex) when (ex is RequestFailedException or InvalidDataException)
        {
            check.Problems.Add($"{name}: cannot be read ({ex.Message}).");
            return;
        }

        check.Bytes += content.Length;
        if (content.Length != file.ContentBytes)
        {
            check.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {content.Length} bytes of JSON, the manifest lists {file.ContentBytes}."));
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        if (!string.Equals(sha, file.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            check.Problems.Add($"{name}: SHA-256 {sha} does not match the manifest's {file.Sha256}.");
        }

        List<StoredId> ids;
        try
        {
            ids = ReadIds(content);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            check.Problems.Add($"{name}: not an export file ({ex.Message}).");
            return;
        }

        if (ids.Count != file.Objects)
        {
            check.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: holds {ids.Count} objects, the manifest lists {file.Objects}."));
        }

        check.Files.Add((name, ids));
    }

    private async Task CompareWithGroundTruthAsync(WindowCheck check, CancellationToken cancellationToken)
    {
        var merchant = MerchantOf(check.Folder);
        var type = check.Window.Type.ToWireName();
        var truth = await groundTruth!.IdsAsync(merchant, type, check.Window.Start, check.Window.End, cancellationToken);
        var stored = check.Files.SelectMany(f => f.Ids).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var missing = truth.Where(id => !stored.Contains(id)).ToList();
        var truthSet = truth.ToHashSet(StringComparer.Ordinal);
        var extra = stored.Where(id => !truthSet.Contains(id)).ToList();
        check.Missing = missing.Count;
        check.Extra = extra.Count;
        if (missing.Count > 0 || extra.Count > 0)
        {
            check.Problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{merchant} {check.Window}: {missing.Count} objects missing (e.g. {Sample(missing)}), {extra.Count} not in the source (e.g. {Sample(extra)})."));
        }
    }

    /// <summary>
    /// Within one snapshot an id stored twice is an error. Across windows it is a later version
    /// (exports filtered by <c>modifiedTime</c>), counted as superseded, and an error only when the
    /// later window's version is not newer: then "newest wins" cannot tell which version is current.
    /// </summary>
    private static int FindDuplicates(IReadOnlyList<WindowCheck> windows, List<string> problems, out int superseded)
    {
        var seen = new Dictionary<string, (string File, WindowCheck Window, long? ModifiedTime)>(StringComparer.Ordinal);
        var duplicates = 0;
        superseded = 0;
        foreach (var window in windows)
        {
            foreach (var (file, ids) in window.Files)
            {
                foreach (var (id, modified) in ids)
                {
                    if (!seen.TryGetValue(id, out var earlier))
                    {
                        seen[id] = (file, window, modified);
                        continue;
                    }

                    seen[id] = (file, window, modified);
                    string? problem = null;
                    if (ReferenceEquals(earlier.Window, window))
                    {
                        problem = $"Object {id} is stored twice in one snapshot: in {earlier.File} and in {file}.";
                    }
                    else if (modified is not { } later || earlier.ModifiedTime is not { } before || later <= before)
                    {
                        problem = string.Create(CultureInfo.InvariantCulture,
                            $"Object {id} is stored twice: in {earlier.File} and in {file}, and the later window's version is not newer (modifiedTime {earlier.ModifiedTime} then {modified}): newest-wins cannot choose.");
                    }
                    else
                    {
                        superseded++;
                        continue;
                    }

                    if (duplicates++ < MaxListedPerKind)
                    {
                        problems.Add(problem);
                    }
                }
            }
        }

        if (duplicates > MaxListedPerKind)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"... and {duplicates - MaxListedPerKind} more duplicate objects."));
        }

        return duplicates;
    }

    private static List<StoredId> ReadIds(byte[] content)
    {
        using var document = JsonDocument.Parse(content);
        return document.RootElement.GetProperty("elements").EnumerateArray()
            .Select(e => new StoredId(
                e.GetProperty("id").GetString() ?? throw new InvalidOperationException("an element has a null id"),
                e.TryGetProperty("modifiedTime", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt64() : null))
            .ToList();
    }

    private static byte[] Gunzip(byte[] compressed)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static bool TryParseWindow(string manifestName, out ExportWindow window)
    {
        foreach (var type in ExportTypes.All)
        {
            if (BlobLayout.TryParseManifestName(manifestName, type, out window))
            {
                return true;
            }
        }

        window = default!;
        return false;
    }

    private static string MerchantOf(string folder) => folder[..folder.IndexOf('/', StringComparison.Ordinal)];

    private static string Sample(IEnumerable<string> ids) => ids.Any() ? string.Join(", ", ids.Take(3)) : "none";

    private sealed class WindowCheck(string folder, ExportWindow window)
    {
        public string Folder { get; } = folder;

        public ExportWindow Window { get; } = window;

        public List<(string File, List<StoredId> Ids)> Files { get; } = [];

        public List<string> Problems { get; } = [];

        public List<string> Notes { get; } = [];

        public long Bytes { get; set; }

        public int Missing { get; set; }

        public int Extra { get; set; }
    }
}

/// <summary>An object as verify sees it: its id and Clover's <c>modifiedTime</c> (epoch ms), when present.</summary>
internal readonly record struct StoredId(string Id, long? ModifiedTime);

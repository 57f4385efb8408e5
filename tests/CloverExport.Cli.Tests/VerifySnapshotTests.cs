using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using CloverExport.Core.Clover;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;

namespace CloverExport.Cli.Tests;

/// <summary><c>verify</c> and <c>read</c> over snapshots and over ids stored in several windows (exports filtered by modifiedTime).</summary>
public sealed class VerifySnapshotTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Merchant = "SNAPSHOTTEST1";
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);
    private static readonly ExportWindow Day1 = Window(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private static readonly ExportWindow Day2 = Window(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_newer_version_in_a_later_window_passes_and_read_returns_it_once()
    {
        var (settings, container) = await NewStoreAsync();
        await WriteSnapshotAsync(container, Day1, ("A", 100), ("B", 110));
        await WriteSnapshotAsync(container, Day2, ("A", 200));

        var verify = await CliRun.InvokeAsync(settings, "verify");
        var read = await CliRun.InvokeAsync(settings, "read", "-m", Merchant, "--type", "ORDERS");

        Assert.True(verify.ExitCode == ExitCodes.Success, verify.All);
        Assert.Contains("duplicates=0 superseded=1", verify.Output, StringComparison.Ordinal);
        Assert.True(read.ExitCode == ExitCodes.Success, read.All);
        var lines = read.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["A:200", "B:110"], lines.Select(Describe).Order());
    }

    [Fact]
    public async Task An_older_version_in_a_later_window_and_a_duplicate_within_a_snapshot_fail()
    {
        var (settings, container) = await NewStoreAsync();
        await WriteSnapshotAsync(container, Day1, ("A", 300));
        await WriteSnapshotAsync(container, Day2, ("A", 200));

        var older = await CliRun.InvokeAsync(settings, "verify");

        Assert.Equal(ExitCodes.Failure, older.ExitCode);
        Assert.Contains("newest-wins cannot choose", older.Output, StringComparison.Ordinal);

        // A revisit of day 2 is its current snapshot: the older version is gone, but it lists an id twice.
        await WriteSnapshotAsync(container, Day2 with { Revision = 1 }, ("C", 250), ("C", 250));
        var twice = await CliRun.InvokeAsync(settings, "verify");

        Assert.Equal(ExitCodes.Failure, twice.ExitCode);
        Assert.Contains("Object C is stored twice in one snapshot", twice.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("newest-wins", twice.Output, StringComparison.Ordinal);
    }

    private static ExportWindow Window(DateTimeOffset day) => new(ExportType.Orders, day, day.AddDays(1).AddMilliseconds(-1));

    private static string Describe(string line)
    {
        using var json = JsonDocument.Parse(line);
        return $"{json.RootElement.GetProperty("id").GetString()}:{json.RootElement.GetProperty("modifiedTime").GetInt64()}";
    }

    private async Task<(Dictionary<string, string?> Settings, BlobContainerClient Container)> NewStoreAsync()
    {
        var name = CliSettings.NewContainerName();
        var container = azurite.Azurite.CreateBlobServiceClient().GetBlobContainerClient(name);
        await container.CreateAsync();
        return (new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:ServiceUri"] = null,
            ["Storage:Container"] = name,
        }, container);
    }

    /// <summary>One part and its manifest, as the pipeline writes them.</summary>
    private static async Task WriteSnapshotAsync(BlobContainerClient container, ExportWindow window, params (string Id, long ModifiedTime)[] objects)
    {
        var elements = string.Join(",", objects.Select(o => $$"""{"id":"{{o.Id}}","createdTime":{{window.Start.ToUnixTimeMilliseconds()}},"modifiedTime":{{o.ModifiedTime}}}"""));
        var content = Encoding.UTF8.GetBytes($$"""{"elements":[{{elements}}]}""");
        var part = $"part-00001-EXPORT{window.Revision}.json";
        var folder = BlobLayout.WindowFolder(Merchant, window);
        await container.GetBlobClient(folder + part).UploadAsync(new BinaryData(content));
        var manifest = new WindowManifest(Merchant, "ORDERS", window.Start, window.End, $"EXPORT{window.Revision}", objects.Length, content.Length,
            [new ManifestFile(part, objects.Length, content.Length, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)))],
            DateTimeOffset.UtcNow, false, window.Revision);
        await container.GetBlobClient(BlobLayout.ManifestName(Merchant, window)).UploadAsync(
            BinaryData.FromString(JsonSerializer.Serialize(manifest, ManifestJson)));
    }
}

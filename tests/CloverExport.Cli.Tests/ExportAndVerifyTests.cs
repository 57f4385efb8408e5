using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CloverExport.Core.Planning;

namespace CloverExport.Cli.Tests;

/// <summary><c>export</c> and <c>verify</c> in-process against the emulator and Azurite.</summary>
public sealed class ExportAndVerifyTests(AzuriteFixture azurite, EmulatorFixture emulator)
    : IClassFixture<AzuriteFixture>, IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Export_stores_exactly_the_ground_truth_and_verify_agrees()
    {
        var merchant = EmulatorTestMerchants.Sandbox;
        var settings = CliSettings.For(emulator, azurite, CliSettings.NewContainerName(), merchant);

        var export = await CliRun.InvokeAsync(settings, "export", "--merchant", merchant.Id, "--types", "ORDERS,PAYMENTS", "--from", "2024-03-01", "--to", "2024-05-31", "--plain");

        Assert.True(export.ExitCode == ExitCodes.Success, export.All);
        // Windows start at the 30-day block containing --from and end with --to's last millisecond.
        var start = TimeBlocks.StartOf(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero)).ToUnixTimeMilliseconds();
        var end = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() - 1;
        var orders = emulator.Emulator.GroundTruth(merchant.Id, "ORDERS", start, end).Count;
        var payments = emulator.Emulator.GroundTruth(merchant.Id, "PAYMENTS", start, end).Count;
        Assert.True(orders > 1000, "the range should need several files");
        Assert.Equal(orders + payments, export.SummaryValue("summary: total", "objects"));
        Assert.Equal(0, export.SummaryValue("summary: total", "failed"));
        Assert.Matches(@"summary: total merchants=1 windows=(\d+)/\1 failed=0", export.Output);

        var verify = await CliRun.InvokeAsync(settings, "verify", "--emulator", emulator.ApiBaseUrl.ToString());

        Assert.True(verify.ExitCode == ExitCodes.Success, verify.All);
        Assert.Contains("verify: PASSED", verify.Output, StringComparison.Ordinal);
        Assert.Contains($"{merchant.Id} ORDERS", verify.Output, StringComparison.Ordinal);
        Assert.Contains("missing=0 extra=0", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_to_a_day_not_yet_settled_stops_at_the_settled_end_and_says_so()
    {
        var merchant = EmulatorTestMerchants.Sandbox;
        var settings = CliSettings.For(emulator, azurite, CliSettings.NewContainerName(), merchant);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var export = await CliRun.InvokeAsync(settings, "export", "--merchant", merchant.Id, "--types", "ORDERS",
            "--from", today.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            "--to", today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "--plain");

        Assert.True(export.ExitCode == ExitCodes.Success, export.All);
        // Settle lag 5 minutes, ends aligned to the UTC day: yesterday's last millisecond (today's, just after midnight).
        var settled = DateTime.UtcNow.AddMinutes(-5).Date.AddMilliseconds(-1);
        Assert.Contains($"note: {merchant.Id}: the range was cut to end at {settled:yyyy-MM-ddTHH:mm:ss.fff}Z", export.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_fails_when_a_stored_file_was_changed()
    {
        var (settings, container) = await ExportOrdersAsync("2024-06-01", "2024-06-30");
        var part = await FirstBlobAsync(container, "/part-");
        var original = (await container.GetBlobClient(part).DownloadContentAsync()).Value.Content.ToString();
        // Same length, still valid JSON: only the checksum (and the id) gives it away.
        var tampered = ReplaceFirstIdCharacter(original);
        await container.GetBlobClient(part).UploadAsync(BinaryData.FromString(tampered), overwrite: true);

        var verify = await CliRun.InvokeAsync(settings, "verify", "--emulator", emulator.ApiBaseUrl.ToString());

        Assert.Equal(ExitCodes.Failure, verify.ExitCode);
        Assert.Contains($"{part}: SHA-256", verify.Output, StringComparison.Ordinal);
        Assert.Contains("1 objects missing", verify.Output, StringComparison.Ordinal);
        Assert.Contains("verify: FAILED", verify.Output, StringComparison.Ordinal);
        Assert.StartsWith("error: verify found", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_reports_missing_files_and_duplicates_but_not_incomplete_windows()
    {
        var (settings, container) = await ExportOrdersAsync("2024-07-01", "2024-08-31");
        var manifests = await AllBlobsAsync(container, "/manifest.json");
        Assert.True(manifests.Count >= 2, "two windows are needed");

        // A folder without its manifest is an incomplete window: reported, not a failure.
        await container.GetBlobClient(manifests[^1]).DeleteAsync();
        var incomplete = await CliRun.InvokeAsync(settings, "verify");
        Assert.True(incomplete.ExitCode == ExitCodes.Success, incomplete.All);
        Assert.Contains("incomplete window", incomplete.Output, StringComparison.Ordinal);

        // A part copied into another complete window: its objects are stored twice.
        var first = manifests[0][..manifests[0].LastIndexOf('/')];
        var parts = await AllBlobsAsync(container, "/part-");
        var target = parts.First(p => p.StartsWith(first + "/", StringComparison.Ordinal));
        var second = parts.First(p => !p.StartsWith(first + "/", StringComparison.Ordinal));
        var copy = await container.GetBlobClient(second).DownloadContentAsync();
        await container.GetBlobClient(target).UploadAsync(copy.Value.Content, overwrite: true);
        var duplicates = await CliRun.InvokeAsync(settings, "verify");
        Assert.Equal(ExitCodes.Failure, duplicates.ExitCode);
        Assert.Contains("is stored twice", duplicates.Output, StringComparison.Ordinal);

        // A listed file that is gone.
        await container.GetBlobClient(target).DeleteAsync();
        var missing = await CliRun.InvokeAsync(settings, "verify");
        Assert.Equal(ExitCodes.Failure, missing.ExitCode);
        Assert.Contains("listed in the manifest but missing", missing.Output, StringComparison.Ordinal);
    }

    private async Task<(Dictionary<string, string?> Settings, BlobContainerClient Container)> ExportOrdersAsync(string from, string to)
    {
        var merchant = EmulatorTestMerchants.Busy;
        var name = CliSettings.NewContainerName();
        var settings = CliSettings.For(emulator, azurite, name, merchant);
        var export = await CliRun.InvokeAsync(settings, "export", "-m", merchant.Id, "--types", "ORDERS", "--from", from, "--to", to);
        Assert.True(export.ExitCode == ExitCodes.Success, export.All);
        var container = azurite.Azurite.CreateBlobServiceClient().GetBlobContainerClient(name);
        var verify = await CliRun.InvokeAsync(settings, "verify", "--emulator", emulator.ApiBaseUrl.ToString());
        Assert.True(verify.ExitCode == ExitCodes.Success, verify.All);
        return (settings, container);
    }

    private static async Task<string> FirstBlobAsync(BlobContainerClient container, string marker) =>
        (await AllBlobsAsync(container, marker))[0];

    private static async Task<List<string>> AllBlobsAsync(BlobContainerClient container, string marker)
    {
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions()))
        {
            if (item.Name.Contains(marker, StringComparison.Ordinal))
            {
                names.Add(item.Name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private static string ReplaceFirstIdCharacter(string json)
    {
        using var document = JsonDocument.Parse(json);
        var id = document.RootElement.GetProperty("elements")[0].GetProperty("id").GetString()!;
        var changed = (id[0] == 'Z' ? 'Y' : 'Z') + id[1..];
        var at = json.IndexOf($"\"{id}\"", StringComparison.Ordinal);
        return json[..at] + $"\"{changed}\"" + json[(at + id.Length + 2)..];
    }
}

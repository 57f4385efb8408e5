using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CloverExport.Core.Clover;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;
using CloverExport.Emulator;

namespace CloverExport.Cli.Tests;

/// <summary>
/// The worker dies (SIGKILL) in the middle of a run and is started again: the in-process engine's
/// state dies with it, so the container alone must carry the run. The CLI runs as a child process
/// (<c>dotnet clover-export.dll export …</c>) against an emulator and Azurite in this process.
/// </summary>
public sealed partial class ProcessKillTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset From = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Killed_mid_copy_and_run_again_every_object_lands_exactly_once()
    {
        var to = new DateTimeOffset(2023, 6, 30, 0, 0, 0, TimeSpan.Zero);
        var merchant = Merchant("KILLMIDCOPY01", to, ordersPerDay: 60);
        var options = EmulatorOptions(merchant, processing: TimeSpan.FromMilliseconds(100));
        // Many small files copied one at a time: a window spends a while with some parts and no manifest.
        options.ObjectsPerFile = 150;
        await using var emulator = await CloverEmulatorHost.StartAsync(options);
        var container = await NewContainerAsync();
        var environment = Environment(emulator, container, merchant);
        environment["Export__MaxParallelFileCopies"] = "1";

        using (var first = CliProcess.Start(environment, ExportArgs(merchant.Id, to)))
        {
            // Kill once a window is committed and another is half copied.
            await WaitForAsync(first, async () =>
            {
                var folders = await FoldersAsync(container, merchant.Id);
                return folders.Values.Any(f => f.Contains(BlobLayout.ManifestFileName))
                    && folders.Values.Any(f => !f.Contains(BlobLayout.ManifestFileName));
            });
            await first.KillAsync();
        }

        var afterKill = await FoldersAsync(container, merchant.Id);
        var completeAtKill = afterKill.Values.Count(f => f.Contains(BlobLayout.ManifestFileName));
        Assert.Contains(afterKill.Values, f => !f.Contains(BlobLayout.ManifestFileName));
        // Every window that looks complete is complete: its files match the manifest and the ground truth.
        await AssertVerifyPassesAsync(emulator, container, expectIncomplete: true);

        using var second = CliProcess.Start(environment, ExportArgs(merchant.Id, to));
        var exitCode = await second.WaitForExitAsync(RunTimeout);

        Assert.True(exitCode == ExitCodes.Success, second.Output);
        var totalWindows = WindowPlanner.Plan(ExportTypes.All, TimeBlocks.StartOf(From), EndOfDay(to), new Dictionary<ExportType, TimeRangeSet>()).Count;
        var summary = SummaryWindows().Match(second.Output);
        Assert.True(summary.Success, second.Output);
        // The rerun exported only what had no manifest.
        Assert.Equal(totalWindows - completeAtKill, int.Parse(summary.Groups["planned"].Value, CultureInfo.InvariantCulture));
        await AssertExactlyOnceAsync(emulator, container, merchant.Id, to);
        await AssertVerifyPassesAsync(emulator, container, expectIncomplete: false);
    }

    [Fact]
    public async Task Killed_while_polling_an_export_and_run_again_every_object_lands_exactly_once()
    {
        var to = new DateTimeOffset(2023, 2, 28, 0, 0, 0, TimeSpan.Zero);
        var merchant = Merchant("KILLMIDPOLL01", to, ordersPerDay: 30);
        // The first export stays IN_PROGRESS far longer than the test waits.
        var options = EmulatorOptions(merchant, processing: TimeSpan.FromMinutes(5));
        await using var emulator = await CloverEmulatorHost.StartAsync(options);
        var container = await NewContainerAsync();
        var environment = Environment(emulator, container, merchant);
        const string statusRoute = "GET /v3/merchants/{mId}/exports/{exportId}";

        using (var first = CliProcess.Start(environment, ExportArgs(merchant.Id, to)))
        {
            await WaitForAsync(first, () => Task.FromResult(emulator.Counters.ExportsCreated >= 1 && emulator.Counters.RequestCount(statusRoute, 200) >= 2));
            await first.KillAsync();
        }

        var exportsBefore = emulator.Counters.ExportsCreated;
        Assert.Empty(await FoldersAsync(container, merchant.Id));

        // The orphaned export on Clover's side keeps running; the new process knows nothing of it.
        options.ProcessingBase = TimeSpan.FromMilliseconds(100);
        using var second = CliProcess.Start(environment, ExportArgs(merchant.Id, to));
        var exitCode = await second.WaitForExitAsync(RunTimeout);

        Assert.True(exitCode == ExitCodes.Success, second.Output);
        Assert.True(emulator.Counters.ExportsCreated > exportsBefore, "the rerun creates its own exports");
        await AssertExactlyOnceAsync(emulator, container, merchant.Id, to);
        await AssertVerifyPassesAsync(emulator, container, expectIncomplete: false);
    }

    private static EmulatorMerchantOptions Merchant(string id, DateTimeOffset to, int ordersPerDay) => new()
    {
        Id = id,
        Token = $"kill-test-token-{id}",
        Region = "sandbox",
        DataStart = DateOnly.FromDateTime(From.UtcDateTime),
        DataEnd = DateOnly.FromDateTime(to.UtcDateTime.AddDays(10)),
        OrdersPerDay = ordersPerDay,
        Seed = 5,
    };

    private static EmulatorOptions EmulatorOptions(EmulatorMerchantOptions merchant, TimeSpan processing) => new()
    {
        Merchants = [merchant],
        ProcessingBase = processing,
        ProcessingPerThousand = TimeSpan.FromMilliseconds(20),
        EnforceHours = false,
        MaxConcurrentExportsPerMerchant = 4,
    };

    /// <summary>Every setting in environment variables, as an operator would run it (tokens never on the command line).</summary>
    private Dictionary<string, string> Environment(CloverEmulatorHost emulator, string container, EmulatorMerchantOptions merchant)
    {
        // A setting left out (null) is simply not in the environment.
        var environment = CliSettings.For(emulator.ApiBaseUrl, azurite.ConnectionString, container, merchant)
            .Where(s => s.Value is not null)
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["DOTNET_PROCESSOR_COUNT"] = "16";
        return environment;
    }

    private static string[] ExportArgs(string merchantId, DateTimeOffset to) =>
        ["export", "--merchant", merchantId, "--types", "ORDERS,PAYMENTS", "--from", Day(From), "--to", Day(to), "--plain"];

    private static string Day(DateTimeOffset day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset EndOfDay(DateTimeOffset day) => day.AddDays(1).AddMilliseconds(-1);

    private async Task<string> NewContainerAsync()
    {
        var name = CliSettings.NewContainerName();
        await azurite.Azurite.CreateBlobServiceClient().GetBlobContainerClient(name).CreateAsync();
        return name;
    }

    private BlobContainerClient Container(string name) => azurite.Azurite.CreateBlobServiceClient().GetBlobContainerClient(name);

    /// <summary>Window folders of a merchant and the part and manifest files in each.</summary>
    private async Task<Dictionary<string, List<string>>> FoldersAsync(string container, string merchantId)
    {
        var folders = new Dictionary<string, List<string>>();
        await foreach (var blob in Container(container).GetBlobsAsync(new GetBlobsOptions { Prefix = merchantId + "/" }))
        {
            var slash = blob.Name.LastIndexOf('/');
            var file = blob.Name[(slash + 1)..];
            if (file.StartsWith("part-", StringComparison.Ordinal) || file == BlobLayout.ManifestFileName)
            {
                var folder = blob.Name[..(slash + 1)];
                if (!folders.TryGetValue(folder, out var files))
                {
                    folders[folder] = files = [];
                }

                files.Add(file);
            }
        }

        return folders;
    }

    /// <summary>
    /// Every window folder has a manifest listing exactly its parts; the parts hold each object of the
    /// emulator's ground truth for the exported range once (an independent reading, not the CLI's verify).
    /// </summary>
    private async Task AssertExactlyOnceAsync(CloverEmulatorHost emulator, string containerName, string merchantId, DateTimeOffset to)
    {
        var container = Container(containerName);
        var folders = await FoldersAsync(containerName, merchantId);
        foreach (var type in ExportTypes.All)
        {
            var stored = new List<string>();
            foreach (var (folder, files) in folders.Where(f => f.Key.StartsWith(BlobLayout.TypePrefix(merchantId, type), StringComparison.Ordinal)))
            {
                Assert.True(files.Contains(BlobLayout.ManifestFileName), $"{folder} has parts but no manifest");
                using var manifest = JsonDocument.Parse((await container.GetBlobClient(folder + BlobLayout.ManifestFileName).DownloadContentAsync()).Value.Content.ToMemory());
                var listed = manifest.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
                Assert.Equal(files.Where(f => f != BlobLayout.ManifestFileName).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
                foreach (var part in listed)
                {
                    using var json = JsonDocument.Parse((await container.GetBlobClient(folder + part).DownloadContentAsync()).Value.Content.ToMemory());
                    stored.AddRange(json.RootElement.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
                }
            }

            var truth = emulator.GroundTruth(merchantId, type.ToWireName(), TimeBlocks.StartOf(From).ToUnixTimeMilliseconds(), EndOfDay(to).ToUnixTimeMilliseconds());
            Assert.True(truth.Count > 1000, "the range should need several files");
            Assert.Equal(stored.Count, stored.Distinct().Count());
            Assert.Equal(truth.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        }
    }

    /// <summary>The CLI's own <c>verify --emulator</c>: complete windows match their manifests and the ground truth.</summary>
    private async Task AssertVerifyPassesAsync(CloverEmulatorHost emulator, string container, bool expectIncomplete)
    {
        var verify = await CliRun.InvokeAsync(
            new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Storage:ServiceUri"] = null,
                ["Storage:Container"] = container,
            },
            "verify", "--emulator", emulator.ApiBaseUrl.ToString(), "--plain");

        Assert.True(verify.ExitCode == ExitCodes.Success, verify.All);
        Assert.Contains("verify: PASSED", verify.Output, StringComparison.Ordinal);
        var comparisons = GroundTruthComparison().Matches(verify.Output);
        // One line per merchant and type stored so far; at the end both types.
        Assert.InRange(comparisons.Count, expectIncomplete ? 1 : 2, 2);
        Assert.All(comparisons, m => Assert.Equal("missing=0 extra=0", m.Value));
        Assert.Equal(expectIncomplete, verify.Output.Contains("incomplete window (no manifest.json", StringComparison.Ordinal));
    }

    private static async Task WaitForAsync(CliProcess process, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.False(process.HasExited, $"The CLI ended before the moment to kill it: {process.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"Condition not met within 60 s: {process.Output}");
            await Task.Delay(25);
        }
    }

    [GeneratedRegex(@"summary: total merchants=1 windows=(?<done>\d+)/(?<planned>\d+) failed=0")]
    private static partial Regex SummaryWindows();

    [GeneratedRegex(@"missing=\d+ extra=\d+")]
    private static partial Regex GroundTruthComparison();
}

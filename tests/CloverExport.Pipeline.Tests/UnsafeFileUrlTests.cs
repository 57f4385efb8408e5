namespace CloverExport.Pipeline.Tests;

/// <summary>
/// Clover's answer points the files at a host the exporter must not fetch from (here the emulator's
/// plain-http loopback file host, with <c>Clover:AllowedFileHosts</c> not listing it). The other unsafe
/// shapes (169.254.169.254, private ranges, redirects there, DNS answers) are client unit tests:
/// Core.Tests FileDownloadTests and SafeFileConnectorTests.
/// </summary>
public class UnsafeFileUrlTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task File_urls_on_a_host_that_is_not_allowed_are_refused_logged_and_fail_only_their_window()
    {
        var (from, to) = Scenario.FirstDays(20);
        var merchant = Scenario.Merchant("UNSAFEFILES01", from, to.AddDays(1), ordersPerDay: 30);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant), new Dictionary<string, string?>
        {
            // Some other host is allowed; the emulator's 127.0.0.1 file host is not.
            ["Clover:AllowedFileHosts"] = "files.example.com",
        });

        var (result, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Orders], from, to));

        Assert.True(result.Status == MerchantExportStatus.CompletedWithFailures, Describe(result));
        Assert.Equal(1, result.Totals.WindowsPlanned);
        Assert.Equal(0, result.Totals.WindowsDone);
        var reason = Assert.Single(result.Totals.Failures).Reason;
        Assert.Contains("refused", reason, StringComparison.Ordinal);
        Assert.Contains(harness.Emulator.FileBaseUrl.Authority, reason, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", reason, StringComparison.Ordinal);

        // Refused before any request reached the file host, and nothing was stored for the window.
        Assert.Equal(0, harness.Emulator.Counters.FileRequests);
        await foreach (var blob in harness.Container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = merchant.Id + "/" }))
        {
            Assert.DoesNotContain("/part-", blob.Name, StringComparison.Ordinal);
            Assert.DoesNotContain("manifest", blob.Name, StringComparison.Ordinal);
        }

        // The client warns about the refusal with the file's host and path, never its signed query string.
        Assert.Contains(harness.Logs.Lines(), l => l.StartsWith("Warning CloverExport.Core.Clover.CloverExportClient: Export file download refused", StringComparison.Ordinal)
            && l.Contains(harness.Emulator.FileBaseUrl.Authority + "/files/", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Logs.Lines(), l => l.Contains("sig=", StringComparison.Ordinal) || l.Contains("expires=", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Logs.Lines(), l => l.Contains(merchant.Token, StringComparison.Ordinal));
    }
}

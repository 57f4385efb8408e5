namespace CloverExport.Cli.Tests;

/// <summary>The demo end to end, shrunk to one merchant and two months so it runs in seconds.</summary>
public sealed class DemoTests
{
    [Fact]
    public async Task Small_demo_exports_with_faults_and_verifies_against_the_ground_truth()
    {
        var run = await CliRun.InvokeAsync("demo", "--merchants", "1", "--months", "2", "--orders-per-day", "40", "--plain");

        Assert.True(run.ExitCode == ExitCodes.Success, run.All);
        Assert.Contains("fault injected: DEMOMERCHANT1: closed hours", run.Output, StringComparison.Ordinal);
        Assert.Contains("summary: merchant=DEMOMERCHANT1 status=completed", run.Output, StringComparison.Ordinal);
        Assert.Contains("verify: PASSED", run.Output, StringComparison.Ordinal);
        Assert.Contains("compared with the emulator's ground truth", run.Output, StringComparison.Ordinal);
        Assert.Contains("/clover-exports/DEMOMERCHANT1/", run.Output, StringComparison.Ordinal);
        Assert.True(run.SummaryValue("summary: total", "objects") > 2000);
        Assert.True(run.SummaryValue("summary: total", "exports") >= 4);
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace CloverExport.Cli.Tests;

/// <summary><c>export --metrics</c>: the run's OpenTelemetry metrics printed after the summary. The meter is process-wide, so this class runs alone.</summary>
[Collection(nameof(MetricsOptionTests))]
public sealed class MetricsOptionTests(AzuriteFixture azurite, EmulatorFixture emulator) : IClassFixture<AzuriteFixture>, IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task The_metrics_summary_counts_what_the_run_copied()
    {
        var merchant = EmulatorTestMerchants.Sandbox;
        var settings = CliSettings.For(emulator, azurite, CliSettings.NewContainerName(), merchant);

        var run = await CliRun.InvokeAsync(settings, "export", "--merchant", merchant.Id, "--types", "ORDERS", "--from", "2024-03-01", "--to", "2024-03-20", "--plain", "--metrics");

        Assert.True(run.ExitCode == ExitCodes.Success, run.All);
        Assert.Equal(run.SummaryValue("summary: total", "objects"), Metric(run.Output, "cloverexport.copy.objects{type=ORDERS}"));
        var windowsDone = long.Parse(Regex.Match(run.Output, @"summary: total merchants=1 windows=(\d+)/").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(windowsDone, Metric(run.Output, "cloverexport.windows{outcome=done,type=ORDERS}"));
        Assert.True(Metric(run.Output, "cloverexport.clover.answers{operation=Create,status=200}") >= 1, run.Output);
        Assert.Contains("metric: cloverexport.slots.limit{} ", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(merchant.Token, run.Output, StringComparison.Ordinal);

        var without = await CliRun.InvokeAsync(settings, "export", "--merchant", merchant.Id, "--types", "ORDERS", "--from", "2024-03-01", "--to", "2024-03-20", "--plain");
        Assert.DoesNotContain("metric: ", without.Output, StringComparison.Ordinal);
    }

    private static long Metric(string output, string key)
    {
        var match = Regex.Match(output, "^metric: " + Regex.Escape(key) + " (\\d+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no line 'metric: {key}' in:\n{output}");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}

[CollectionDefinition(nameof(MetricsOptionTests), DisableParallelization = true)]
public sealed class MetricsOptionTestsCollection;

namespace CloverExport.Cli.Tests;

/// <summary>Every command that takes a merchant id or a day range checks it the same way, before it touches storage.</summary>
public sealed class CommandArgumentsTests
{
    [Theory]
    [InlineData("export", "--merchant", "not-an-id")]
    [InlineData("read", "--merchant", "not-an-id", "--type", "ORDERS")]
    [InlineData("coverage", "--merchant", "../other")]
    [InlineData("verify", "--merchant", "x/../y")]
    public async Task A_malformed_merchant_id_is_refused_by_every_command(params string[] args)
    {
        var run = await CliRun.InvokeAsync([.. args, "--plain"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"error: --merchant '{args[2]}' is not a Clover merchant id (13 letters or digits).", line);
    }

    [Theory]
    [InlineData("export", "--merchant", "TESTMERCHANT1")]
    [InlineData("read", "--merchant", "TESTMERCHANT1", "--type", "ORDERS")]
    [InlineData("coverage")]
    public async Task A_range_that_runs_backwards_is_refused_by_every_command(params string[] args)
    {
        var run = await CliRun.InvokeAsync([.. args, "--from", "2024-05-01", "--to", "2024-04-30", "--plain"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("error: --from 2024-05-01 is after --to 2024-04-30.", line);
    }
}

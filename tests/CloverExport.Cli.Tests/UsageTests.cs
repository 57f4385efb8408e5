namespace CloverExport.Cli.Tests;

/// <summary>Bad command lines end with a one-line reason, a usage hint and exit code 2, never a stack trace.</summary>
public sealed class UsageTests
{
    [Theory]
    [InlineData("export", "--merchant", "TESTMERCHANT1", "--from", "not-a-date")]
    [InlineData("export", "--from", "2024-01-01")]
    [InlineData("frobnicate")]
    [InlineData()]
    public async Task Bad_options_print_usage_and_exit_2_without_a_stack_trace(params string[] args)
    {
        var run = await CliRun.InvokeAsync(args);

        run.AssertUsageError("error:", "Usage: clover-export");
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("export", "--merchant", "TESTMERCHANT1", "--typse", "ORDERS")]
    [InlineData("export", "--merchant", "TESTMERCHANT1", "--Export:Types")]
    [InlineData("export", "--merchant", "not-an-id")]
    [InlineData("export", "--merchant", "TESTMERCHANT1", "--types", "ORDERS,REFUNDS")]
    [InlineData("export", "--merchant", "TESTMERCHANT1", "--from", "2024-05-01", "--to", "2024-04-01")]
    [InlineData("export", "--merchant", "TESTMERCHANT1", "--from", "0001-01-01")]
    [InlineData("export", "--merchant", "TESTMERCHANT1", "--from", "1970-01-01", "--to", "2024-04-01")]
    [InlineData("demo", "--merchants", "0")]
    public async Task Invalid_values_and_unknown_arguments_are_one_line_errors(params string[] args)
    {
        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Theory]
    [InlineData("--Merchants:0:Token=secret-value-123")]
    [InlineData("--merchants:2:token", "secret-value-123")]
    [InlineData("--Merchants__0__Token", "secret-value-123")]
    public async Task A_token_on_the_command_line_is_refused_without_echoing_it(params string[] tokenArgs)
    {
        var run = await CliRun.InvokeAsync(["run", .. tokenArgs]);

        run.AssertUsageError("Refusing a merchant token on the command line", "__Token");
        Assert.DoesNotContain("secret-value-123", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_settings_are_reported_as_configuration_errors()
    {
        var run = await CliRun.InvokeAsync("run", "--Storage:ConnectionString", "UseDevelopmentStorage=true", "--Storage:Container", "Bad_Name", "--plain");

        run.AssertUsageError("Storage:Container");
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setting_errors_read_as_the_message_naming_each_setting()
    {
        var run = await CliRun.InvokeAsync(
            "run", "--Storage:ConnectionString", "UseDevelopmentStorage=true", "--Export:PollMaxInterval", "00:00:01",
            "--Merchants:0:Id", "CLIMERCHANT01", "--Merchants:0:Region", "us", "--Merchants:0:BaseUrl", "http://proxy.example/", "--plain");

        run.AssertUsageError(
            "Export:PollMaxInterval must not be shorter than Export:PollInitialInterval.",
            "Merchants:0:BaseUrl must be https; plain http is allowed only to a loopback host");
        Assert.DoesNotContain("DataAnnotation", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var run = await CliRun.InvokeAsync("--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var command in new[] { "run", "export", "verify", "emulator", "demo" })
        {
            Assert.Contains(command, run.Output, StringComparison.Ordinal);
        }
    }
}

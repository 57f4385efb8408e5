using System.Security.Cryptography;
using CloverExport.Cli.Commands;

namespace CloverExport.Cli.Tests;

public sealed class MerchantsCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Access = "cli-SECRET-access-71c";
    private const string Refresh = "cli-SECRET-refresh-0d4";

    [Fact]
    public async Task Add_takes_tokens_from_the_environment_list_shows_status_disable_turns_it_off_and_no_token_is_printed()
    {
        var settings = Settings();
        settings[MerchantsCommand.AccessTokenVariable] = Access;
        settings[MerchantsCommand.RefreshTokenVariable] = Refresh;

        var add = await CliRun.InvokeAsync(settings, "merchants", "add", "--id", "CLIMERCHANT01", "--region", "us", "--display-name", "Diner", "--types", "PAYMENTS");
        var listed = await CliRun.InvokeAsync(settings, "merchants", "list");
        var disabled = await CliRun.InvokeAsync(settings, "merchants", "disable", "CLIMERCHANT01");
        var after = await CliRun.InvokeAsync(settings, "merchants", "list");
        var unknown = await CliRun.InvokeAsync(settings, "merchants", "disable", "NOSUCHMERCHT1");

        Assert.True(add.ExitCode == 0, add.All);
        Assert.Contains("tokens saved", add.Output, StringComparison.Ordinal);
        Assert.Contains("CLIMERCHANT01 region=us enabled=true types=PAYMENTS status=Healthy", listed.Output, StringComparison.Ordinal);
        Assert.Equal(0, disabled.ExitCode);
        Assert.Contains("CLIMERCHANT01 region=us enabled=false", after.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, unknown.ExitCode);
        foreach (var run in new[] { add, listed, disabled, after, unknown })
        {
            Assert.DoesNotContain("SECRET", run.All, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Tokens_can_come_from_standard_input_but_never_from_arguments()
    {
        var settings = Settings();
        MerchantsCommand.Input = () => new StringReader($$"""{"refreshToken":"{{Refresh}}"}""");
        try
        {
            var fromStdin = await CliRun.InvokeAsync(settings, "merchants", "add", "--id", "CLIMERCHANT02", "--region", "eu", "--tokens-stdin");
            var asArgument = await CliRun.InvokeAsync(settings, "merchants", "add", "--id", "CLIMERCHANT03", "--region", "eu", $"--{MerchantsCommand.RefreshTokenVariable}={Refresh}");
            MerchantsCommand.Input = () => new StringReader($$"""{"refreshToken": "{{Refresh}}" """);
            var broken = await CliRun.InvokeAsync(settings, "merchants", "add", "--id", "CLIMERCHANT02", "--region", "eu", "--tokens-stdin");

            Assert.True(fromStdin.ExitCode == 0, fromStdin.All);
            Assert.Contains("tokens saved", fromStdin.Output, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Usage, asArgument.ExitCode);
            Assert.Equal(ExitCodes.Usage, broken.ExitCode);
            Assert.DoesNotContain("SECRET", fromStdin.All + asArgument.All + broken.All, StringComparison.Ordinal);
        }
        finally
        {
            MerchantsCommand.Input = () => Console.In;
        }
    }

    [Fact]
    public async Task The_configuration_store_refuses_to_add_with_a_message_naming_the_setting()
    {
        var settings = Settings();
        settings["Merchants:Store"] = "Configuration";

        var add = await CliRun.InvokeAsync(settings, "merchants", "add", "--id", "CLIMERCHANT04", "--region", "us");

        add.AssertUsageError("Merchants:Store=Table");
    }

    [Fact]
    public async Task Add_refuses_bad_fields_naming_each_option_and_its_value()
    {
        var add = await CliRun.InvokeAsync(Settings(), "merchants", "add", "--id", "bad", "--region", "mars", "--types", "ORDERS,REFUNDS", "--backfill-start", "1999-01-01");

        add.AssertUsageError(
            "--id 'bad' is not a Clover merchant id (13 upper-case letters or digits).",
            "--region 'mars' is not a Clover region (us, eu, la, sandbox).",
            "--types lists 'REFUNDS', which is not an export type; use ORDERS or PAYMENTS.",
            "--backfill-start '1999-01-01' must not be before 2010-01-01: Clover holds no data that old (Export:EarliestDataStart).");
    }

    [Fact]
    public async Task Tokens_without_a_token_store_are_refused_naming_the_variables_before_the_merchant_is_added()
    {
        var settings = Settings();
        settings["Tokens:LocalEncryptionKey"] = null;
        settings[MerchantsCommand.RefreshTokenVariable] = Refresh;

        var add = await CliRun.InvokeAsync(settings, "merchants", "add", "--id", "CLIMERCHANT05", "--region", "us");
        var listed = await CliRun.InvokeAsync(settings, "merchants", "list");

        add.AssertUsageError($"{MerchantsCommand.RefreshTokenVariable}/{MerchantsCommand.AccessTokenVariable} cannot be saved: no token store is configured");
        Assert.Contains("0 merchants", listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", add.All, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Storage:ConnectionString"] = azurite.ConnectionString,
        ["Storage:ServiceUri"] = null,
        ["Merchants:Store"] = "Table",
        ["Merchants:TableName"] = "m" + Guid.NewGuid().ToString("N")[..20],
        ["Tokens:Container"] = "tok" + Guid.NewGuid().ToString("N")[..20],
        ["Tokens:LocalEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };
}

using CloverExport.Core.Merchants;
using CloverExport.Core.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Tests.Merchants;

public class ConfigurationMerchantsTests
{
    private const string Secret = "tok-SECRET-never-in-a-message";

    private static IConfiguration Config(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static IReadOnlyList<string> StartUpErrors(Dictionary<string, string?> settings)
    {
        using var provider = new ServiceCollection().AddMerchants(Config(settings)).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        return [.. error.Failures];
    }

    private static Dictionary<string, string?> OneMerchant(Action<Dictionary<string, string?>>? change = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Merchants:0:Id"] = "MERCHANT00001",
            ["Merchants:0:Region"] = "eu",
            ["Merchants:0:Token"] = Secret,
        };
        change?.Invoke(settings);
        return settings;
    }

    /// <summary>A second entry, <c>Merchants:1</c>, in us with a token of its own.</summary>
    private static void AddSecondMerchant(Dictionary<string, string?> settings, string id = "MERCHANT00002")
    {
        settings["Merchants:1:Id"] = id;
        settings["Merchants:1:Region"] = "us";
        settings["Merchants:1:Token"] = "t2";
    }

    [Fact]
    public async Task Reads_every_field()
    {
        var directory = new ConfigurationMerchantDirectory(Config(OneMerchant(s =>
        {
            s["Merchants:0:DisplayName"] = "Corner Cafe";
            s["Merchants:0:Types"] = "payments";
            s["Merchants:0:BackfillStart"] = "2021-06-01";
            s["Merchants:0:BaseUrl"] = "http://127.0.0.1:5000/";
            s["Merchants:0:Enabled"] = "true";
        })));

        var merchant = await directory.FindAsync("MERCHANT00001");

        Assert.NotNull(merchant);
        Assert.Equal("eu", merchant.Region);
        Assert.Equal("Corner Cafe", merchant.DisplayName);
        Assert.Equal([ExportType.Payments], merchant.Types);
        Assert.Equal(new DateTimeOffset(2021, 6, 1, 0, 0, 0, TimeSpan.Zero), merchant.BackfillStart);
        Assert.Equal(new Uri("http://127.0.0.1:5000/"), merchant.BaseUrl);
        Assert.True(merchant.Enabled);
    }

    [Fact]
    public async Task Types_default_to_export_types_and_may_be_an_array()
    {
        var directory = new ConfigurationMerchantDirectory(Config(OneMerchant(s =>
        {
            s["Export:Types"] = "ORDERS";
            AddSecondMerchant(s);
            s["Merchants:1:Types:0"] = "PAYMENTS";
            s["Merchants:1:Types:1"] = "ORDERS";
        })));

        Assert.Equal([ExportType.Orders], (await directory.FindAsync("MERCHANT00001"))!.Types);
        Assert.Equal([ExportType.Payments, ExportType.Orders], (await directory.FindAsync("MERCHANT00002"))!.Types);
    }

    [Fact]
    public async Task Lists_only_enabled_merchants_but_finds_disabled_ones()
    {
        var directory = new ConfigurationMerchantDirectory(Config(OneMerchant(s =>
        {
            AddSecondMerchant(s);
            s["Merchants:1:Enabled"] = "false";
        })));

        Assert.Equal(["MERCHANT00001"], (await directory.ListEnabledAsync()).Select(m => m.Id));
        Assert.False((await directory.FindAsync("MERCHANT00002"))!.Enabled);
        Assert.Null(await directory.FindAsync("MERCHANT00009"));
    }

    [Fact]
    public async Task Token_provider_returns_the_token_and_reports_unknown_merchants()
    {
        var tokens = new ConfigurationTokenProvider(Config(OneMerchant()));

        Assert.Equal(Secret, await tokens.GetAccessTokenAsync("MERCHANT00001"));
        var error = await Assert.ThrowsAsync<MerchantNotFoundException>(async () => await tokens.GetAccessTokenAsync("MERCHANT00009"));
        Assert.Equal("MERCHANT00009", error.MerchantId);
    }

    [Fact]
    public async Task Configuration_changes_are_picked_up()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(OneMerchant()).Build();
        var tokens = new ConfigurationTokenProvider(configuration);

        configuration["Merchants:0:Token"] = "rotated";

        Assert.Equal("rotated", await tokens.GetAccessTokenAsync("MERCHANT00001"));
    }

    [Theory]
    [InlineData("Merchants:0:Id", "merchant00001", "Merchants:0:Id 'merchant00001' is not a Clover merchant id (13 upper-case letters or digits).")]
    [InlineData("Merchants:0:Id", null, "Merchants:0:Id is required.")]
    [InlineData("Merchants:0:Region", "apac", "Merchants:0:Region 'apac' is not a Clover region (us, eu, la, sandbox).")]
    [InlineData("Merchants:0:Region", null, "Merchants:0:Region is required (us, eu, la, sandbox).")]
    [InlineData("Merchants:0:Token", null, "Merchants:0:Token is required.")]
    [InlineData("Merchants:0:Token", " ", "Merchants:0:Token is required.")]
    [InlineData("Merchants:0:Token", "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/t)", "Merchants:0:Token is an unresolved Key Vault reference; check the app's access to the vault.")]
    [InlineData("Merchants:0:Types", "ORDERS,REFUNDS", "Merchants:0:Types lists 'REFUNDS', which is not an export type; use ORDERS or PAYMENTS.")]
    [InlineData("Merchants:0:Enabled", "yes", "Merchants:0:Enabled 'yes' must be true or false.")]
    [InlineData("Merchants:0:BackfillStart", "last year", "Merchants:0:BackfillStart 'last year' is not a date (use yyyy-MM-dd).")]
    [InlineData("Merchants:0:BaseUrl", "ftp://x", "Merchants:0:BaseUrl must be an absolute http(s) URL.")]
    [InlineData("Merchants:0:BaseUrl", "http://proxy.example/", "Merchants:0:BaseUrl must be https; plain http is allowed only to a loopback host (the local emulator), since tokens are sent to it.")]
    [InlineData("Merchants:0:BackfillStart", "2005-01-01", "Merchants:0:BackfillStart '2005-01-01' must not be before 2010-01-01: Clover holds no data that old (Export:EarliestDataStart).")]
    [InlineData("Merchants:0:Token", "two words", "Merchants:0:Token is not a token (it has whitespace or more than 4096 characters).")]
    public void Start_up_validation_names_the_entry_and_setting(string key, string? value, string expected)
    {
        var errors = StartUpErrors(OneMerchant(s => s[key] = value));

        Assert.Contains(expected, errors);
    }

    [Fact]
    public void Duplicate_ids_are_rejected()
    {
        var errors = StartUpErrors(OneMerchant(s => AddSecondMerchant(s, id: "MERCHANT00001")));

        Assert.Contains("Merchants:1:Id 'MERCHANT00001' is configured more than once.", errors);
    }

    [Fact]
    public async Task Errors_never_echo_the_token()
    {
        var settings = OneMerchant(s =>
        {
            s["Merchants:0:Id"] = "bad";
            s["Merchants:0:Region"] = "apac";
            s["Merchants:0:Types"] = "NOPE";
            s["Merchants:0:Enabled"] = "maybe";
        });

        var errors = StartUpErrors(settings);
        var runtime = await Assert.ThrowsAsync<InvalidOperationException>(() => new ConfigurationMerchantDirectory(Config(settings)).ListEnabledAsync());

        Assert.Equal(4, errors.Count);
        Assert.DoesNotContain(errors, e => e.Contains(Secret, StringComparison.Ordinal));
        Assert.Contains("Merchants:0:Id", runtime.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, runtime.Message, StringComparison.Ordinal);
    }
}

using System.Globalization;
using CloverExport.Core.Configuration;
using CloverExport.Core.Merchants;
using CloverExport.Functions.Configuration;
using CloverExport.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CloverExport.Functions.Tests;

/// <summary>The Functions app's own service registrations, with test merchants, a chosen clock and settings.</summary>
public static class FunctionsServices
{
    public const string MerchantA = "MERCHANTAAAA1";
    public const string MerchantB = "MERCHANTBBBB2";
    public const string MerchantC = "MERCHANTCCCC3";
    public const string DisabledMerchant = "MERCHANTDDDD4";

    public static IMerchantDirectory DefaultDirectory() => new InMemoryMerchantDirectory(
        InMemoryMerchantDirectory.Merchant(MerchantA),
        InMemoryMerchantDirectory.Merchant(MerchantB),
        InMemoryMerchantDirectory.Merchant(MerchantC),
        InMemoryMerchantDirectory.Merchant(DisabledMerchant, enabled: false));

    /// <summary>
    /// Settings for storage on Azurite in containers of the caller's own (the app-wide slot board lives in
    /// the tokens container), with <c>Export:MaxExportsInFlightPerApp</c> = <paramref name="slots"/>.
    /// </summary>
    public static Dictionary<string, string?> OnAzurite(AzuriteFixture azurite, int slots = 3) => new()
    {
        ["Storage:ConnectionString"] = azurite.ConnectionString,
        ["Storage:Container"] = "exp" + Guid.NewGuid().ToString("N")[..20],
        ["Tokens:Container"] = "tok" + Guid.NewGuid().ToString("N")[..20],
        ["Export:MaxExportsInFlightPerApp"] = slots.ToString(CultureInfo.InvariantCulture),
    };

    public static ServiceProvider Build(
        TimeProvider? time = null,
        IDictionary<string, string?>? settings = null,
        IMerchantDirectory? merchants = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["ExportSchedule"] = "0 5 10 * * *",
            ["ExportStaggerWindow"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            // A null value leaves the setting out, so that the code's default applies.
            if (value is null)
            {
                values.Remove(key);
            }
            else
            {
                values[key] = value;
            }
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton(time ?? TimeProvider.System);
        // The Clover client's registrations are not needed by the triggers; only the directory is: the
        // test merchants, unless the test chose a real store (Merchants:Store) to onboard into.
        if (merchants is not null || !values.ContainsKey("Merchants:Store"))
        {
            services.AddSingleton(merchants ?? DefaultDirectory());
        }
        services.AddCloverExportPipeline(configuration);
        services.AddCloverExportFunctions(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}

using System.Globalization;
using CloverExport.Emulator;

namespace CloverExport.Cli.Tests;

/// <summary>The settings a test hands the CLI: emulator, Azurite, a fresh container, test-speed polling (<see cref="LocalPipelineSettings.TestSpeed"/>).</summary>
public static class CliSettings
{
    public static Dictionary<string, string?> For(EmulatorFixture emulator, AzuriteFixture azurite, string container, params EmulatorTestMerchant[] merchants) =>
        For(emulator.ApiBaseUrl, azurite.ConnectionString, container, [.. merchants.Select(m => m.ToOptions())]);

    /// <summary>The same for any emulator and merchants: sandbox region, their tokens, backfill from their data start.</summary>
    public static Dictionary<string, string?> For(Uri cloverBaseUrl, string storageConnectionString, string container, params EmulatorMerchantOptions[] merchants)
    {
        var settings = new Dictionary<string, string?>(LocalPipelineSettings.TestSpeed)
        {
            ["Clover:BaseUrl"] = cloverBaseUrl.ToString(),
            ["Clover:AllowedFileHosts"] = "127.0.0.1",
            ["Storage:ConnectionString"] = storageConnectionString,
            ["Storage:ServiceUri"] = null,
            ["Storage:Container"] = container,
        };
        for (var i = 0; i < merchants.Length; i++)
        {
            settings[$"Merchants:{i}:Id"] = merchants[i].Id;
            settings[$"Merchants:{i}:Token"] = merchants[i].Token;
            settings[$"Merchants:{i}:Region"] = "sandbox";
            settings[$"Merchants:{i}:BackfillStart"] = merchants[i].DataStart!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return settings;
    }

    public static string NewContainerName() => "cli" + Guid.NewGuid().ToString("N")[..20];
}

using System.Globalization;
using CloverExport.Emulator;

namespace CloverExport.Testing;

/// <summary>
/// The settings that point the pipeline at a running emulator and Azurite: Clover's base URL and file
/// host, the container, and every emulator merchant (sandbox region, its token, backfill from its data
/// start). Callers add their own poll intervals and overrides.
/// </summary>
public static class LocalPipelineSettings
{
    public static Dictionary<string, string?> For(CloverEmulatorHost emulator, AzuriteInstance azurite, string container)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Clover:BaseUrl"] = emulator.ApiBaseUrl.ToString(),
            ["Clover:AllowedFileHosts"] = "127.0.0.1",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Container"] = container,

            // Its own control container: the app-wide slot board (and token state) of one test never meets another's.
            ["Tokens:Container"] = container + "-ctl",
        };
        var merchants = emulator.Options.Merchants;
        for (var i = 0; i < merchants.Count; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Merchants:{i}:");
            settings[prefix + "Id"] = merchants[i].Id;
            settings[prefix + "Token"] = merchants[i].Token;
            settings[prefix + "Region"] = "sandbox";
            settings[prefix + "BackfillStart"] = merchants[i].DataStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return settings;
    }
}

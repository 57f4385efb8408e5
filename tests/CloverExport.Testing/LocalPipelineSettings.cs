using System.Globalization;

namespace CloverExport.Testing;

/// <summary>
/// The settings that point the pipeline at a running emulator and Azurite: Clover's base URL and file
/// host, the container, and every emulator merchant (sandbox region, its token, backfill from its data
/// start). Callers add poll intervals (<see cref="TestSpeed"/> or their own) and overrides.
/// </summary>
public static class LocalPipelineSettings
{
    /// <summary>Poll, retry and wait intervals in milliseconds for tests: the engine's durable timers run on real time.</summary>
    public static IReadOnlyDictionary<string, string?> TestSpeed { get; } = new Dictionary<string, string?>
    {
        ["Clover:ConcurrencyRetryDelay"] = "00:00:00.300",
        ["Clover:MaxInProcessRetryAfter"] = "00:00:02",
        ["Export:PollInitialInterval"] = "00:00:00.100",
        ["Export:PollMaxInterval"] = "00:00:00.400",
        ["Export:ExportDeadline"] = "00:01:00",
        ["Export:ClosedHoursJitter"] = "00:00:00.200",
        ["Export:ActivityRetryInterval"] = "00:00:00.100",
        ["Export:SettleLag"] = "00:05:00",
    };

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

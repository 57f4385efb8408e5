namespace CloverExport.FunctionsHost.Tests;

/// <summary>A bad or missing setting stops the host with a message naming the setting, instead of a host that runs half switched off.</summary>
[Collection(HostCollection.Name)]
public sealed class HostSettingsTests(HostTestEnvironment environment)
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(90);

    [FunctionsHostFact]
    public async Task A_missing_ExportSchedule_stops_the_host_with_a_message_naming_it()
    {
        // Without the fix the host keeps running with the timer disabled ("does not resolve to a value").
        await AssertHostStopsNamingAsync(new Dictionary<string, string?> { ["ExportSchedule"] = null }, "ExportSchedule is not set");
    }

    [FunctionsHostFact]
    public async Task An_invalid_pipeline_setting_stops_the_host_with_a_message_naming_it()
    {
        await AssertHostStopsNamingAsync(new Dictionary<string, string?> { ["Export__PollInitialInterval"] = "-00:00:01" }, "Export:PollInitialInterval");
    }

    private async Task AssertHostStopsNamingAsync(Dictionary<string, string?> overrides, string message)
    {
        var settings = environment.Settings("bad", HostTestMerchants.Configured(HostTestMerchants.LogRun));
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        await using var host = environment.LaunchHost(settings);

        // The worker refuses to start; the host gives up on it and stops the app (this host build then
        // recycles into a script host with no functions; Azure restarts the instance).
        Assert.True(await host.WaitForLineAsync(message, StopTimeout), "no message naming the setting:\n" + host.Tail());
        Assert.True(await host.WaitForLineAsync("Exceeded language worker restart retry count", StopTimeout), "the host did not give up on the worker:\n" + host.Tail());
        Assert.False(await ServesTheApiAsync(host), "the app's functions still answer:\n" + host.Tail());
    }

    private static async Task<bool> ServesTheApiAsync(FunctionsHostProcess host)
    {
        try
        {
            using var response = await host.Api.GetAsync(new Uri("api/exports", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}

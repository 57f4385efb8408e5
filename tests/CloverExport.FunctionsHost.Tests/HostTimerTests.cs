using System.Net;
using System.Text;

namespace CloverExport.FunctionsHost.Tests;

/// <summary>The timer, fired through the admin endpoint of a real host: one staggered run per merchant, a second firing skips active runs.</summary>
[Collection(HostCollection.Name)]
public sealed class HostTimerTests(HostTestEnvironment environment)
{
    [FunctionsHostFact]
    public async Task The_timer_starts_one_staggered_run_per_merchant_and_a_second_firing_skips_the_active_ones()
    {
        var merchants = HostTestMerchants.Timer;
        var settings = environment.Settings("timer", HostTestMerchants.Configured([.. merchants]));
        settings["ExportStaggerWindow"] = "00:00:15";
        await using var host = await environment.StartHostAsync(settings);

        var firedAt = DateTimeOffset.UtcNow;
        using (var fired = await FireTimerAsync(host))
        {
            Assert.Equal(HttpStatusCode.Accepted, fired.StatusCode);
        }

        Assert.True(await host.WaitForLineAsync("Scheduled export: 3 enabled merchants, 3 runs started, 0 skipped", TimeSpan.FromSeconds(30)), host.Tail());
        var createdAfterFirst = new Dictionary<string, DateTimeOffset>();
        foreach (var merchant in merchants)
        {
            var run = await HostHttp.GetJsonAsync(host.Api, "api/exports/export-" + merchant.Id);
            createdAfterFirst["export-" + merchant.Id] = run.GetProperty("createdAt").GetDateTimeOffset();
        }

        // At once, while the first run is going and the other two wait for their staggered start.
        using (var again = await FireTimerAsync(host))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        }

        Assert.True(await host.WaitForLineAsync("Scheduled export: 3 enabled merchants, 0 runs started, 3 skipped", TimeSpan.FromSeconds(30)), host.Tail());

        // Stagger: merchant i of 3 starts no earlier than the firing + i × 5 s; the second firing replaced none.
        for (var i = 0; i < merchants.Count; i++)
        {
            var instanceId = "export-" + merchants[i].Id;
            var run = await HostHttp.WaitForRunAsync(host.Api, instanceId, TimeSpan.FromMinutes(2));
            Assert.True(run.GetProperty("output").GetProperty("status").GetString() == "Completed", run.ToString());
            var firstStep = await FirstActivityScheduledAsync(host, instanceId);
            Assert.True(firstStep >= firedAt + (TimeSpan.FromSeconds(5) * i) - TimeSpan.FromSeconds(1), $"{instanceId} started at {firstStep:O}, fired at {firedAt:O}");
            Assert.Equal(createdAfterFirst[instanceId], run.GetProperty("createdAt").GetDateTimeOffset());
        }
    }

    /// <summary>When the run's orchestrator first ran: the timestamp of its first scheduled activity in the history.</summary>
    private static async Task<DateTimeOffset> FirstActivityScheduledAsync(FunctionsHostProcess host, string instanceId)
    {
        var status = await HostHttp.GetJsonAsync(host.Admin, $"runtime/webhooks/durabletask/instances/{instanceId}?showHistory=true");
        return status.GetProperty("historyEvents").EnumerateArray()
            .First(e => e.GetProperty("EventType").GetString() == "TaskCompleted" || e.GetProperty("EventType").GetString() == "TaskScheduled")
            .GetProperty("Timestamp").GetDateTimeOffset();
    }

    private static Task<HttpResponseMessage> FireTimerAsync(FunctionsHostProcess host) =>
        host.Admin.PostAsync(new Uri("admin/functions/ScheduledExport", UriKind.Relative), new StringContent("{\"input\":\"\"}", Encoding.UTF8, "application/json"));
}

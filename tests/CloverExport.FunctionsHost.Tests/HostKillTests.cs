using System.Net;

namespace CloverExport.FunctionsHost.Tests;

/// <summary>
/// SIGKILL of the host and its worker in the middle of a run, then the same host (same task hub,
/// port and state) started again: the run resumes from its durable history and completes, and every
/// object is stored exactly once.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class HostKillTests(HostTestEnvironment environment)
{
    [FunctionsHostFact]
    public async Task Killed_mid_run_and_restarted_the_run_completes_with_every_object_exactly_once()
    {
        var merchant = HostTestMerchants.Kill;
        var from = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2023, 7, 1, 0, 0, 0, TimeSpan.Zero);
        var settings = environment.Settings("kill", HostTestMerchants.Configured(merchant));
        var container = environment.Azurite.CreateBlobServiceClient().GetBlobContainerClient(settings["Storage__Container"]);
        var first = await environment.StartHostAsync(settings);
        var port = first.Port;
        var state = first.StateFolder;

        var (started, body, response) = await HostHttp.SendAsync(first.Api, HttpMethod.Post, "api/exports",
            $$"""{"merchantId":"{{merchant.Id}}","from":"2023-01-01","to":"2023-07-01"}""");
        response.Dispose();
        Assert.True(started == HttpStatusCode.Accepted, body.ToString());
        var instanceId = body.GetProperty("id").GetString()!;

        // Kill once some windows are committed and the run is still going.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await StoredExports.CommittedWindowsAsync(container, merchant.Id) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "no window committed:\n" + first.Tail());
            await Task.Delay(200);
        }

        var before = await HostHttp.GetJsonAsync(first.Api, "api/exports/" + instanceId);
        Assert.Equal("Running", before.GetProperty("runtimeStatus").GetString());
        await first.KillAsync();
        var committedAtKill = await StoredExports.CommittedWindowsAsync(container, merchant.Id);

        await using var second = await environment.StartHostAsync(settings, port, state);
        var finished = await HostHttp.WaitForRunAsync(second.Api, instanceId, TimeSpan.FromMinutes(4));

        Assert.True(finished.GetProperty("runtimeStatus").GetString() == "Completed", finished + "\n" + second.Tail());
        Assert.Equal("Completed", finished.GetProperty("output").GetProperty("status").GetString());
        Assert.True(await StoredExports.CommittedWindowsAsync(container, merchant.Id) > committedAtKill, "the restarted host finished the rest");
        await StoredExports.AssertExactlyOnceAsync(container, environment.Emulator, merchant.Id, from, to);
    }
}

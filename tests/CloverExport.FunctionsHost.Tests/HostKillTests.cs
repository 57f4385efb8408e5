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
        // A killed host keeps the task hub's app lease (1 min) and its dequeued messages stay invisible
        // (5 min); a new host tries the lease every 5 min. Production keeps those defaults (a crashed
        // daily run resumes within minutes); here they are at their minimum so that the restart resumes within a minute.
        const string durable = "AzureFunctionsJobHost__extensions__durableTask__";
        settings[durable + "appLeaseOptions__renewInterval"] = "00:00:03";
        settings[durable + "appLeaseOptions__leaseInterval"] = "00:00:15";
        settings[durable + "appLeaseOptions__acquireInterval"] = "00:00:03";
        settings[durable + "storageProvider__controlQueueVisibilityTimeout"] = "00:01:00";
        settings[durable + "storageProvider__workItemQueueVisibilityTimeout"] = "00:01:00";
        var container = environment.Azurite.CreateBlobServiceClient().GetBlobContainerClient(settings["Storage__Container"]);
        var first = await environment.StartHostAsync(settings);
        var port = first.Port;
        var state = first.StateFolder;

        var instanceId = await HostHttp.StartExportAsync(first.Api, $$"""{"merchantId":"{{merchant.Id}}","from":"2023-01-01","to":"2023-07-01"}""");

        // Kill once some windows are committed and the run is still going.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await StoredExports.CommittedWindowsAsync(container, merchant.Id) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "no window committed:\n" + first.Tail());
            await Task.Delay(200);
        }

        var before = await HostHttp.GetRunAsync(first.Api, merchant.Id);
        Assert.Equal("Running", before.GetProperty("state").GetString());
        await first.KillAsync();
        var committedAtKill = await StoredExports.CommittedWindowsAsync(container, merchant.Id);

        await using var second = await environment.StartHostAsync(settings, port, state);
        var finished = await HostHttp.WaitForRunAsync(second.Api, merchant.Id, TimeSpan.FromMinutes(4));

        Assert.True(finished.GetProperty("state").GetString() == "Completed", finished + "\n" + second.Tail());
        Assert.Equal(instanceId, "export-" + merchant.Id);
        Assert.True(await StoredExports.CommittedWindowsAsync(container, merchant.Id) > committedAtKill, "the restarted host finished the rest");
        await StoredExports.AssertExactlyOnceAsync(container, environment.Emulator, merchant.Id, from, to);
    }
}

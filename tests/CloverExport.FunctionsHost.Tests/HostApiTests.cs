using System.Net;
using System.Text.Json;
using CloverExport.Emulator;

namespace CloverExport.FunctionsHost.Tests;

/// <summary>
/// The HTTP API of the published app in a real Functions host, with merchants onboarded into an
/// Azure Table (<c>Merchants:Store=Table</c>): keys, onboarding, start, progress, list, watermarks,
/// cancel, and what a run leaves behind in the host's log and the task hub's history.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class HostApiTests(HostTestEnvironment environment)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [FunctionsHostFact(needsKeys: true)]
    public async Task Http_functions_answer_401_without_a_valid_key_and_admin_endpoints_need_the_master_key()
    {
        var host = await environment.ApiHostAsync();

        using var anonymous = await host.Anonymous.GetAsync(new Uri("api/exports", UriKind.Relative));
        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, new Uri("api/exports", UriKind.Relative));
        wrongKey.Headers.Add("x-functions-key", "not-a-key");
        using var wrong = await host.Anonymous.SendAsync(wrongKey);
        using var withHeader = await host.Api.GetAsync(new Uri("api/exports", UriKind.Relative));
        using var withQuery = await host.Anonymous.GetAsync(new Uri("api/merchants?code=" + FunctionsHostProcess.FunctionKey, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty(await anonymous.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withQuery.StatusCode);

        // The function key does not open the admin API (running the timer by hand) or the Durable HTTP API.
        using var timerWithFunctionKey = await host.Api.PostAsync(new Uri("admin/functions/ScheduledExport", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        using var durableWithFunctionKey = await host.Api.GetAsync(new Uri("runtime/webhooks/durabletask/instances", UriKind.Relative));
        using var status = await host.Admin.GetAsync(new Uri("admin/host/status", UriKind.Relative));
        // The host refuses a non-master key on /admin with 403 (authenticated, not authorized).
        Assert.True(timerWithFunctionKey.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"admin with the function key: {(int)timerWithFunctionKey.StatusCode}");
        Assert.True(durableWithFunctionKey.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"Durable API with the function key: {(int)durableWithFunctionKey.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [FunctionsHostFact]
    public async Task An_onboarded_oauth_merchant_exports_end_to_end_with_progress_list_and_watermarks_and_no_secret_reaches_log_history_or_metadata()
    {
        var host = await environment.ApiHostAsync();
        var merchant = HostTestMerchants.Flow;
        var from = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

        var (saved, savedBody, savedResponse) = await HostHttp.SendAsync(host.Api, HttpMethod.Post, "api/merchants",
            $$$"""{"merchantId":"{{{merchant.Id}}}","region":"sandbox","backfillStart":"2024-01-01","tokens":{"refreshToken":"{{{merchant.RefreshToken}}}"}}""");
        savedResponse.Dispose();
        Assert.True(saved == HttpStatusCode.OK, savedBody.ToString());
        Assert.DoesNotContain(merchant.RefreshToken!, savedBody.ToString(), StringComparison.Ordinal);
        var merchants = await HostHttp.GetJsonAsync(host.Api, "api/merchants");
        Assert.Contains(merchant.Id, merchants.ToString(), StringComparison.Ordinal);

        var instanceId = await HostHttp.StartExportAsync(host.Api,
            $$"""{"merchantId":"{{merchant.Id}}","types":["ORDERS","PAYMENTS"],"from":"2024-01-01","to":"2024-03-01"}""");
        var (again, againBody, againResponse) = await HostHttp.SendAsync(host.Api, HttpMethod.Post, "api/exports", $$"""{"merchantId":"{{merchant.Id}}"}""");
        againResponse.Dispose();
        Assert.True(again == HttpStatusCode.Conflict, $"a second start while the run is active: {(int)again} {againBody}");

        var sawWindowProgress = false;
        var finished = await HostHttp.WaitForRunAsync(host.Api, merchant.Id, RunTimeout, run =>
            sawWindowProgress |= run.GetProperty("activeWindows").GetArrayLength() > 0);
        Assert.True(finished.GetProperty("state").GetString() == "Completed", finished.ToString());
        Assert.True(sawWindowProgress, "a live window's progress was seen while the run was going");
        // The legacy route by instance id answers the same run, in its frozen (documented) shape.
        var legacy = await HostHttp.GetJsonAsync(host.Api, "api/exports/" + instanceId);
        Assert.Equal("Completed", legacy.GetProperty("runtimeStatus").GetString());
        Assert.Equal(instanceId, legacy.GetProperty("instanceId").GetString());
        var truth = environment.Emulator.GroundTruth(merchant.Id, "ORDERS", from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds() - 1).Count
            + environment.Emulator.GroundTruth(merchant.Id, "PAYMENTS", from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds() - 1).Count;
        Assert.Equal(truth, finished.GetProperty("progress").GetProperty("objects").GetInt64());

        var list = await HostHttp.GetJsonAsync(host.Api, "api/exports?limit=500");
        Assert.Contains(list.GetProperty("runs").EnumerateArray(), r => r.GetProperty("merchantId").GetString() == merchant.Id);
        var watermarks = await HostHttp.GetJsonAsync(host.Api, $"api/merchants/{merchant.Id}/watermarks");
        foreach (var type in new[] { "ORDERS", "PAYMENTS" })
        {
            var covered = watermarks.GetProperty("watermarks").GetProperty(type).GetProperty("coveredThrough").GetDateTimeOffset();
            Assert.True(covered >= to.AddMilliseconds(-1), $"{type} covered through {covered}");
        }

        var container = environment.Azurite.CreateBlobServiceClient().GetBlobContainerClient(host.Container);
        await StoredExports.AssertExactlyOnceAsync(container, environment.Emulator, merchant.Id, from, to);

        await AssertNoSecretSeenAsync(host, merchant, instanceId);
    }

    /// <summary>
    /// The secrets scan of the host log, the task hub history and every container's metadata: the refresh token,
    /// every access token Clover issued and the signed links' query appear nowhere, while the run itself does.
    /// </summary>
    private async Task AssertNoSecretSeenAsync(FunctionsHostProcess host, EmulatorMerchantOptions merchant, string instanceId)
    {
        var issued = environment.Emulator.IssuedTokens(merchant.Id);
        Assert.NotEmpty(issued);
        string[] secrets = [merchant.RefreshToken!, merchant.Token, .. issued];
        var seen = new List<string>(host.Lines());
        seen.AddRange(await HostHttp.TaskHubHistoryAsync(host.Admin));
        seen.AddRange(await StoredExports.AllMetadataAsync(environment.Azurite.CreateBlobServiceClient()));
        Assert.Contains(seen, text => text.Contains(instanceId, StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(seen, text => text.Contains(secret, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(seen, text => text.Contains("sig=", StringComparison.Ordinal) || text.Contains("expires=", StringComparison.Ordinal));
    }

    [FunctionsHostFact]
    public async Task Cancel_terminates_a_running_export_and_a_second_cancel_is_a_conflict()
    {
        var host = await environment.ApiHostAsync();
        var merchant = HostTestMerchants.Cancel;
        await OnboardStaticAsync(host, merchant);

        var instanceId = await HostHttp.StartExportAsync(host.Api, $$"""{"merchantId":"{{merchant.Id}}","from":"2023-01-01","to":"2024-01-01"}""");

        // Cancel once a window is being exported.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = await HostHttp.GetRunAsync(host.Api, merchant.Id);
            if (run.GetProperty("activeWindows").GetArrayLength() > 0)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "no window started: " + run);
            await Task.Delay(250);
        }

        var (cancelled, cancelBody, cancelResponse) = await HostHttp.SendAsync(host.Api, HttpMethod.Post, $"api/exports/{instanceId}/cancel");
        cancelResponse.Dispose();
        Assert.True(cancelled == HttpStatusCode.Accepted, cancelBody.ToString());
        Assert.Equal("terminating", cancelBody.GetProperty("status").GetString());

        var final = await HostHttp.WaitForRunAsync(host.Api, merchant.Id, TimeSpan.FromSeconds(60));
        Assert.Equal("Cancelled", final.GetProperty("state").GetString());
        // The run and every window child it had started are over (Durable HTTP API, master key).
        var instances = await HostHttp.InstancesAsync(host.Admin, instanceId);
        Assert.True(instances.Count >= 2, "the run and at least one window: " + string.Join(", ", instances));
        deadline = DateTime.UtcNow.AddSeconds(60);
        while (instances.Any(i => i.Status is "Running" or "Pending"))
        {
            Assert.True(DateTime.UtcNow < deadline, "still running after cancel: " + string.Join(", ", instances));
            await Task.Delay(500);
            instances = await HostHttp.InstancesAsync(host.Admin, instanceId);
        }

        Assert.Contains(instances, i => i.Id == instanceId && i.Status == "Terminated");

        var (second, _, secondResponse) = await HostHttp.SendAsync(host.Api, HttpMethod.Post, $"api/exports/{instanceId}/cancel");
        secondResponse.Dispose();
        Assert.Equal(HttpStatusCode.Conflict, second);
    }

    public static async Task OnboardStaticAsync(FunctionsHostProcess host, EmulatorMerchantOptions merchant)
    {
        var (saved, body, response) = await HostHttp.SendAsync(host.Api, HttpMethod.Post, "api/merchants",
            $$$"""{"merchantId":"{{{merchant.Id}}}","region":"sandbox","tokens":{"accessToken":"{{{merchant.Token}}}"}}""");
        response.Dispose();
        Assert.True(saved == HttpStatusCode.OK, body.ToString());
    }
}

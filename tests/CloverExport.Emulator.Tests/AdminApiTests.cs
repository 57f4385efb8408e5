namespace CloverExport.Emulator.Tests;

public sealed class AdminApiTests
{
    [Fact]
    public async Task Counters_count_requests_by_route_and_status_exports_and_file_requests_with_authorization()
    {
        await using var host = await TestHost.StartAsync();
        var done = await host.CreateOneDayDoneAsync(host.Sandbox);
        using var unauthorized = await host.Sandbox.PostAsync("{}", token: "wrong");
        var url = CloverApi.FileUrls(done)[0];
        using var files = new HttpClient();
        (await files.GetAsync(url)).Dispose();
        using (var withHeader = new HttpRequestMessage(HttpMethod.Get, url))
        {
            withHeader.Headers.Authorization = new("Bearer", EmulatorTestMerchants.Sandbox.Token);
            (await files.SendAsync(withHeader)).Dispose();
        }

        (await files.GetAsync(url + "&access_token=leaked")).Dispose();
        var overHttp = await host.Http.GetFromJsonAsync<JsonElement>("_emulator/counters");

        var counters = host.Emulator.Counters;
        Assert.Equal(1, counters.RequestCount("POST /v3/merchants/{mId}/exports", 200));
        Assert.Equal(1, counters.RequestCount("POST /v3/merchants/{mId}/exports", 401));
        Assert.Equal(1, counters.RequestCount("GET /v3/merchants/{mId}/exports/{exportId}", 200));
        Assert.Equal(3, counters.RequestCount("GET /files/{exportId}/{index:int}", 200));
        Assert.Equal(1, counters.ExportsCreated);
        Assert.Equal(3, counters.FileRequests);
        Assert.Equal(2, counters.FileRequestsWithAuthorization);
        Assert.Equal(1, counters.PeakConcurrentExports[EmulatorTestMerchants.Sandbox.Id]);
        Assert.Equal(3, overHttp.GetProperty("fileRequests").GetInt64());
        Assert.Equal(2, overHttp.GetProperty("fileRequestsWithAuthorization").GetInt64());
        Assert.Equal(1, overHttp.GetProperty("exportsCreated").GetInt64());
        Assert.Equal(1, overHttp.GetProperty("peakConcurrentExportsApp").GetInt32());
        Assert.Equal(1, overHttp.GetProperty("peakConcurrentExports").GetProperty(EmulatorTestMerchants.Sandbox.Id).GetInt32());
        Assert.Contains(
            overHttp.GetProperty("requests").EnumerateArray(),
            r => r.GetProperty("route").GetString() == "POST /v3/merchants/{mId}/exports" && r.GetProperty("status").GetInt32() == 401 && r.GetProperty("count").GetInt64() == 1);
    }

    [Fact]
    public async Task Ground_truth_over_http_equals_the_in_process_ground_truth()
    {
        await using var host = await TestHost.StartAsync();
        var (start, end) = (Times.BlockStart, Times.BlockStart + Times.Block - 1);

        var body = await host.Http.GetFromJsonAsync<JsonElement>($"_emulator/ground-truth/{EmulatorTestMerchants.Sandbox.Id}?type=PAYMENTS&startTime={start}&endTime={end}");
        using var unknown = await host.Http.GetAsync($"_emulator/ground-truth/UNKNOWNMERCH1?type=PAYMENTS&startTime={start}&endTime={end}");
        using var badType = await host.Http.GetAsync($"_emulator/ground-truth/{EmulatorTestMerchants.Sandbox.Id}?type=ITEMS&startTime={start}&endTime={end}");

        Assert.Equal(EmulatorTestMerchants.Sandbox.Id, body.GetProperty("merchantId").GetString());
        Assert.Equal("PAYMENTS", body.GetProperty("type").GetString());
        Assert.Equal(
            host.Emulator.GroundTruth(EmulatorTestMerchants.Sandbox.Id, "PAYMENTS", start, end),
            body.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!).ToList());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);
    }

    [Fact]
    public async Task Merchant_list_shows_ids_regions_and_data_span_but_never_tokens()
    {
        await using var host = await TestHost.StartAsync();

        var text = await host.Http.GetStringAsync("_emulator/merchants");
        var merchants = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();

        Assert.Equal(EmulatorTestMerchants.All.Select(m => m.Id), merchants.Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("us", merchants[2].GetProperty("region").GetString());
        Assert.Equal("2024-01-01", merchants[0].GetProperty("dataStart").GetString());
        Assert.Equal("2025-01-01", merchants[0].GetProperty("dataEnd").GetString());
        Assert.All(EmulatorTestMerchants.All, m => Assert.DoesNotContain(m.Token, text, StringComparison.Ordinal));
    }
}

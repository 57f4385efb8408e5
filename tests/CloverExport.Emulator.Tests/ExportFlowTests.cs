using System.Text.RegularExpressions;

namespace CloverExport.Emulator.Tests;

public sealed partial class ExportFlowTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private readonly CloverApi api = new(fixture.ApiBaseUrl, EmulatorTestMerchants.Sandbox);

    [Fact]
    public async Task Create_poll_download_yields_exactly_the_ground_truth_orders()
    {
        var (start, end) = (Times.BlockStart + Times.Block, Times.BlockStart + (2 * Times.Block) - 1);

        var created = await api.CreateAsync("ORDERS", start, end);
        var id = created.GetProperty("id").GetString()!;
        Assert.Matches(CloverId(), id);
        Assert.Equal("ORDERS", created.GetProperty("type").GetString());
        Assert.Equal("PENDING", created.GetProperty("status").GetString());
        Assert.Equal(0, created.GetProperty("percentComplete").GetInt32());
        Assert.Equal(start, created.GetProperty("startTime").GetInt64());
        Assert.Equal(end, created.GetProperty("endTime").GetInt64());
        Assert.True(created.GetProperty("createdTime").GetInt64() > 0);
        Assert.True(created.GetProperty("modifiedTime").GetInt64() > 0);
        Assert.Equal(EmulatorTestMerchants.Sandbox.Id, created.GetProperty("merchantRef").GetProperty("id").GetString());
        Assert.False(created.TryGetProperty("exportUrls", out _));

        var done = await api.WaitFinishedAsync(id);
        Assert.Equal("DONE", done.GetProperty("status").GetString());
        Assert.Equal(100, done.GetProperty("percentComplete").GetInt32());
        Assert.True(done.GetProperty("availableUntil").GetInt64() > done.GetProperty("modifiedTime").GetInt64());
        var link = Assert.Single(done.GetProperty("exportUrls").GetProperty("elements").EnumerateArray());
        Assert.Equal(id, link.GetProperty("export").GetProperty("id").GetString());
        Assert.StartsWith(fixture.Emulator.FileBaseUrl.ToString(), link.GetProperty("url").GetString(), StringComparison.Ordinal);

        var objects = await CloverApi.DownloadAllAsync(done);
        var truth = fixture.Emulator.GroundTruth(EmulatorTestMerchants.Sandbox.Id, "ORDERS", start, end);
        Assert.InRange(truth.Count, 600, 1200);
        Assert.Equal(truth, objects.Select(o => o.GetProperty("id").GetString()!).ToList());
        Assert.All(objects, o => Assert.InRange(o.GetProperty("createdTime").GetInt64(), start, end));
        var order = objects[0];
        foreach (var field in new[] { "currency", "employee", "total", "state", "payType", "title", "clientCreatedTime", "modifiedTime", "lineItems", "payments" })
        {
            Assert.True(order.TryGetProperty(field, out _), $"order lacks {field}");
        }
    }

    [Fact]
    public async Task Payments_export_matches_ground_truth_and_references_orders()
    {
        var (start, end) = (Times.Ms(2024, 3, 1), Times.Ms(2024, 3, 11) - 1);

        var done = await api.CreateAndWaitAsync("PAYMENTS", start, end);

        var payments = await CloverApi.DownloadAllAsync(done);
        Assert.Equal(fixture.Emulator.GroundTruth(EmulatorTestMerchants.Sandbox.Id, "PAYMENTS", start, end), payments.Select(p => p.GetProperty("id").GetString()!).ToList());
        var orderIds = fixture.Emulator.GroundTruth(EmulatorTestMerchants.Sandbox.Id, "ORDERS", start, end).ToHashSet();
        Assert.All(payments, p =>
        {
            Assert.Matches(CloverId(), p.GetProperty("id").GetString()!);
            Assert.Contains(p.GetProperty("order").GetProperty("id").GetString()!, orderIds);
            Assert.True(p.GetProperty("amount").GetInt64() > 0);
            Assert.Equal("SUCCESS", p.GetProperty("result").GetString());
            Assert.True(p.TryGetProperty("tender", out _) && p.TryGetProperty("tipAmount", out _) && p.TryGetProperty("taxAmount", out _));
        });
    }

    [Fact]
    public async Task Export_over_1000_objects_is_split_into_files_of_at_most_1000()
    {
        using var busy = new CloverApi(fixture.ApiBaseUrl, EmulatorTestMerchants.Busy);
        var (start, end) = (Times.BlockStart, Times.BlockStart + Times.Block - 1);
        var truth = fixture.Emulator.GroundTruth(EmulatorTestMerchants.Busy.Id, "ORDERS", start, end);
        Assert.True(truth.Count > 1000, $"only {truth.Count} objects");

        var done = await busy.CreateAndWaitAsync("ORDERS", start, end);

        var urls = CloverApi.FileUrls(done);
        Assert.Equal((truth.Count + 999) / 1000, urls.Count);
        using var files = new HttpClient();
        var all = new List<string>();
        foreach (var url in urls)
        {
            var elements = await CloverApi.DownloadFileAsync(files, url);
            Assert.InRange(elements.Count, 1, 1000);
            all.AddRange(elements.Select(e => e.GetProperty("id").GetString()!));
        }

        Assert.Equal(truth, all);
    }

    [Fact]
    public async Task Boundary_objects_fall_in_exactly_one_window_with_inclusive_end()
    {
        var merchant = EmulatorTestMerchants.Sandbox.Id;
        var blockStart = Times.BlockStart;
        Assert.Single(fixture.Emulator.GroundTruth(merchant, "ORDERS", blockStart, blockStart));
        Assert.Single(fixture.Emulator.GroundTruth(merchant, "ORDERS", blockStart - 1, blockStart - 1));
        Assert.Single(fixture.Emulator.GroundTruth(merchant, "PAYMENTS", blockStart, blockStart));
        var atStart = fixture.Emulator.GroundTruth(merchant, "ORDERS", blockStart, blockStart)[0];
        var atLastMs = fixture.Emulator.GroundTruth(merchant, "ORDERS", blockStart - 1, blockStart - 1)[0];

        var previous = await ExportIdsAsync("ORDERS", blockStart - Times.Block, blockStart - 1);
        var current = await ExportIdsAsync("ORDERS", blockStart, blockStart + Times.Block - 1);
        var endingOnStart = await ExportIdsAsync("ORDERS", blockStart - 1000, blockStart);

        Assert.Contains(atLastMs, previous);
        Assert.DoesNotContain(atStart, previous);
        Assert.Contains(atStart, current);
        Assert.DoesNotContain(atLastMs, current);
        Assert.Contains(atStart, endingOnStart);
        Assert.Empty(previous.Intersect(current));
    }

    [Fact]
    public void Some_days_have_an_order_exactly_at_utc_midnight()
    {
        var midnights = Enumerable.Range(0, 10)
            .Select(d => Times.Ms(2024, 6, 1) + (d * Times.Day))
            .Count(t => fixture.Emulator.GroundTruth(EmulatorTestMerchants.Sandbox.Id, "ORDERS", t, t).Count == 1);
        Assert.InRange(midnights, 1, 9);
    }

    [Fact]
    public async Task Times_sent_as_json_strings_work_like_numbers()
    {
        var (start, end) = (Times.Ms(2024, 4, 1), Times.Ms(2024, 4, 3) - 1);

        var created = await api.CreateAsync("ORDERS", start, end, timesAsStrings: true);
        var done = await api.WaitFinishedAsync(created.GetProperty("id").GetString()!);

        Assert.Equal(start, created.GetProperty("startTime").GetInt64());
        Assert.Equal(end, created.GetProperty("endTime").GetInt64());
        Assert.Equal(
            fixture.Emulator.GroundTruth(EmulatorTestMerchants.Sandbox.Id, "ORDERS", start, end),
            (await CloverApi.DownloadAllAsync(done)).Select(o => o.GetProperty("id").GetString()!).ToList());
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Trailing_slash_and_legacy_access_token_are_accepted(bool trailingSlash, bool tokenInQuery)
    {
        using var response = await api.PostAsync(CloverApi.Body("PAYMENTS", Times.Ms(2024, 5, 1), Times.Ms(2024, 5, 2)), trailingSlash: trailingSlash, tokenInQuery: tokenInQuery);

        var created = await CloverApi.ReadJsonAsync(response, System.Net.HttpStatusCode.OK);
        Assert.Equal("PAYMENTS", created.GetProperty("type").GetString());
        await api.WaitFinishedAsync(created.GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task Zero_matching_objects_is_done_with_an_empty_file_list()
    {
        var done = await api.CreateAndWaitAsync("ORDERS", Times.Ms(2023, 6, 1), Times.Ms(2023, 6, 2));

        Assert.Equal("DONE", done.GetProperty("status").GetString());
        Assert.Empty(done.GetProperty("exportUrls").GetProperty("elements").EnumerateArray());
    }

    [Fact]
    public async Task Status_moves_through_pending_and_in_progress_with_rising_percentage()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
        var options = EmulatorFixture.CreateTestOptions();
        options.TimeProvider = time;
        options.ProcessingBase = TimeSpan.FromSeconds(100);
        options.ProcessingPerThousand = TimeSpan.Zero;
        await using var host = await CloverEmulatorHost.StartAsync(options);
        using var client = new CloverApi(host.ApiBaseUrl, EmulatorTestMerchants.Sandbox);
        var id = await client.CreateOneDayAsync();

        var seen = new List<(string Status, int Percent)>();
        foreach (var seconds in new[] { 10, 30, 40, 50 })
        {
            time.Advance(TimeSpan.FromSeconds(seconds));
            var status = await client.StatusAsync(id);
            seen.Add((status.GetProperty("status").GetString()!, status.GetProperty("percentComplete").GetInt32()));
        }

        Assert.Equal([("PENDING", 0), ("IN_PROGRESS", 40), ("IN_PROGRESS", 80), ("DONE", 100)], seen);
    }

    [Fact]
    public async Task Wrong_or_missing_token_is_401_and_unknown_merchant_or_export_is_404()
    {
        var body = CloverApi.Body("ORDERS", Times.Ms(2024, 5, 1), Times.Ms(2024, 5, 2));
        using var wrong = await api.PostAsync(body, token: "not-the-token");
        using var missing = await api.PostAsync(body, token: "");
        using var otherMerchantsToken = await api.PostAsync(body, token: EmulatorTestMerchants.Busy.Token);
        using var unknownMerchant = new CloverApi(fixture.ApiBaseUrl, EmulatorTestMerchants.Sandbox with { Id = "UNKNOWNMERCH1" });
        using var noMerchant = await unknownMerchant.PostAsync(body);
        using var noExport = await api.GetStatusAsync("NOSUCHEXPORT1");
        var busyExport = await new CloverApi(fixture.ApiBaseUrl, EmulatorTestMerchants.Busy).CreateOneDayAsync();
        using var foreignExport = await api.GetStatusAsync(busyExport);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, otherMerchantsToken.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, noMerchant.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, noExport.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, foreignExport.StatusCode);
    }

    [Theory]
    [InlineData("""{"type":"REFUNDS","startTime":1714521600000,"endTime":1714608000000}""")]
    [InlineData("""{"type":"orders","startTime":1714521600000,"endTime":1714608000000}""")]
    [InlineData("""{"type":"ORDERS","startTime":1714608000000,"endTime":1714608000000}""")]
    [InlineData("""{"type":"ORDERS","startTime":1714608000000,"endTime":1714521600000}""")]
    [InlineData("""{"type":"ORDERS","startTime":1714521600000,"endTime":1717113600001}""")]
    [InlineData("""{"type":"ORDERS","startTime":1714521600000}""")]
    [InlineData("""{"type":"ORDERS","startTime":"yesterday","endTime":1714608000000}""")]
    [InlineData("""{"type":"ORDERS","startTime":1714521600000,"endTime":""")]
    [InlineData("""not json""")]
    [InlineData("""[1,2]""")]
    public async Task Invalid_create_is_400_with_a_json_message(string body)
    {
        using var response = await api.PostAsync(body);

        var error = await CloverApi.ReadJsonAsync(response, System.Net.HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Range_of_exactly_30_days_is_accepted()
    {
        var created = await api.CreateAsync("PAYMENTS", 1714521600000, 1714521600000 + Times.Block);
        await api.WaitFinishedAsync(created.GetProperty("id").GetString()!);
    }

    private async Task<IReadOnlyList<string>> ExportIdsAsync(string type, long start, long end)
    {
        var done = await api.CreateAndWaitAsync(type, start, end);
        var ids = (await CloverApi.DownloadAllAsync(done)).Select(o => o.GetProperty("id").GetString()!).ToList();
        Assert.Equal(fixture.Emulator.GroundTruth(EmulatorTestMerchants.Sandbox.Id, type, start, end), ids);
        return ids;
    }

    [GeneratedRegex("^[0-9A-Z]{13}$")]
    private static partial Regex CloverId();
}

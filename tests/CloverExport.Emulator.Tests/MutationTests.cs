namespace CloverExport.Emulator.Tests;

/// <summary>Objects that change after they are created, which time field exports filter on, and ground truth as of a moment (issue 15).</summary>
public sealed class MutationTests
{
    private static readonly string Merchant = EmulatorTestMerchants.Busy.Id;

    [Fact]
    public async Task Without_mutations_nothing_changes_with_the_clock_and_nothing_is_deleted()
    {
        await using var host = await TestHost.StartAsync();
        var (start, end) = (Times.Ms(2024, 5, 1), Times.Ms(2024, 5, 8));

        var early = host.Emulator.GroundTruthAsOf(Merchant, "PAYMENTS", start, end, Times.Ms(2024, 1, 1));
        var late = host.Emulator.GroundTruthAsOf(Merchant, "PAYMENTS", start, end);

        Assert.NotEmpty(early.Objects);
        Assert.Equal(early.Objects, late.Objects);
        Assert.Empty(late.Deleted);
        Assert.Equal(host.Emulator.GroundTruth(Merchant, "PAYMENTS", start, end), late.Ids);
    }

    [Fact]
    public async Task Objects_change_later_than_created_within_the_delay_range_on_a_schedule_fixed_by_the_seed()
    {
        await using var host = await TestHost.StartAsync(o => o.MutationPercent = 60);
        await using var again = await TestHost.StartAsync(o => o.MutationPercent = 60);
        var (start, end) = (Times.Ms(2024, 5, 1), Times.Ms(2024, 5, 3));
        var atCreation = Times.Ms(2024, 5, 3);
        var monthLater = Times.Ms(2024, 6, 3);

        var orders = Compare(host.Emulator, "ORDERS", start, end, atCreation, monthLater);
        var payments = Compare(host.Emulator, "PAYMENTS", start, end, atCreation, monthLater);
        var paymentsLater = host.Emulator.GroundTruthAsOf(Merchant, "PAYMENTS", start, end, monthLater);
        var results = paymentsLater.Objects.Select(o => JsonDocument.Parse(o.Json).RootElement).ToList();

        Assert.True(orders.Changed > 0 && payments.Changed > 0, $"orders {orders.Changed}, payments {payments.Changed} changed");
        Assert.NotEmpty(host.Emulator.GroundTruthAsOf(Merchant, "ORDERS", start, end, monthLater).Deleted);
        Assert.Contains(results, p => p.GetProperty("result").GetString() == "VOIDED");
        Assert.Contains(results, p => p.GetProperty("refunds").GetProperty("elements").GetArrayLength() > 0);
        Assert.All(paymentsLater.Objects, o => Assert.InRange(o.ModifiedTime, o.CreatedTime, o.CreatedTime + TimeSpan.FromDays(21).TotalMilliseconds + 60_000));
        Assert.Equal(paymentsLater.Objects, again.Emulator.GroundTruthAsOf(Merchant, "PAYMENTS", start, end, monthLater).Objects);
    }

    [Fact]
    public async Task Export_holds_each_object_as_of_its_creation_without_deleted_or_not_yet_created_objects()
    {
        await using var host = await TestHost.StartAsync(o => o.MutationPercent = 60, new DateTimeOffset(2024, 5, 2, 12, 0, 0, TimeSpan.Zero));
        using var busy = host.Api(EmulatorTestMerchants.Busy);
        var (start, end) = (Times.Ms(2024, 5, 1), Times.Ms(2024, 5, 3));

        var first = await ExportAsync(host, busy, "ORDERS", start, end);
        host.Time.SetUtcNow(new DateTimeOffset(2024, 6, 10, 0, 0, 0, TimeSpan.Zero));
        var second = await ExportAsync(host, busy, "ORDERS", start, end);

        Assert.Equal(first.Truth.Objects.Select(o => o.Json), first.Files);
        Assert.Equal(second.Truth.Objects.Select(o => o.Json), second.Files);
        Assert.All(first.Truth.Objects, o => Assert.True(o.CreatedTime <= first.AsOf));
        Assert.True(second.Truth.Objects.Count > first.Truth.Objects.Count, "objects created after the first export's creation come later");
        Assert.NotEmpty(second.Truth.Deleted);
        Assert.DoesNotContain(second.Truth.Deleted, d => second.Truth.Ids.Contains(d.Id));
        Assert.Contains(first.Truth.Objects, o => second.Truth.Objects.Any(n => n.Id == o.Id && n.Hash != o.Hash));
    }

    [Fact]
    public async Task With_the_modified_time_filter_an_export_holds_the_objects_modified_in_its_range()
    {
        await using var host = await TestHost.StartAsync(
            o =>
            {
                o.MutationPercent = 60;
                o.FilterField = FilterField.ModifiedTime;
            },
            new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero));
        using var busy = host.Api(EmulatorTestMerchants.Busy);
        var (start, end) = (Times.Ms(2024, 5, 10), Times.Ms(2024, 5, 20));

        var export = await ExportAsync(host, busy, "PAYMENTS", start, end, FilterField.ModifiedTime);
        var overHttp = await host.Http.GetFromJsonAsync<JsonElement>(
            $"_emulator/ground-truth/{Merchant}?type=PAYMENTS&startTime={start}&endTime={end}&asOf={export.AsOf}&field=modifiedTime&full=true");
        using var badField = await host.Http.GetAsync($"_emulator/ground-truth/{Merchant}?type=PAYMENTS&startTime={start}&endTime={end}&field=closedTime");

        Assert.Equal(export.Truth.Objects.Select(o => o.Json), export.Files);
        Assert.All(export.Truth.Objects, o => Assert.InRange(o.ModifiedTime, start, end));
        Assert.Contains(export.Truth.Objects, o => o.CreatedTime < start);
        Assert.Equal("modifiedTime", overHttp.GetProperty("field").GetString());
        Assert.Equal(export.Truth.Ids, overHttp.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        var objects = overHttp.GetProperty("objects").EnumerateArray().ToList();
        Assert.Equal(export.Truth.Objects.Select(o => o.Hash), objects.Select(o => o.GetProperty("hash").GetString()));
        Assert.Equal(export.Truth.Objects.Select(o => o.ModifiedTime), objects.Select(o => o.GetProperty("modifiedTime").GetInt64()));
        Assert.Equal(export.Files, objects.Select(o => o.GetProperty("object").GetRawText()));
        Assert.Equal(HttpStatusCode.BadRequest, badField.StatusCode);
    }

    [Fact]
    public async Task Ground_truth_over_http_lists_deleted_ids_with_their_deletion_time()
    {
        await using var host = await TestHost.StartAsync(o => o.MutationPercent = 100);
        var (start, end) = (Times.Ms(2024, 5, 1), Times.Ms(2024, 5, 3));

        var body = await host.Http.GetFromJsonAsync<JsonElement>($"_emulator/ground-truth/{Merchant}?type=ORDERS&startTime={start}&endTime={end}");
        var truth = host.Emulator.GroundTruthAsOf(Merchant, "ORDERS", start, end);

        var deleted = body.GetProperty("deleted").EnumerateArray().ToList();
        Assert.NotEmpty(deleted);
        Assert.Equal(truth.Deleted.Select(d => d.Id), deleted.Select(d => d.GetProperty("id").GetString()));
        Assert.All(deleted, d => Assert.True(d.GetProperty("deletedTime").GetInt64() > d.GetProperty("createdTime").GetInt64()));
        Assert.Equal(truth.Ids, body.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        Assert.False(body.GetProperty("objects")[0].TryGetProperty("object", out _));
    }

    private static (int Changed, int Deleted) Compare(CloverEmulatorHost emulator, string type, long start, long end, long before, long after)
    {
        var early = emulator.GroundTruthAsOf(Merchant, type, start, end, before).Objects.ToDictionary(o => o.Id);
        var late = emulator.GroundTruthAsOf(Merchant, type, start, end, after);
        var changed = late.Objects.Count(o => early.TryGetValue(o.Id, out var e) && e.Hash != o.Hash && o.ModifiedTime > e.ModifiedTime);
        return (changed, late.Deleted.Count);
    }

    /// <summary>Runs one export and returns its objects' raw JSON with the ground truth as of its creation.</summary>
    private static async Task<(IReadOnlyList<string> Files, GroundTruthSnapshot Truth, long AsOf)> ExportAsync(
        TestHost host, CloverApi api, string type, long start, long end, FilterField field = FilterField.CreatedTime)
    {
        var asOf = host.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var done = await host.CreateDoneAsync(api, type, start, end);
        var files = (await CloverApi.DownloadAllAsync(done)).Select(o => o.GetRawText()).ToList();
        return (files, host.Emulator.GroundTruthAsOf(api.Merchant.Id, type, start, end, asOf, field), asOf);
    }
}

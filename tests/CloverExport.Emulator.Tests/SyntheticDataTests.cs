namespace CloverExport.Emulator.Tests;

public sealed class SyntheticDataTests
{
    [Fact]
    public async Task Same_seed_gives_the_same_ids_and_another_seed_different_ones()
    {
        await using var first = await TestHost.StartAsync();
        await using var second = await TestHost.StartAsync();
        await using var reseeded = await TestHost.StartAsync(o => o.Merchants[0].Seed = 99);
        var (id, start, end) = (EmulatorTestMerchants.Sandbox.Id, Times.Ms(2024, 2, 1), Times.Ms(2024, 3, 1) - 1);

        var ids = first.Emulator.GroundTruth(id, "ORDERS", start, end);

        Assert.NotEmpty(ids);
        Assert.Equal(ids, second.Emulator.GroundTruth(id, "ORDERS", start, end));
        Assert.Equal(first.Emulator.GroundTruth(id, "PAYMENTS", start, end), second.Emulator.GroundTruth(id, "PAYMENTS", start, end));
        Assert.Empty(ids.Intersect(reseeded.Emulator.GroundTruth(id, "ORDERS", start, end)));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Data_exists_only_inside_the_configured_span()
    {
        await using var host = await TestHost.StartAsync();
        var id = EmulatorTestMerchants.Sandbox.Id;

        Assert.Empty(host.Emulator.GroundTruth(id, "ORDERS", Times.Ms(2023, 12, 2), Times.Ms(2024, 1, 1) - 1));
        Assert.Empty(host.Emulator.GroundTruth(id, "ORDERS", Times.Ms(2025, 1, 1), Times.Ms(2025, 1, 31)));
        Assert.InRange(host.Emulator.GroundTruth(id, "ORDERS", Times.Ms(2024, 1, 1), Times.Ms(2024, 1, 2) - 1).Count, 21, 40);
    }

    [Fact]
    public async Task Two_years_of_five_busy_merchants_are_generated_lazily()
    {
        await using var host = await TestHost.StartAsync(o => o.Merchants = Enumerable.Range(1, 5)
            .Select(i => new EmulatorMerchantOptions
            {
                Id = $"LAZYMERCHANT{i}",
                Token = $"t{i}",
                DataStart = new DateOnly(2023, 1, 1),
                DataEnd = new DateOnly(2025, 1, 1),
                OrdersPerDay = 30,
                Seed = i,
            }).ToList());

        var last = host.Emulator.GroundTruth("LAZYMERCHANT5", "ORDERS", Times.Ms(2024, 12, 1), Times.Ms(2025, 1, 1) - 1);

        Assert.InRange(last.Count, 600, 1300);
    }

    [Fact]
    public async Task File_padding_makes_each_object_bigger_and_keeps_the_json_valid()
    {
        await using var host = await TestHost.StartAsync(o => o.FilePaddingBytes = 200_000);
        var (start, end) = (Times.Ms(2024, 5, 1), Times.Ms(2024, 5, 2) - 1);
        var done = await host.CreateDoneAsync(host.Sandbox, "ORDERS", start, end);
        using var files = new HttpClient();

        var bytes = await files.GetByteArrayAsync(CloverApi.FileUrls(done)[0]);
        var elements = JsonDocument.Parse(bytes).RootElement.GetProperty("elements").EnumerateArray().ToList();

        Assert.Equal(host.Emulator.GroundTruth(EmulatorTestMerchants.Sandbox.Id, "ORDERS", start, end), elements.Select(e => e.GetProperty("id").GetString()!).ToList());
        Assert.True(bytes.Length > elements.Count * 200_000);
        Assert.All(elements, e => Assert.Equal(200_000, e.GetProperty("emulatorPadding").GetString()!.Length));
    }

    [Fact]
    public async Task Invalid_merchant_configuration_is_rejected_at_start()
    {
        var badId = EmulatorFixture.CreateTestOptions();
        badId.Merchants[0].Id = "short";
        var badRegion = EmulatorFixture.CreateTestOptions();
        badRegion.Merchants[0].Region = "mars";

        await Assert.ThrowsAsync<ArgumentException>(() => CloverEmulatorHost.StartAsync(badId));
        await Assert.ThrowsAsync<ArgumentException>(() => CloverEmulatorHost.StartAsync(badRegion));
    }
}

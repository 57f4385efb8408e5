namespace CloverExport.Testing;

/// <summary>Merchants of <see cref="EmulatorFixture"/>: one year of 2024 data each.</summary>
public static class EmulatorTestMerchants
{
    /// <summary>Sandbox merchant, 30 orders a day.</summary>
    public static readonly EmulatorTestMerchant Sandbox = new("TESTMERCHANT1", "test-token-1", "sandbox", 30, 1);

    /// <summary>Second sandbox merchant with a different seed, 60 orders a day (multi-file exports).</summary>
    public static readonly EmulatorTestMerchant Busy = new("TESTMERCHANT2", "test-token-2", "sandbox", 60, 2);

    /// <summary>North America merchant (hours 10:00-15:00 UTC when EnforceHours).</summary>
    public static readonly EmulatorTestMerchant Us = new("TESTMERCHUS01", "test-token-us", "us", 30, 3);

    /// <summary>Europe merchant.</summary>
    public static readonly EmulatorTestMerchant Eu = new("TESTMERCHEU01", "test-token-eu", "eu", 30, 4);

    public static readonly IReadOnlyList<EmulatorTestMerchant> All = [Sandbox, Busy, Us, Eu];

    public static readonly DateOnly DataStart = new(2024, 1, 1);

    public static readonly DateOnly DataEnd = new(2025, 1, 1);

    /// <summary>
    /// A sandbox merchant (never closed) with <paramref name="ordersPerDay"/> synthetic orders on every day from
    /// <paramref name="dataStart"/> up to, not including, <paramref name="dataEnd"/>: what pipeline tests, host tests and benchmarks run on.
    /// </summary>
    public static EmulatorMerchantOptions SandboxOver(string id, string token, DateOnly dataStart, DateOnly dataEnd, int ordersPerDay, int seed) => new()
    {
        Id = id,
        Token = token,
        Region = "sandbox",
        DataStart = dataStart,
        DataEnd = dataEnd,
        OrdersPerDay = ordersPerDay,
        Seed = seed,
    };
}

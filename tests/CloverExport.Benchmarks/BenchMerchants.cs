namespace CloverExport.Benchmarks;

/// <summary>The emulated merchants the benchmarks run on: sandbox (never closed), with synthetic data over a range.</summary>
internal static class BenchMerchants
{
    /// <summary>A merchant with <paramref name="ordersPerDay"/> orders on every day from <paramref name="from"/> through <paramref name="to"/> (UTC days).</summary>
    public static EmulatorMerchantOptions Sandbox(string id, DateTimeOffset from, DateTimeOffset to, int ordersPerDay, int seed = 1) =>
        EmulatorTestMerchants.SandboxOver(id, id.ToLowerInvariant() + "-token", DateOnly.FromDateTime(from.UtcDateTime), DateOnly.FromDateTime(to.UtcDateTime).AddDays(1), ordersPerDay, seed);

    /// <summary><paramref name="count"/> merchants <c>{prefix}00000000</c>, <c>{prefix}00000001</c>, … with seeds 0, 1, … (13-character ids for a 5-character prefix).</summary>
    public static List<EmulatorMerchantOptions> Fleet(string prefix, int count, DateTimeOffset from, DateTimeOffset to, int ordersPerDay) =>
        [.. Enumerable.Range(0, count).Select(i => Sandbox(string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:D8}"), from, to, ordersPerDay, seed: i))];
}

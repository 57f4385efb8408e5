namespace CloverExport.Pipeline.Tests;

/// <summary>Emulator set-ups for pipeline tests: sandbox merchants with fast processing.</summary>
internal static class Scenario
{
    public static readonly DateTimeOffset DataStart = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A run range over the first <paramref name="days"/> days of data: [DataStart, DataStart + days].</summary>
    public static (DateTimeOffset From, DateTimeOffset To) FirstDays(int days) => (DataStart, DataStart.AddDays(days));

    public static EmulatorMerchantOptions Merchant(string id, DateTimeOffset start, DateTimeOffset end, int ordersPerDay = 12, int seed = 7) =>
        EmulatorTestMerchants.SandboxOver(id, $"secret-token-{id}-{seed}", DateOnly.FromDateTime(start.UtcDateTime), DateOnly.FromDateTime(end.UtcDateTime), ordersPerDay, seed);

    public static EmulatorOptions Emulator(params EmulatorMerchantOptions[] merchants) => new()
    {
        Merchants = [.. merchants],
        ProcessingBase = TimeSpan.FromMilliseconds(60),
        ProcessingPerThousand = TimeSpan.FromMilliseconds(40),
        EnforceHours = false,
        MaxConcurrentExportsPerMerchant = 3,
    };

    /// <summary>The emulator with one merchant whose exports each take <paramref name="processingBase"/> (plus the time per thousand objects).</summary>
    public static EmulatorOptions Emulator(EmulatorMerchantOptions merchant, TimeSpan processingBase)
    {
        var options = Emulator(merchant);
        options.ProcessingBase = processingBase;
        return options;
    }
}

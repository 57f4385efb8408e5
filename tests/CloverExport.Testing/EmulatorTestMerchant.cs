namespace CloverExport.Testing;

/// <summary>One test merchant of the emulator.</summary>
public sealed record EmulatorTestMerchant(string Id, string Token, string Region, int OrdersPerDay, int Seed)
{
    public EmulatorMerchantOptions ToOptions() => new()
    {
        Id = Id,
        Token = Token,
        Region = Region,
        OrdersPerDay = OrdersPerDay,
        Seed = Seed,
        DataStart = EmulatorTestMerchants.DataStart,
        DataEnd = EmulatorTestMerchants.DataEnd,
    };
}

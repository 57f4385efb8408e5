namespace CloverExport.Emulator;

/// <summary>One emulated merchant and the shape of its synthetic data.</summary>
public sealed class EmulatorMerchantOptions
{
    /// <summary>13-character upper-case alphanumeric merchant id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Static access token accepted for this merchant.</summary>
    public string Token { get; set; } = "";

    /// <summary>us, eu, la or sandbox: decides availability hours and currency.</summary>
    public string Region { get; set; } = "sandbox";

    /// <summary>First day with data (UTC midnight, inclusive); default DataEnd minus 730 days.</summary>
    public DateOnly? DataStart { get; set; }

    /// <summary>Day after the last day with data (UTC midnight, exclusive); default today.</summary>
    public DateOnly? DataEnd { get; set; }

    /// <summary>Average orders per day.</summary>
    public int OrdersPerDay { get; set; } = 30;

    /// <summary>Seed of the synthetic data: same seed, same objects and ids.</summary>
    public int Seed { get; set; } = 1;
}

using System.Globalization;
using CloverExport.Emulator;

namespace CloverExport.FunctionsHost.Tests;

/// <summary>The emulator's merchants: one (or a few) per test, so tests sharing a host never share a merchant.</summary>
public static class HostTestMerchants
{
    /// <summary>Onboarded with an OAuth pair: the run refreshes the access token.</summary>
    public static readonly EmulatorMerchantOptions Flow = Merchant("HOSTFLOWOAUT1", new DateOnly(2024, 1, 1), new DateOnly(2024, 3, 1), refreshToken: "host-flow-refresh-6c0e7f2a91");

    public static readonly EmulatorMerchantOptions Cancel = Merchant("HOSTCANCEL001", new DateOnly(2023, 1, 1), new DateOnly(2024, 1, 1));

    public static readonly EmulatorMerchantOptions LogRun = Merchant("HOSTLOGRUN001", new DateOnly(2024, 1, 1), new DateOnly(2024, 2, 1));

    public static readonly EmulatorMerchantOptions Kill = Merchant("HOSTKILL00001", new DateOnly(2023, 1, 1), new DateOnly(2023, 7, 1), ordersPerDay: 60);

    /// <summary>Three merchants with recent data only: the timer's incremental runs stay small.</summary>
    public static readonly IReadOnlyList<EmulatorMerchantOptions> Timer =
    [
        Merchant("HOSTTIMER0001", Today.AddDays(-20), Today.AddDays(1)),
        Merchant("HOSTTIMER0002", Today.AddDays(-20), Today.AddDays(1)),
        Merchant("HOSTTIMER0003", Today.AddDays(-20), Today.AddDays(1)),
    ];

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static EmulatorOptions EmulatorOptions()
    {
        var options = EmulatorFixture.CreateTestOptions();
        options.Merchants = [Flow, Cancel, LogRun, Kill, .. Timer];
        return options;
    }

    /// <summary>App settings listing <paramref name="merchants"/> as configured merchants (static tokens), backfill from their data start.</summary>
    public static Dictionary<string, string?> Configured(params EmulatorMerchantOptions[] merchants)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < merchants.Length; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Merchants__{i}__");
            settings[prefix + "Id"] = merchants[i].Id;
            settings[prefix + "Token"] = merchants[i].Token;
            settings[prefix + "Region"] = "sandbox";
            settings[prefix + "BackfillStart"] = merchants[i].DataStart!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return settings;
    }

    private static EmulatorMerchantOptions Merchant(string id, DateOnly start, DateOnly end, int ordersPerDay = 30, string? refreshToken = null)
    {
        var merchant = EmulatorTestMerchants.SandboxOver(id, "host-token-" + id.ToLowerInvariant() + "-51f0", start, end, ordersPerDay, seed: id.Sum(c => c));
        merchant.RefreshToken = refreshToken;
        return merchant;
    }
}

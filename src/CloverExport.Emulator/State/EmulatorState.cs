using System.Text.RegularExpressions;
using CloverExport.Emulator.Data;

namespace CloverExport.Emulator.State;

/// <summary>Everything one emulator instance knows; shared by all requests (each part is thread-safe).</summary>
internal sealed partial class EmulatorState
{
    public EmulatorState(EmulatorOptions options)
    {
        Options = options;
        Time = options.TimeProvider ?? TimeProvider.System;
        Counters = new CounterBook();
        Exports = new ExportRegistry(options.MaxConcurrentExportsPerMerchant, options.MaxConcurrentExportsPerApp, Counters);
        Faults = new FaultBook(Time);
        RateLimiter = new TokenRateLimiter(options.RateLimitPerSecond, options.RateLimitConcurrent, Time);
        Validate(options);
        Hours = new ExportHours(options);

        var today = DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);
        var merchants = new Dictionary<string, EmulatedMerchant>(StringComparer.Ordinal);
        foreach (var m in options.Merchants)
        {
            if (!CloverId().IsMatch(m.Id))
            {
                throw new ArgumentException($"Emulator merchant id '{m.Id}' is not 13 upper-case letters or digits.", nameof(options));
            }

            if (m.Region is not ("us" or "eu" or "la" or "sandbox"))
            {
                throw new ArgumentException($"Emulator merchant {m.Id} has unknown region '{m.Region}' (us, eu, la, sandbox).", nameof(options));
            }

            var end = m.DataEnd ?? today;
            var start = m.DataStart ?? end.AddDays(-730);
            var data = new MerchantData(m.Id, m.Region, ToMs(start), ToMs(end), m.OrdersPerDay, m.Seed, new ObjectChanges(m.Seed, options));
            merchants.Add(m.Id, new EmulatedMerchant(m.Id, new OAuthCredentials(m, options, Time.GetUtcNow()), m.Region, data));
        }

        Merchants = merchants;
    }

    public EmulatorOptions Options { get; }

    public TimeProvider Time { get; }

    public IReadOnlyDictionary<string, EmulatedMerchant> Merchants { get; }

    public CounterBook Counters { get; }

    public ExportRegistry Exports { get; }

    public FaultBook Faults { get; }

    public TokenRateLimiter RateLimiter { get; }

    public FileSigner Signer { get; } = new();

    public ExportHours Hours { get; }

    /// <summary>Base of file links; known once the file port is bound.</summary>
    public Uri FileBaseUrl { get; set; } = new("http://127.0.0.1/");

    /// <summary>The file port when files have their own port; 0 otherwise.</summary>
    public int SeparateFilePort { get; set; }

    /// <summary>The counters with the export facts as of now.</summary>
    public EmulatorCounters Snapshot() => Counters.Snapshot(Exports.Stats(Time.GetUtcNow()));

    private static void Validate(EmulatorOptions options)
    {
        if (options.ObjectsPerFile < 1)
        {
            throw new ArgumentException("Emulator:ObjectsPerFile must be at least 1.", nameof(options));
        }

        if (Api.ErrorResults.IsClosedHoursOnly(options.ConcurrencyBody))
        {
            throw new ArgumentException($"Emulator:ConcurrencyBody cannot be {options.ConcurrencyBody}: that style describes hours (closed-hours 503 only).", nameof(options));
        }

        if (options.OpenSecondsPerMinute is < 1 or > 59)
        {
            throw new ArgumentException("Emulator:OpenSecondsPerMinute must be between 1 and 59.", nameof(options));
        }

        if (options.MutationPercent is < 0 or > 100)
        {
            throw new ArgumentException("Emulator:MutationPercent must be between 0 and 100.", nameof(options));
        }

        if (options.MutationDelayMin < TimeSpan.FromMilliseconds(1) || options.MutationDelayMax < options.MutationDelayMin)
        {
            throw new ArgumentException("Emulator:MutationDelayMin must be at least 1 ms and Emulator:MutationDelayMax at least MutationDelayMin.", nameof(options));
        }
    }

    private static long ToMs(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    [GeneratedRegex("^[0-9A-Z]{13}$")]
    private static partial Regex CloverId();
}

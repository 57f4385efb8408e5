using System.Globalization;
using CloverExport.Emulator;

namespace CloverExport.Cli.Demo;

/// <summary>How big the demo is: the defaults make a realistic few-minute run; tests shrink it.</summary>
internal sealed record DemoSize(int Merchants, int Months, int OrdersPerDay)
{
    public static DemoSize Default { get; } = new(4, 14, 40);
}

/// <summary>
/// The demo's emulated merchants (sandbox, about <see cref="DemoSize.Months"/> ± 1 months of data each,
/// enough orders a day that windows span several files), the faults injected into the run, and the
/// pipeline settings that point the exporter at the emulator with short poll intervals.
/// </summary>
internal sealed class DemoDataSet
{
    private DemoDataSet(IReadOnlyList<EmulatorMerchantOptions> merchants) => Merchants = merchants;

    public IReadOnlyList<EmulatorMerchantOptions> Merchants { get; }

    public DateOnly DataStart => Merchants.Min(m => m.DataStart!.Value);

    public static DemoDataSet Create(DemoSize size, DateOnly today) => new(
        [.. Enumerable.Range(1, size.Merchants).Select(i => new EmulatorMerchantOptions
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"DEMOMERCHANT{i % 10}"),
            Token = string.Create(CultureInfo.InvariantCulture, $"demo-token-{i}"),
            Region = "sandbox",
            DataStart = today.AddMonths(-Math.Max(1, size.Months + (i % 3) - 1)),
            DataEnd = today,
            OrdersPerDay = size.OrdersPerDay,
            Seed = i,
        })]);

    /// <summary>Fast exports (300-800 ms each) so the demo finishes in minutes; 3 app-wide export slots, so the progress shows slot waits.</summary>
    public EmulatorOptions EmulatorOptions() => new()
    {
        Merchants = [.. Merchants],
        ProcessingBase = TimeSpan.FromMilliseconds(300),
        ProcessingPerThousand = TimeSpan.FromMilliseconds(250),
        FileLifetime = TimeSpan.FromHours(1),
        MaxConcurrentExportsPerMerchant = 2,

        // Clover's app-wide limit, matched by the pipeline's scheduler below: windows queue for slots.
        MaxConcurrentExportsPerApp = 3,
    };

    /// <summary>Some closed hours, concurrency 503s and a 429, spread over the merchants.</summary>
    public IReadOnlyList<EmulatorFault> Faults()
    {
        string Merchant(int n) => Merchants[n % Merchants.Count].Id;
        return
        [
            new EmulatorFault { Kind = EmulatorFaultKind.ClosedHours, MerchantId = Merchant(0), DurationSeconds = 4 },
            new EmulatorFault { Kind = EmulatorFaultKind.ConcurrencyLimit, MerchantId = Merchant(1), Count = 2 },
            new EmulatorFault { Kind = EmulatorFaultKind.ClosedHours, MerchantId = Merchant(2), DurationSeconds = 3 },
            new EmulatorFault { Kind = EmulatorFaultKind.RateLimit, MerchantId = Merchant(3), RetryAfterSeconds = 1 },
        ];
    }

    /// <summary>The pipeline's settings for the demo: the same names a real deployment uses.</summary>
    public Dictionary<string, string?> PipelineSettings(Uri cloverBaseUrl, string storageConnectionString)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Clover:BaseUrl"] = cloverBaseUrl.ToString(),
            ["Clover:AllowedFileHosts"] = "127.0.0.1",
            ["Clover:ConcurrencyRetryDelay"] = "00:00:02",
            // Retry-After waits longer than this become durable waits, so the demo shows them.
            ["Clover:MaxInProcessRetryAfter"] = "00:00:00.500",
            ["Storage:ConnectionString"] = storageConnectionString,
            ["Storage:ServiceUri"] = null,
            ["Export:PollInitialInterval"] = "00:00:00.200",
            ["Export:PollMaxInterval"] = "00:00:01",
            ["Export:ClosedHoursJitter"] = "00:00:00.500",
            ["Export:ActivityRetryInterval"] = "00:00:00.200",
            ["Export:ExportDeadline"] = "00:02:00",
            ["Export:WindowsPerGeneration"] = "8",
            ["Export:MaxExportsInFlightPerMerchant"] = "2",
            ["Export:MaxExportsInFlightPerApp"] = "3",
            ["Export:SettleLag"] = "00:05:00",
            ["Export:BackfillStart"] = DataStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < Merchants.Count; i++)
        {
            var m = Merchants[i];
            settings[$"Merchants:{i}:Id"] = m.Id;
            settings[$"Merchants:{i}:Region"] = m.Region;
            settings[$"Merchants:{i}:Token"] = m.Token;
            settings[$"Merchants:{i}:DisplayName"] = $"Demo merchant {i + 1}";
            settings[$"Merchants:{i}:BackfillStart"] = m.DataStart!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return settings;
    }
}

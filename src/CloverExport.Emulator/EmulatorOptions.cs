namespace CloverExport.Emulator;

/// <summary>Emulator settings, bound from the configuration section <c>Emulator</c>.</summary>
public sealed class EmulatorOptions
{
    public const string SectionName = "Emulator";

    public List<EmulatorMerchantOptions> Merchants { get; set; } = [];

    /// <summary>Time from create to DONE for an empty export.</summary>
    public TimeSpan ProcessingBase { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Extra processing time per 1000 objects in the export.</summary>
    public TimeSpan ProcessingPerThousand { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>availableUntil = done time + this; files answer 404 afterwards.</summary>
    public TimeSpan FileLifetime { get; set; } = TimeSpan.FromHours(24);

    public int MaxConcurrentExportsPerMerchant { get; set; } = 2;

    public int MaxConcurrentExportsPerApp { get; set; } = 10;

    /// <summary>Requests per second per token; 0 disables the limit.</summary>
    public int RateLimitPerSecond { get; set; } = 16;

    /// <summary>Requests in flight at once per token; 0 disables the limit.</summary>
    public int RateLimitConcurrent { get; set; } = 5;

    /// <summary>Apply the us/eu availability hours (sandbox is always open).</summary>
    public bool EnforceHours { get; set; } = true;

    /// <summary>Serve files from a second port, like Clover's separate file host.</summary>
    public bool SeparateFileHost { get; set; } = true;

    /// <summary>Objects per export file (Clover: 1000).</summary>
    public int ObjectsPerFile { get; set; } = 1000;

    /// <summary>Bytes of filler added to every object in files, so benchmarks can make big files.</summary>
    public int FilePaddingBytes { get; set; }

    /// <summary>IP address both ports listen on.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>API port; 0 picks a free port.</summary>
    public int ApiPort { get; set; }

    /// <summary>File port when <see cref="SeparateFileHost"/>; 0 picks a free port.</summary>
    public int FilePort { get; set; }

    /// <summary>Clock for export progress, availability hours, file expiry and rate limits (code only; default system clock).</summary>
    public TimeProvider? TimeProvider { get; set; }
}

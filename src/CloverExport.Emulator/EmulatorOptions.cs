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

    /// <summary>Lifetime of OAuth access tokens (merchants with a RefreshToken); static tokens never expire.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Lifetime of OAuth refresh tokens, from when they are issued.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>When set, <c>POST /oauth/v2/refresh</c> requires this client_id (the Clover app id); otherwise any non-empty one.</summary>
    public string? OAuthClientId { get; set; }

    /// <summary>Body of a concurrency 503 (creates past MaxConcurrentExportsPerMerchant / PerApp).</summary>
    public UnavailableBodyStyle ConcurrencyBody { get; set; } = UnavailableBodyStyle.Structured;

    /// <summary>Body of a closed-hours 503.</summary>
    public UnavailableBodyStyle ClosedHoursBody { get; set; } = UnavailableBodyStyle.Structured;

    /// <summary>Which hours apply when <see cref="EnforceHours"/> is on.</summary>
    public HoursMode HoursMode { get; set; } = HoursMode.Regions;

    /// <summary>With <see cref="HoursMode.PerMinute"/>: open for this many seconds at the start of every UTC minute (1..59).</summary>
    public int OpenSecondsPerMinute { get; set; } = 40;

    /// <summary>Order of a DONE export's file list on each status read.</summary>
    public FileListOrder FileListOrder { get; set; } = FileListOrder.Stable;

    /// <summary>The object time that an export's startTime/endTime filter on.</summary>
    public FilterField FilterField { get; set; } = FilterField.CreatedTime;

    /// <summary>Percent (0..100) of objects that change after they are created; 0 = objects never change (and exist from DataStart on).</summary>
    public int MutationPercent { get; set; }

    /// <summary>Shortest delay between an object's creation and a change of it.</summary>
    public TimeSpan MutationDelayMin { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest delay between an object's creation and a change of it.</summary>
    public TimeSpan MutationDelayMax { get; set; } = TimeSpan.FromDays(21);

    /// <summary>Clock for export progress, availability hours, file expiry and rate limits (code only; default system clock).</summary>
    public TimeProvider? TimeProvider { get; set; }
}

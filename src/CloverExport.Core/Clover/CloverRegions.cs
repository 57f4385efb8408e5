namespace CloverExport.Core.Clover;

/// <summary>
/// Clover's regions: API base URL and the UTC hours in which the Export API takes new exports.
/// Hours come from Clover's docs; Latin America's are not documented.
/// </summary>
public static class CloverRegions
{
    public const string Us = "us";
    public const string Eu = "eu";
    public const string La = "la";
    public const string Sandbox = "sandbox";

    /// <summary>When the hours are unknown (la), a closed-hours answer is retried this much later.</summary>
    public static readonly TimeSpan UnknownHoursRetryDelay = TimeSpan.FromHours(1);

    private static readonly Dictionary<string, Uri> BaseUrls = new(StringComparer.OrdinalIgnoreCase)
    {
        [Us] = new("https://api.clover.com/"),
        [Eu] = new("https://api.eu.clover.com/"),
        [La] = new("https://api.la.clover.com/"),
        [Sandbox] = new("https://apisandbox.dev.clover.com/"),
    };

    private static readonly Dictionary<string, ExportHours> Hours = new(StringComparer.OrdinalIgnoreCase)
    {
        [Us] = ExportHours.Daily(new(10, 0), new(15, 0)),
        [Eu] = new(new Dictionary<DayOfWeek, (TimeOnly, TimeOnly)>
        {
            [DayOfWeek.Monday] = (new(1, 0), new(5, 0)),
            [DayOfWeek.Tuesday] = (new(1, 0), new(5, 0)),
            [DayOfWeek.Wednesday] = (new(1, 0), new(5, 0)),
            [DayOfWeek.Thursday] = (new(1, 0), new(5, 0)),
            [DayOfWeek.Friday] = (new(1, 0), new(5, 0)),
            [DayOfWeek.Saturday] = (new(2, 0), new(5, 0)),
            [DayOfWeek.Sunday] = (new(2, 0), new(6, 0)),
        }),
    };

    public static IReadOnlyCollection<string> Names { get; } = [Us, Eu, La, Sandbox];

    public static bool IsKnown(string? region) => region is not null && BaseUrls.ContainsKey(region);

    /// <summary>The API base URL of <paramref name="region"/> (with a trailing slash).</summary>
    /// <exception cref="ArgumentException">Unknown region.</exception>
    public static Uri GetBaseUrl(string region) =>
        BaseUrls.TryGetValue(region, out var url)
            ? url
            : throw new ArgumentException($"Unknown Clover region '{region}'; use one of {string.Join(", ", Names)}.", nameof(region));

    /// <summary>The region's export hours, or null when they are unknown (la) or unlimited (sandbox).</summary>
    public static ExportHours? GetExportHours(string region) => Hours.GetValueOrDefault(region);

    /// <summary>Whether the region's table says exports are accepted at <paramref name="at"/>; regions without a table count as open.</summary>
    public static bool IsOpen(string region, DateTimeOffset at) => GetExportHours(region)?.IsOpen(at) ?? true;

    /// <summary>
    /// The first instant at or after <paramref name="after"/> when the region takes exports:
    /// <paramref name="after"/> itself when open (sandbox always), <c>after + 1 h</c> when unknown (la).
    /// </summary>
    public static DateTimeOffset NextOpening(string region, DateTimeOffset after)
    {
        if (string.Equals(region, Sandbox, StringComparison.OrdinalIgnoreCase))
        {
            return after;
        }

        return GetExportHours(region) is { } hours ? hours.NextOpening(after) : after + UnknownHoursRetryDelay;
    }
}

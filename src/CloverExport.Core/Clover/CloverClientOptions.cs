using System.ComponentModel.DataAnnotations;
using CloverExport.Core.Configuration;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Clover;

/// <summary>Settings of the Clover client, bound from the <c>Clover</c> configuration section.</summary>
public sealed class CloverClientOptions : IValidatableObject
{
    public const string SectionName = "Clover";

    /// <summary>Absolute URL overriding the region host for every merchant (emulator, proxy): https, or http to a loopback host.</summary>
    [ApiBaseUrl("Clover:BaseUrl")]
    public string? BaseUrl { get; set; }

    /// <summary>Comma list of <c>host</c> or <c>host:port</c> a merchant's own <c>Merchants:N:BaseUrl</c> may name besides its region's and <c>Clover:BaseUrl</c>'s.</summary>
    [HostList("Clover:AllowedApiHosts")]
    public string? AllowedApiHosts { get; set; }

    /// <summary>Comma list of <c>host</c> or <c>host:port</c> whose file URLs may be plain http, loopback or private (local development only).</summary>
    [HostList("Clover:AllowedFileHosts")]
    public string? AllowedFileHosts { get; set; }

    /// <summary>Client-side request rate per merchant token; Clover allows 16/s.</summary>
    [SettingRange("Clover:MaxRequestsPerSecond", 1, 1000)]
    public int MaxRequestsPerSecond { get; set; } = 16;

    /// <summary>Client-side concurrent requests per merchant token; Clover allows 5.</summary>
    [SettingRange("Clover:MaxConcurrentRequests", 1, 100)]
    public int MaxConcurrentRequests { get; set; } = 5;

    [PositiveTimeSpan("Clover:AttemptTimeout")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per API call, retries and rate-limit waits included.</summary>
    [PositiveTimeSpan("Clover:TotalTimeout")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Retries on 5xx (except 503), 408, timeouts and network errors.</summary>
    [SettingRange("Clover:MaxRetries", 0, 20)]
    public int MaxRetries { get; set; } = 5;

    /// <summary>A 429 whose Retry-After is at most this is waited in-process; longer surfaces as <see cref="CloverUnavailableReason.RateLimited"/>.</summary>
    [NotNegative("Clover:MaxInProcessRetryAfter")]
    public TimeSpan MaxInProcessRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a file download may wait for its next bytes once the headers came; then it fails and the copy is retried.</summary>
    [PositiveTimeSpan("Clover:FileReadTimeout")]
    public TimeSpan FileReadTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long after a concurrency 503 a new create is worth trying.</summary>
    [PositiveTimeSpan("Clover:ConcurrencyRetryDelay")]
    public TimeSpan ConcurrencyRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TotalTimeout < AttemptTimeout)
        {
            yield return new ValidationResult("Clover:TotalTimeout must be at least Clover:AttemptTimeout.");
        }
    }
}

/// <summary>Start-up validation of <see cref="CloverClientOptions"/> (generated from its annotations).</summary>
[OptionsValidator]
internal sealed partial class CloverClientOptionsValidator : IValidateOptions<CloverClientOptions>;

using Microsoft.Extensions.Options;

namespace CloverExport.Core.Clover;

/// <summary>Start-up validation of <see cref="CloverClientOptions"/>; every message names the setting.</summary>
internal sealed class CloverClientOptionsValidator : IValidateOptions<CloverClientOptions>
{
    private const string Prefix = CloverClientOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, CloverClientOptions options)
    {
        var errors = new List<string>();
        if (options.BaseUrl is not null && !IsHttpUrl(options.BaseUrl))
        {
            errors.Add($"{Prefix}{nameof(options.BaseUrl)} must be an absolute http(s) URL.");
        }
        else if (options.BaseUrl is not null && !CloverApiBase.IsSecure(new Uri(options.BaseUrl)))
        {
            errors.Add($"{Prefix}{nameof(options.BaseUrl)} must be https; plain http is allowed only to a loopback host (the local emulator), since tokens are sent to it.");
        }

        if (!FileHostAllowList.TryParse(options.AllowedApiHosts, out _, out var apiHostError))
        {
            errors.Add($"{Prefix}{nameof(options.AllowedApiHosts)}: {apiHostError}");
        }

        if (!FileHostAllowList.TryParse(options.AllowedFileHosts, out _, out var hostError))
        {
            errors.Add($"{Prefix}{nameof(options.AllowedFileHosts)}: {hostError}");
        }

        RequireRange(errors, nameof(options.MaxRequestsPerSecond), options.MaxRequestsPerSecond, 1, 1000);
        RequireRange(errors, nameof(options.MaxConcurrentRequests), options.MaxConcurrentRequests, 1, 100);
        RequireRange(errors, nameof(options.MaxRetries), options.MaxRetries, 0, 20);
        RequirePositive(errors, nameof(options.AttemptTimeout), options.AttemptTimeout);
        RequirePositive(errors, nameof(options.TotalTimeout), options.TotalTimeout);
        RequirePositive(errors, nameof(options.ConcurrencyRetryDelay), options.ConcurrencyRetryDelay);
        RequirePositive(errors, nameof(options.FileReadTimeout), options.FileReadTimeout);
        if (options.MaxInProcessRetryAfter < TimeSpan.Zero)
        {
            errors.Add($"{Prefix}{nameof(options.MaxInProcessRetryAfter)} must not be negative.");
        }

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            errors.Add($"{Prefix}{nameof(options.TotalTimeout)} must be at least {Prefix}{nameof(options.AttemptTimeout)}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.UserInfo)
        && string.IsNullOrEmpty(uri.Query);

    private static void RequireRange(List<string> errors, string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{Prefix}{setting} must be between {min} and {max}.");
        }
    }

    private static void RequirePositive(List<string> errors, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{Prefix}{setting} must be a positive time span such as 00:00:30.");
        }
    }
}

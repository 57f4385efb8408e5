using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using CloverExport.Core.Clover;
using CloverExport.Core.Storage;

namespace CloverExport.Core.Configuration;

/// <summary>
/// Base of the data annotations on the options classes, which their <c>[OptionsValidator]</c> validators
/// check. Each attribute takes the setting's name as users write it (<c>Section:Key</c>), because every
/// message must name it: the generator only knows the property name, and its copy of <c>[Range]</c>
/// drops <c>ErrorMessage</c> (dotnet/runtime#123137). The result names no member, so the start-up
/// error reads as the message alone.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public abstract class SettingAttribute(string setting) : ValidationAttribute
{
    /// <summary>The setting's name, e.g. <c>Export:PollMaxInterval</c>.</summary>
    protected string Setting { get; } = setting;

    /// <summary>What is wrong with <paramref name="value"/>, as a whole sentence naming the setting; null when it is valid.</summary>
    protected abstract string? Problem(object? value);

    protected sealed override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        Problem(value) is { } problem ? new ValidationResult(ErrorMessage ?? problem) : ValidationResult.Success;
}

/// <summary>A whole number from minimum to maximum.</summary>
internal sealed class SettingRangeAttribute(string setting, int minimum, int maximum) : SettingAttribute(setting)
{
    protected override string? Problem(object? value) =>
        value is int number && (number < minimum || number > maximum) ? $"{Setting} must be between {minimum} and {maximum}." : null;
}

/// <summary>A time span of at least <c>minimum</c> (invariant text, e.g. <c>00:05:00</c>).</summary>
internal sealed class MinimumTimeSpanAttribute(string setting, string minimum) : SettingAttribute(setting)
{
    private readonly TimeSpan least = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);

    protected override string? Problem(object? value) =>
        value is TimeSpan span && span < least ? $"{Setting} must be at least {least}." : null;
}

/// <summary>A time span longer than zero.</summary>
internal sealed class PositiveTimeSpanAttribute(string setting) : SettingAttribute(setting)
{
    protected override string? Problem(object? value) =>
        value is TimeSpan span && span <= TimeSpan.Zero ? $"{Setting} must be a positive time span such as 00:00:30." : null;
}

/// <summary>A time span of zero or more; an empty optional one is valid.</summary>
public sealed class NotNegativeAttribute(string setting) : SettingAttribute(setting)
{
    protected override string? Problem(object? value) =>
        value is TimeSpan span && span < TimeSpan.Zero ? $"{Setting} must not be negative." : null;
}

/// <summary>An absolute https URL (<c>KeyVault:Uri</c>, <c>Storage:ServiceUri</c>); empty is valid.</summary>
internal sealed class HttpsUrlAttribute(string setting, string example) : SettingAttribute(setting)
{
    protected override string? Problem(object? value)
    {
        var valid = value switch
        {
            Uri uri => uri.IsAbsoluteUri && uri.Scheme == Uri.UriSchemeHttps,
            string text when !string.IsNullOrWhiteSpace(text) => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps,
            _ => true,
        };
        return valid ? null : $"{Setting} must be an absolute https URL such as {example}.";
    }
}

/// <summary>A blob container name (<c>Storage:Container</c>, <c>Tokens:Container</c>).</summary>
internal sealed class ContainerNameAttribute(string setting) : SettingAttribute(setting)
{
    protected override string? Problem(object? value) => StorageOptions.IsValidContainerName(value as string)
        ? null
        : $"{Setting} must be 3-63 characters of lower-case letters, digits and single hyphens, starting with a letter or digit.";
}

/// <summary>An Azure Table name (<c>Merchants:TableName</c>): 3-63 letters or digits, starting with a letter.</summary>
internal sealed partial class TableNameAttribute(string setting) : SettingAttribute(setting)
{
    protected override string? Problem(object? value) => value is string name && TableName().IsMatch(name) && !name.Equals("tables", StringComparison.OrdinalIgnoreCase)
        ? null
        : $"{Setting} must be 3-63 letters or digits, starting with a letter (an Azure Table name; 'tables' is reserved).";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}

/// <summary>An absolute URL tokens may be sent to: https, or http to a loopback host (<c>Clover:BaseUrl</c>).</summary>
internal sealed class ApiBaseUrlAttribute(string setting) : SettingAttribute(setting)
{
    protected override string? Problem(object? value) =>
        value is string text && CloverApiBase.Problem(text) is { } problem ? $"{Setting} {problem}" : null;
}

/// <summary>A comma list of <c>host</c> or <c>host:port</c> (<c>Clover:AllowedApiHosts</c>, <c>Clover:AllowedFileHosts</c>).</summary>
internal sealed class HostListAttribute(string setting) : SettingAttribute(setting)
{
    protected override string? Problem(object? value) =>
        FileHostAllowList.TryParse(value as string, out _, out var error) ? null : $"{Setting}: {error}";
}

/// <summary>A comma list of export types (<c>Export:Types</c>).</summary>
internal sealed class ExportTypeListAttribute(string setting) : SettingAttribute(setting)
{
    protected override string? Problem(object? value)
    {
        try
        {
            ExportTypes.ParseList(value as string ?? "");
            return null;
        }
        catch (FormatException ex)
        {
            return $"{Setting}: {ex.Message}";
        }
    }
}

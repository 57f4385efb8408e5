using System.Globalization;
using CloverExport.Core.Clover;
using CloverExport.Core.Tokens;
using Microsoft.Extensions.Configuration;

namespace CloverExport.Core.Merchants;

/// <summary>
/// Reads <c>Merchants:N:Id/Region/Token/DisplayName/Enabled/Types/BackfillStart/BaseUrl</c>.
/// Error messages name the setting and the offending value, except for the token, which is never echoed.
/// </summary>
internal sealed class MerchantConfiguration
{
    public const string SectionName = "Merchants";

    private MerchantConfiguration(IReadOnlyList<ConfiguredMerchant> merchants, IReadOnlyList<string> errors)
    {
        Merchants = merchants;
        Errors = errors;
    }

    public IReadOnlyList<ConfiguredMerchant> Merchants { get; }

    public IReadOnlyList<string> Errors { get; }

    /// <summary>The valid entries; throws when any entry is invalid, so a broken list is never half used.</summary>
    public IReadOnlyList<ConfiguredMerchant> RequireValid() =>
        Errors.Count == 0
            ? Merchants
            : throw new InvalidOperationException("Invalid merchant configuration: " + string.Join(" ", Errors));

    public static MerchantConfiguration Read(IConfiguration configuration)
    {
        var errors = new List<string>();
        var merchants = new List<ConfiguredMerchant>();
        var defaultTypes = ReadDefaultTypes(configuration, errors);
        var tokensMayBeStored = !string.IsNullOrWhiteSpace(configuration["KeyVault:Uri"]) || !string.IsNullOrWhiteSpace(configuration["Tokens:LocalEncryptionKey"]);

        // Merchants:Store, Merchants:TableName... share the section: entries are the numbered children.
        foreach (var entry in configuration.GetSection(SectionName).GetChildren().Where(c => int.TryParse(c.Key, out _)))
        {
            if (ReadEntry(entry, defaultTypes, tokensMayBeStored, errors) is not { } merchant)
            {
                continue;
            }

            if (merchants.Any(m => m.Info.Id == merchant.Info.Id))
            {
                errors.Add($"{entry.Path}:Id '{merchant.Info.Id}' is configured more than once.");
                continue;
            }

            merchants.Add(merchant);
        }

        return new MerchantConfiguration(merchants, errors);
    }

    private static IReadOnlyList<ExportType> ReadDefaultTypes(IConfiguration configuration, List<string> errors)
    {
        var value = ReadList(configuration.GetSection("Export:Types"));
        if (value is null)
        {
            return ExportTypes.All;
        }

        try
        {
            return ExportTypes.ParseList(value);
        }
        catch (FormatException e)
        {
            errors.Add($"Export:Types: {e.Message}");
            return ExportTypes.All;
        }
    }

    private static ConfiguredMerchant? ReadEntry(IConfigurationSection entry, IReadOnlyList<ExportType> defaultTypes, bool tokensMayBeStored, List<string> errors)
    {
        var errorCount = errors.Count;
        var path = entry.Path;

        var id = entry["Id"]?.Trim();
        if (!MerchantIds.IsValid(id))
        {
            errors.Add(id is null or ""
                ? $"{path}:Id is required."
                : $"{path}:Id '{id}' is not a Clover merchant id ({MerchantIds.Length} upper-case letters or digits).");
        }

        var region = entry["Region"]?.Trim().ToLowerInvariant();
        if (!CloverRegions.IsKnown(region))
        {
            errors.Add(region is null or ""
                ? $"{path}:Region is required ({string.Join(", ", CloverRegions.Names)})."
                : $"{path}:Region '{region}' is not a Clover region ({string.Join(", ", CloverRegions.Names)}).");
        }

        var token = entry["Token"]?.Trim();
        if (TokenSecrets.IsPair(token))
        {
            // A Key Vault reference that resolved to a pair managed by onboarding: the token store serves it.
            token = null;
        }
        else if (string.IsNullOrEmpty(token))
        {
            token = null;
            if (!tokensMayBeStored)
            {
                errors.Add($"{path}:Token is required.");
            }
        }
        else if (token.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            // App Service leaves the reference text in place when it cannot resolve it.
            errors.Add($"{path}:Token is an unresolved Key Vault reference; check the app's access to the vault.");
        }

        var enabled = true;
        if (entry["Enabled"] is { } enabledText && !bool.TryParse(enabledText, out enabled))
        {
            errors.Add($"{path}:Enabled '{enabledText}' must be true or false.");
        }

        var types = defaultTypes;
        if (ReadList(entry.GetSection("Types")) is { } typesText)
        {
            try
            {
                types = ExportTypes.ParseList(typesText);
            }
            catch (FormatException e)
            {
                errors.Add($"{path}:Types: {e.Message}");
            }
        }

        DateTimeOffset? backfillStart = null;
        if (entry["BackfillStart"] is { Length: > 0 } backfillText)
        {
            if (DateTimeOffset.TryParse(backfillText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                backfillStart = parsed;
            }
            else
            {
                errors.Add($"{path}:BackfillStart '{backfillText}' is not a date (use yyyy-MM-dd).");
            }
        }

        Uri? baseUrl = null;
        if (entry["BaseUrl"] is { Length: > 0 } baseUrlText)
        {
            if (CloverApiBase.Problem(baseUrlText) is { } problem)
            {
                errors.Add($"{path}:BaseUrl {problem}");
            }
            else
            {
                baseUrl = new Uri(baseUrlText);
            }
        }

        if (errors.Count > errorCount)
        {
            return null;
        }

        var displayName = entry["DisplayName"] is { Length: > 0 } name ? name.Trim() : null;
        return new ConfiguredMerchant(new MerchantInfo(id!, region!, baseUrl, types, backfillStart, displayName, enabled), token);
    }

    /// <summary>A list setting written either as <c>"A,B"</c> or as an array (<c>X:0</c>, <c>X:1</c>).</summary>
    private static string? ReadList(IConfigurationSection section)
    {
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return section.Value;
        }

        var items = section.GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
        return items.Count > 0 ? string.Join(',', items) : null;
    }
}

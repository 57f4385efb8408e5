using System.Globalization;
using CloverExport.Core.Clover;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Tokens;
using Microsoft.Extensions.Configuration;

namespace CloverExport.Core.Merchants;

/// <summary>
/// Reads <c>Merchants:N:Id/Region/Token/DisplayName/Enabled/Types/BackfillStart/BaseUrl</c>, checked by <see cref="MerchantFieldValidator"/>.
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
        var defaults = new MerchantDefaults(ReadDefaultTypes(configuration, errors), ReadEarliestDataStart(configuration));
        var tokensMayBeStored = !string.IsNullOrWhiteSpace(configuration["KeyVault:Uri"]) || !string.IsNullOrWhiteSpace(configuration["Tokens:LocalEncryptionKey"]);

        // Merchants:Store, Merchants:TableName... share the section: entries are the numbered children.
        foreach (var entry in configuration.GetSection(SectionName).GetChildren().Where(c => int.TryParse(c.Key, out _)))
        {
            if (ReadEntry(entry, defaults, tokensMayBeStored, errors) is not { } merchant)
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

    /// <summary><c>Export:Types</c> as a comma list, the types of entries without their own.</summary>
    private static string ReadDefaultTypes(IConfiguration configuration, List<string> errors)
    {
        var all = string.Join(',', ExportTypes.All.Select(t => t.ToWireName()));
        var value = ReadList(configuration.GetSection("Export:Types"));
        if (value is null)
        {
            return all;
        }

        try
        {
            ExportTypes.ParseList(value);
            return value;
        }
        catch (FormatException e)
        {
            errors.Add($"Export:Types: {e.Message}");
            return all;
        }
    }

    /// <summary><c>Export:EarliestDataStart</c>; when it is malformed, the Export options' own check says so.</summary>
    private static DateTimeOffset ReadEarliestDataStart(IConfiguration configuration) =>
        DateTimeOffset.TryParse(configuration["Export:EarliestDataStart"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var earliest)
            ? earliest
            : new ExportOptions().EarliestDataStart;

    private static ConfiguredMerchant? ReadEntry(IConfigurationSection entry, MerchantDefaults defaults, bool tokensMayBeStored, List<string> errors)
    {
        var errorCount = errors.Count;
        var path = entry.Path;

        var (token, tokenIsPair) = ReadToken(entry, errors);
        var enabled = true;
        if (entry["Enabled"] is { } enabledText && !bool.TryParse(enabledText, out enabled))
        {
            errors.Add($"{path}:Enabled '{enabledText}' must be true or false.");
        }

        var backfillText = entry["BackfillStart"];
        var backfillStart = ReadBackfillStart(path, backfillText, errors);
        var draft = new MerchantDraft(entry["Id"], entry["Region"])
        {
            Types = ReadList(entry.GetSection("Types")) ?? defaults.Types,
            BackfillStart = backfillStart,
            BaseUrl = entry["BaseUrl"] is { Length: > 0 } baseUrl ? baseUrl : null,
            DisplayName = entry["DisplayName"],
            Enabled = enabled,
        };
        var rules = new MerchantRules(defaults.EarliestDataStart, BaseUrlAllowed: true, TokensRequired: !tokensMayBeStored && !tokenIsPair);
        var (merchant, fieldErrors) = MerchantFieldValidator.Validate(draft, token is null ? null : new TokenGrant { AccessToken = token }, rules);
        foreach (var (field, message) in fieldErrors)
        {
            // The setting as users write it, with the value where it is no secret.
            var (key, value) = field switch
            {
                MerchantField.Id => ("Id", draft.Id?.Trim()),
                MerchantField.Region => ("Region", draft.Region?.Trim()),
                MerchantField.Types => ("Types", null),
                MerchantField.BackfillStart => ("BackfillStart", backfillText),
                MerchantField.BaseUrl => ("BaseUrl", null),
                _ => ("Token", null),
            };
            errors.Add(value is { Length: > 0 } ? $"{path}:{key} '{value}' {message}" : $"{path}:{key} {message}");
        }

        return errors.Count > errorCount || merchant is null ? null : new ConfiguredMerchant(merchant, token);
    }

    /// <summary>The entry's token; null when absent or a pair (a resolved Key Vault reference: the token store serves it).</summary>
    private static (string? Token, bool IsPair) ReadToken(IConfigurationSection entry, List<string> errors)
    {
        var token = entry["Token"]?.Trim();
        var isPair = TokenSecrets.IsPair(token);
        if (isPair || string.IsNullOrEmpty(token))
        {
            return (null, isPair);
        }

        if (token.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            // App Service leaves the reference text in place when it cannot resolve it.
            errors.Add($"{entry.Path}:Token is an unresolved Key Vault reference; check the app's access to the vault.");
        }

        return (token, false);
    }

    private static DateTimeOffset? ReadBackfillStart(string path, string? text, List<string> errors)
    {
        if (text is not { Length: > 0 })
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed;
        }

        errors.Add($"{path}:BackfillStart '{text}' is not a date (use yyyy-MM-dd).");
        return null;
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

    private sealed record MerchantDefaults(string Types, DateTimeOffset EarliestDataStart);
}

using CloverExport.Core.Clover;
using CloverExport.Core.Tokens;

namespace CloverExport.Core.Merchants;

/// <summary>The fields of a merchant every host receives; each host names them its own way (JSON field, CLI option, setting).</summary>
public enum MerchantField
{
    Id,
    Region,
    Types,
    BackfillStart,
    BaseUrl,

    /// <summary>The tokens as a whole: required, or missing both tokens, or sent to a store that is not there.</summary>
    Tokens,

    AccessToken,
    RefreshToken,
}

/// <summary>A merchant as a host received it, before it is checked: text as typed, types as a comma list.</summary>
public sealed record MerchantDraft(string? Id, string? Region)
{
    /// <summary>Comma list of export types; empty for <c>Export:Types</c>.</summary>
    public string? Types { get; init; }

    public DateTimeOffset? BackfillStart { get; init; }

    public string? BaseUrl { get; init; }

    public string? DisplayName { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>The draft of an already built merchant (to check it again).</summary>
    public static MerchantDraft Of(MerchantInfo merchant) => new(merchant.Id, merchant.Region)
    {
        Types = string.Join(',', merchant.Types.Select(t => t.ToWireName())),
        BackfillStart = merchant.BackfillStart,
        BaseUrl = merchant.BaseUrl?.OriginalString,
        DisplayName = merchant.DisplayName,
        Enabled = merchant.Enabled,
    };
}

/// <summary>What a merchant's source allows.</summary>
/// <param name="EarliestDataStart"><c>Export:EarliestDataStart</c>: no backfill before it.</param>
/// <param name="BaseUrlAllowed">Settings may point a merchant at another API host; onboarding (an API caller) may not.</param>
/// <param name="TokensRequired">Settings without a token store need each merchant's static token.</param>
public sealed record MerchantRules(DateTimeOffset EarliestDataStart, bool BaseUrlAllowed, bool TokensRequired);

/// <summary>
/// The one check of a merchant's fields, for every host (HTTP onboarding, CLI <c>merchants add</c>, the
/// <c>Merchants:N</c> settings). Errors are keyed by <see cref="MerchantField"/>, in words that follow the
/// field's name as the host writes it (<c>'merchantId' is required.</c>, <c>--id 'x' is not a ...</c>,
/// <c>Merchants:0:Id is required.</c>), and never contain a token.
/// </summary>
public static class MerchantFieldValidator
{
    public const int MaxTokenLength = 4096;

    /// <summary>Checks <paramref name="draft"/> and <paramref name="grant"/>; the merchant is null when any field is at fault.</summary>
    public static (MerchantInfo? Merchant, IReadOnlyDictionary<MerchantField, string> Errors) Validate(MerchantDraft draft, TokenGrant? grant, MerchantRules rules)
    {
        var errors = new Dictionary<MerchantField, string>();
        var id = draft.Id?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            errors[MerchantField.Id] = "is required.";
        }
        else if (!MerchantIds.IsValid(id))
        {
            errors[MerchantField.Id] = $"is not a Clover merchant id ({MerchantIds.Length} upper-case letters or digits).";
        }

        var region = draft.Region?.Trim().ToLowerInvariant();
        var regions = string.Join(", ", CloverRegions.Names);
        if (string.IsNullOrEmpty(region))
        {
            errors[MerchantField.Region] = $"is required ({regions}).";
        }
        else if (!CloverRegions.IsKnown(region))
        {
            errors[MerchantField.Region] = $"is not a Clover region ({regions}).";
        }

        var types = CheckTypes(draft.Types, errors);
        if (draft.BackfillStart is { } backfill && backfill < rules.EarliestDataStart)
        {
            errors[MerchantField.BackfillStart] = $"must not be before {rules.EarliestDataStart:yyyy-MM-dd}: Clover holds no data that old (Export:EarliestDataStart).";
        }

        CheckBaseUrl(draft.BaseUrl, rules, errors);
        CheckTokens(grant, rules, errors);
        return errors.Count > 0
            ? (null, errors)
            : (new MerchantInfo(id!, region!, draft.BaseUrl is { } url ? new Uri(url) : null, types, draft.BackfillStart, draft.DisplayName?.Trim() is { Length: > 0 } name ? name : null, draft.Enabled), errors);
    }

    /// <summary>The listed types; none (the <c>Export:Types</c> default) when the list is empty or at fault.</summary>
    private static IReadOnlyList<ExportType> CheckTypes(string? list, Dictionary<MerchantField, string> errors)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return [];
        }

        var parts = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.FirstOrDefault(p => !ExportTypes.TryParse(p, out _)) is { } unknown)
        {
            errors[MerchantField.Types] = $"lists '{unknown}', which is not an export type; use ORDERS or PAYMENTS.";
            return [];
        }

        return ExportTypes.ParseList(list);
    }

    private static void CheckBaseUrl(string? baseUrl, MerchantRules rules, Dictionary<MerchantField, string> errors)
    {
        if (baseUrl is null)
        {
            return;
        }

        if (!rules.BaseUrlAllowed)
        {
            errors[MerchantField.BaseUrl] = "is not accepted: a merchant's API host comes from its region (operators override it with Clover:BaseUrl or Clover:AllowedApiHosts).";
        }
        else if (CloverApiBase.Problem(baseUrl) is { } problem)
        {
            errors[MerchantField.BaseUrl] = problem;
        }
    }

    private static void CheckTokens(TokenGrant? grant, MerchantRules rules, Dictionary<MerchantField, string> errors)
    {
        if (grant is null)
        {
            if (rules.TokensRequired)
            {
                errors[MerchantField.Tokens] = "is required.";
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(grant.AccessToken) && string.IsNullOrWhiteSpace(grant.RefreshToken))
        {
            errors[MerchantField.Tokens] = rules.TokensRequired ? "is required." : "must hold a refresh token (OAuth) or an access token (static).";
        }

        if (!IsTokenShaped(grant.AccessToken))
        {
            errors[MerchantField.AccessToken] = $"is not a token (it has whitespace or more than {MaxTokenLength} characters).";
        }

        if (!IsTokenShaped(grant.RefreshToken))
        {
            errors[MerchantField.RefreshToken] = $"is not a token (it has whitespace or more than {MaxTokenLength} characters).";
        }
    }

    private static bool IsTokenShaped(string? token) =>
        string.IsNullOrWhiteSpace(token) || (token.Length <= MaxTokenLength && !token.Any(char.IsWhiteSpace));
}

using System.Text.Json;
using CloverExport.Core.Merchants;
using CloverExport.Core.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CloverExport.Functions.Http;

/// <summary>
/// Onboarding: add or update a merchant with its tokens (saved to Key Vault or the encrypted local store,
/// never echoed), list merchants with their status, disable one. Function key required.
/// </summary>
public sealed class MerchantOnboardingApi(MerchantOnboarding onboarding)
{
    private static readonly string[] MerchantFields = ["merchantId", "region", "displayName", "enabled", "types", "backfillStart", "baseUrl", "tokens"];

    [Function("SaveMerchant")]
    public async Task<IActionResult> Save(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "merchants")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var bytes = await StartExportRequestReader.ReadLimitedAsync(request.Body, cancellationToken);
        if (bytes is null || bytes.Length == 0)
        {
            return ApiResponse.Problem(ApiProblem.Validation("body", $"A JSON object of at most {StartExportRequestReader.MaxBodyBytes} bytes with \"merchantId\" and \"region\" is required."));
        }

        MerchantRequest? body;
        try
        {
            body = JsonSerializer.Deserialize<MerchantRequest>(bytes, ApiJson.RequestOptions);
        }
        catch (JsonException ex)
        {
            // Name the field, never the .NET type System.Text.Json mentions.
            var field = StartExportRequestReader.FieldOf(ex.Path, ex.Message, MerchantFields);
            return ApiResponse.Problem(ApiProblem.Validation(
                field, field == "body" ? "The body is not a merchant: a JSON object with \"merchantId\" and \"region\"." : StartExportRequestReader.Expected(field, MerchantFields)));
        }

        if (body is null)
        {
            return ApiResponse.Problem(ApiProblem.Validation("body", "A JSON object with \"merchantId\" and \"region\" is required."));
        }

        try
        {
            var (draft, grant) = Draft(body);
            return ApiResponse.Json(StatusCodes.Status200OK, MerchantView.Of(await onboarding.SaveAsync(draft, grant, cancellationToken)));
        }
        catch (MerchantFieldException ex)
        {
            var errors = ex.Errors
                .GroupBy(e => FieldOf(e.Key))
                .ToDictionary(g => g.Key, g => g.Select(e => $"'{NameOf(e.Key)}' {e.Value}").ToArray());
            // A conflict (settings store, no token store) is about one field.
            return ApiResponse.Problem(ex.IsConflict ? ApiProblem.Conflict(errors.Keys.First(), errors.Values.First()[0]) : ApiProblem.Validation(errors));
        }
    }

    /// <summary>The request as Core's unchecked merchant and tokens (blank tokens count as absent).</summary>
    private static (MerchantDraft Draft, TokenGrant? Grant) Draft(MerchantRequest body)
    {
        var draft = new MerchantDraft(body.MerchantId, body.Region)
        {
            Types = body.Types is { Count: > 0 } types ? string.Join(',', types) : null,
            BackfillStart = body.BackfillStart,
            BaseUrl = body.BaseUrl,
            DisplayName = body.DisplayName,
            Enabled = body.Enabled ?? true,
        };
        var grant = body.Tokens is { } tokens
            ? new TokenGrant
            {
                AccessToken = NullIfBlank(tokens.AccessToken),
                AccessTokenExpiresAt = tokens.AccessTokenExpiresAt,
                RefreshToken = NullIfBlank(tokens.RefreshToken),
                RefreshTokenExpiresAt = tokens.RefreshTokenExpiresAt,
            }
            : null;
        return (draft, grant);
    }

    /// <summary>The request field that carries a merchant field: the tokens are one object.</summary>
    private static string FieldOf(MerchantField field) => field switch
    {
        MerchantField.Tokens or MerchantField.AccessToken or MerchantField.RefreshToken => "tokens",
        _ => NameOf(field),
    };

    private static string NameOf(MerchantField field) => field switch
    {
        MerchantField.Id => "merchantId",
        MerchantField.Region => "region",
        MerchantField.Types => "types",
        MerchantField.BackfillStart => "backfillStart",
        MerchantField.BaseUrl => "baseUrl",
        MerchantField.AccessToken => "tokens.accessToken",
        MerchantField.RefreshToken => "tokens.refreshToken",
        _ => "tokens",
    };

    [Function("ListMerchants")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var entries = await onboarding.ListAsync(cancellationToken);
        return ApiResponse.Json(StatusCodes.Status200OK, new MerchantList(onboarding.CanWrite, entries.Select(MerchantView.Of).ToList()));
    }

    [Function("DisableMerchant")]
    public Task<IActionResult> Disable(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "merchants/{merchantId}/disable")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => SetEnabledAsync(merchantId, enabled: false, cancellationToken);

    [Function("EnableMerchant")]
    public Task<IActionResult> Enable(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "merchants/{merchantId}/enable")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => SetEnabledAsync(merchantId, enabled: true, cancellationToken);

    private async Task<IActionResult> SetEnabledAsync(string merchantId, bool enabled, CancellationToken cancellationToken)
    {
        if (MerchantLookup.CheckId(merchantId) is { } malformed)
        {
            return ApiResponse.Problem(malformed);
        }

        try
        {
            if (!await (enabled ? onboarding.EnableAsync(merchantId, cancellationToken) : onboarding.DisableAsync(merchantId, cancellationToken)))
            {
                return ApiResponse.Problem(ApiProblem.NotFound("merchantId", $"Merchant '{merchantId}' is not in the merchant store."));
            }
        }
        catch (NotSupportedException ex)
        {
            return ApiResponse.Problem(ApiProblem.Conflict("merchantId", ex.Message));
        }

        var entry = (await onboarding.ListAsync(cancellationToken)).First(e => e.Info.Id == merchantId);
        return ApiResponse.Json(StatusCodes.Status200OK, MerchantView.Of(entry));
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

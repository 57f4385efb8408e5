using System.Text.Json;
using CloverExport.Core.Clover;
using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CloverExport.Functions.Http;

/// <summary>
/// Onboarding: add or update a merchant with its tokens (saved to Key Vault or the encrypted local store,
/// never echoed), list merchants with their status, disable one. Function key required.
/// </summary>
public sealed class MerchantOnboardingApi(MerchantOnboarding onboarding, IOptions<ExportOptions> exportOptions)
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

        var errors = new Dictionary<string, string[]>();
        if (!MerchantIds.IsValid(body.MerchantId))
        {
            errors["merchantId"] = [$"'merchantId' must be a Clover merchant id: {MerchantIds.Length} upper-case letters or digits."];
        }

        var region = body.Region?.Trim().ToLowerInvariant();
        if (!CloverRegions.IsKnown(region))
        {
            errors["region"] = [$"'region' must be one of {string.Join(", ", CloverRegions.Names)}."];
        }

        IReadOnlyList<ExportType> types = [];
        try
        {
            types = body.Types is { Count: > 0 } ? ExportTypes.ParseList(string.Join(',', body.Types)) : [];
        }
        catch (FormatException ex)
        {
            errors["types"] = [ex.Message];
        }

        Uri? baseUrl = null;
        if (body.BaseUrl is { Length: > 0 } && !(Uri.TryCreate(body.BaseUrl, UriKind.Absolute, out baseUrl) && baseUrl.Scheme is "http" or "https"))
        {
            errors["baseUrl"] = ["'baseUrl' must be an absolute http(s) URL."];
        }

        if (body.BackfillStart is { } backfill && backfill < exportOptions.Value.EarliestDataStart)
        {
            errors["backfillStart"] = [$"'backfillStart' must not be before {exportOptions.Value.EarliestDataStart:yyyy-MM-dd}: Clover holds no data that old (Export:EarliestDataStart)."];
        }

        if (body.Tokens is { } t && string.IsNullOrWhiteSpace(t.AccessToken) && string.IsNullOrWhiteSpace(t.RefreshToken))
        {
            errors["tokens"] = ["'tokens' needs a 'refreshToken' (OAuth) or an 'accessToken' (static token)."];
        }

        if (errors.Count > 0)
        {
            return ApiResponse.Problem(ApiProblem.Validation(errors));
        }

        var merchant = new MerchantInfo(body.MerchantId!, region!, baseUrl, types, body.BackfillStart, body.DisplayName?.Trim(), body.Enabled ?? true);
        var grant = body.Tokens is { } tokens
            ? new TokenGrant
            {
                AccessToken = NullIfBlank(tokens.AccessToken),
                AccessTokenExpiresAt = tokens.AccessTokenExpiresAt,
                RefreshToken = NullIfBlank(tokens.RefreshToken),
                RefreshTokenExpiresAt = tokens.RefreshTokenExpiresAt,
            }
            : null;
        try
        {
            return ApiResponse.Json(StatusCodes.Status200OK, MerchantView.Of(await onboarding.SaveAsync(merchant, grant, cancellationToken)));
        }
        catch (ArgumentException ex)
        {
            return ApiResponse.Problem(ApiProblem.Validation(grant is null ? "body" : "tokens", ex.Message));
        }
        catch (NotSupportedException ex)
        {
            return ApiResponse.Problem(ApiProblem.Conflict(ex.Message.Contains("token store", StringComparison.Ordinal) ? "tokens" : "merchantId", ex.Message));
        }
    }

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

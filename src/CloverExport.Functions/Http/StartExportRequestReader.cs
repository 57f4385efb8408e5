using System.Globalization;
using System.Text.Json;
using CloverExport.Core.Clover;
using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using Microsoft.AspNetCore.Http;

namespace CloverExport.Functions.Http;

/// <summary>The outcome of reading a start request: the run input, or the problem to answer with.</summary>
public sealed record StartExportParse(MerchantExportInput? Input, ApiProblem? Problem);

/// <summary>Reads and validates <c>POST exports</c>: every rejection names the field at fault.</summary>
public static class StartExportRequestReader
{
    public const int MaxBodyBytes = 16 * 1024;

    // Problem details quote a caller's value up to this length, so a long value is not echoed back whole.
    private const int MaxQuotedLength = 40;

    private static readonly string[] Fields = ["merchantId", "types", "from", "to"];

    // A repeated field is ambiguous (which "merchantId" did the caller mean?), so it is refused.
    private static readonly JsonDocumentOptions SyntaxOptions = new() { AllowDuplicateProperties = false };

    public static async Task<StartExportParse> ReadAsync(
        HttpRequest request, IMerchantDirectory merchants, ExportOptions export, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return Fail(ApiProblem.Validation("body", $"The body must not be larger than {MaxBodyBytes} bytes."));
        }

        var bytes = await ReadLimitedAsync(request.Body, cancellationToken);
        if (bytes is null)
        {
            return Fail(ApiProblem.Validation("body", $"The body must not be larger than {MaxBodyBytes} bytes."));
        }

        if (bytes.Length == 0)
        {
            return Fail(ApiProblem.Validation("body", "A JSON object with at least \"merchantId\" is required."));
        }

        // Syntax first, so that a truncated body is blamed on the body and not on its last field.
        try
        {
            using var syntax = JsonDocument.Parse(bytes, SyntaxOptions);
        }
        catch (JsonException ex)
        {
            return Fail(ApiProblem.Validation("body", $"The body is not valid JSON: {FirstSentence(ex.Message)}"));
        }

        StartExportRequest? body;
        try
        {
            body = JsonSerializer.Deserialize<StartExportRequest>(bytes, ApiJson.RequestOptions);
        }
        catch (JsonException ex)
        {
            // Serializer messages name .NET types: the answer says what was expected instead.
            var field = FieldOf(ex.Path, ex.Message);
            return Fail(ApiProblem.Validation(field, $"The body does not match this request: {Expected(field)}"));
        }

        if (body is null)
        {
            return Fail(ApiProblem.Validation("body", "A JSON object with at least \"merchantId\" is required."));
        }

        var errors = new Dictionary<string, string[]>();
        MerchantInfo? merchant = null;
        if (!MerchantIds.IsValid(body.MerchantId))
        {
            errors["merchantId"] = [$"'merchantId' must be a Clover merchant id: {MerchantIds.Length} upper-case letters or digits."];
        }
        else
        {
            merchant = await merchants.FindAsync(body.MerchantId, cancellationToken);
            if (merchant is null)
            {
                errors["merchantId"] = [$"Merchant '{body.MerchantId}' is not configured."];
            }
            else if (!merchant.Enabled)
            {
                errors["merchantId"] = [$"Merchant '{body.MerchantId}' is disabled."];
            }
        }

        var types = ParseTypes(body.Types, errors);
        var from = ParseInstant(body.From, "from", errors);
        var to = ParseInstant(body.To, "to", errors);
        var newest = now - export.SettleLag;
        if (from is { } f && to is { } t && f >= t)
        {
            errors["to"] = ["'to' must be later than 'from' ('to' is exclusive)."];
        }
        else if (to is { } end && end > newest)
        {
            errors["to"] = [$"'to' must not be later than {newest:O}: data newer than now minus Export:SettleLag ({export.SettleLag}) is not settled yet."];
        }
        else if (to is null && from is { } start && start >= newest)
        {
            errors["from"] = [$"'from' is in the future: it must be earlier than {newest:O} (now minus Export:SettleLag)."];
        }

        if (errors.Count > 0)
        {
            return Fail(ApiProblem.Validation(errors));
        }

        // Core's range end is inclusive to the millisecond; the API's is exclusive.
        return new StartExportParse(new MerchantExportInput(merchant!.Id, types, from, to?.AddMilliseconds(-1)), null);
    }

    private static List<ExportType>? ParseTypes(IReadOnlyList<string?>? values, Dictionary<string, string[]> errors)
    {
        if (values is null)
        {
            return null;
        }

        var types = new List<ExportType>();
        var bad = new List<string>();
        foreach (var value in values)
        {
            if (ExportTypes.TryParse(value, out var type))
            {
                if (!types.Contains(type))
                {
                    types.Add(type);
                }
            }
            else
            {
                bad.Add($"{Quote(value)} is not an export type; use ORDERS or PAYMENTS.");
            }
        }

        if (bad.Count > 0 || types.Count == 0)
        {
            errors["types"] = bad.Count > 0 ? [.. bad] : ["'types' must list at least one of ORDERS, PAYMENTS (or be omitted)."];
            return null;
        }

        return types;
    }

    private static DateTimeOffset? ParseInstant(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date.ToUniversalTime();
        }

        if (value.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.ToUniversalTime();
        }

        errors[field] = [$"'{field}' must be an ISO 8601 date (2025-01-01) or date-time (2025-01-01T00:00:00Z)."];
        return null;
    }

    /// <summary>Reads at most <see cref="MaxBodyBytes"/>; null when the body is longer.</summary>
    internal static async Task<byte[]?> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>"$.types[1]" → "types" (names as declared, whatever their case); an unknown property by its (shortened) name; otherwise the whole body.</summary>
    internal static string FieldOf(string? path, string message) => FieldOf(path, message, Fields);

    /// <summary>The field a System.Text.Json error is about, among <paramref name="fields"/> (the request's own names).</summary>
    internal static string FieldOf(string? path, string message, IReadOnlyList<string> fields)
    {
        var unknown = System.Text.RegularExpressions.Regex.Match(message, "property '([^']+)' could not be mapped");
        if (unknown.Success)
        {
            return Shorten(unknown.Groups[1].Value);
        }

        var field = path?.TrimStart('$').TrimStart('.').Split('.', '[')[0];
        return fields.FirstOrDefault(f => f.Equals(field, StringComparison.OrdinalIgnoreCase)) ?? "body";
    }

    private static string Expected(string field) => field switch
    {
        "merchantId" => "'merchantId' must be a string.",
        "types" => "'types' must be an array of strings, e.g. [\"ORDERS\",\"PAYMENTS\"].",
        "from" or "to" => $"'{field}' must be a string: an ISO 8601 date or date-time.",
        "body" => "it must be a JSON object with \"merchantId\" and optionally \"types\", \"from\" and \"to\".",
        _ => $"'{field}' is not a field of this request; the fields are merchantId, types, from and to.",
    };

    private static string Quote(string? value) => value is null ? "null" : $"'{Shorten(value)}'";

    private static string Shorten(string value) => value.Length <= MaxQuotedLength ? value : value[..MaxQuotedLength] + "…";

    // System.Text.Json messages continue with a path and line numbers, which the field name already covers.
    internal static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }

    private static StartExportParse Fail(ApiProblem problem) => new(null, problem);
}

using System.Globalization;
using System.Text.Json;
using CloverExport.Core.Clover;
using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Planning;

namespace CloverExport.Functions.Http;

/// <summary>The outcome of reading a start request: the run input, or the problem to answer with.</summary>
public sealed record StartExportParse(MerchantExportInput? Input, ApiProblem? Problem);

/// <summary>
/// Reads and validates a start request: <c>POST /api/merchants/{id}/export</c> (the merchant from the
/// route; <c>from</c>/<c>to</c> inclusive days; an empty body is an incremental run) or the legacy
/// <c>POST /api/exports</c> (the merchant in the body; <c>to</c> exclusive; dates or date-times). Every
/// rejection names the field at fault.
/// </summary>
public static class StartExportRequestReader
{
    public const int MaxBodyBytes = 16 * 1024;

    // Problem details quote a caller's value up to this length, so a long value is not echoed back whole.
    private const int MaxQuotedLength = 40;

    private static readonly string[] LegacyFields = ["merchantId", "types", "from", "to"];

    private static readonly string[] MerchantRouteFields = ["types", "from", "to"];

    // A repeated field is ambiguous (which "merchantId" did the caller mean?), so it is refused.
    private static readonly JsonDocumentOptions SyntaxOptions = new() { AllowDuplicateProperties = false };

    /// <param name="merchant">The merchant of <c>/api/merchants/{id}/export</c> (found and enabled); null for the legacy route, whose body names it.</param>
    public static async Task<StartExportParse> ReadAsync(
        HttpRequest request, MerchantInfo? merchant, IMerchantDirectory merchants, ExportOptions export, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var legacy = merchant is null;
        var (body, bodyProblem) = await ReadBodyAsync(request, legacy, cancellationToken);
        if (body is null)
        {
            return Fail(bodyProblem!);
        }

        var errors = new Dictionary<string, string[]>();
        if (merchant is null)
        {
            var (found, problem) = await MerchantLookup.FindEnabledAsync(merchants, body.MerchantId, cancellationToken);
            merchant = found;
            if (problem is not null)
            {
                errors["merchantId"] = [problem.Detail];
            }
        }

        var types = ParseTypes(body.Types, errors);
        var (from, end) = legacy ? ParseLegacyRange(body.From, body.To, errors) : ParseDays(body.From, body.To, errors);
        if (!errors.ContainsKey("from") && !errors.ContainsKey("to"))
        {
            foreach (var (field, message) in ExportDays.Check(from, end, export.EarliestDataStart, now - export.SettleLag))
            {
                errors[field] = [$"'{field}' {message}"];
            }
        }

        return errors.Count > 0
            ? Fail(ApiProblem.Validation(errors))
            : new StartExportParse(new MerchantExportInput(merchant!.Id, types, from, end), null);
    }

    /// <summary>The body as a request, or the problem with it (too large, empty where a merchant must be named, not JSON, not this request).</summary>
    private static async Task<(StartExportRequest? Body, ApiProblem? Problem)> ReadBodyAsync(HttpRequest request, bool legacy, CancellationToken cancellationToken)
    {
        var bytes = request.ContentLength > MaxBodyBytes ? null : await ReadLimitedAsync(request.Body, cancellationToken);
        if (bytes is null)
        {
            return (null, ApiProblem.Validation("body", $"The body must not be larger than {MaxBodyBytes} bytes."));
        }

        if (bytes.Length == 0)
        {
            return legacy
                ? (null, ApiProblem.Validation("body", "A JSON object with at least \"merchantId\" is required."))
                : (new StartExportRequest(null, null, null, null), null);
        }

        // Syntax first, so that a truncated body is blamed on the body and not on its last field.
        try
        {
            using var syntax = JsonDocument.Parse(bytes, SyntaxOptions);
        }
        catch (JsonException ex)
        {
            return (null, ApiProblem.Validation("body", $"The body is not valid JSON: {FirstSentence(ex.Message)}"));
        }

        return Deserialize(bytes, legacy);
    }

    private static (StartExportRequest? Body, ApiProblem? Problem) Deserialize(byte[] bytes, bool legacy)
    {
        var fields = legacy ? LegacyFields : MerchantRouteFields;
        StartExportRequest? body;
        try
        {
            body = legacy
                ? JsonSerializer.Deserialize<StartExportRequest>(bytes, ApiJson.RequestOptions)
                : JsonSerializer.Deserialize<MerchantExportRequest>(bytes, ApiJson.RequestOptions) is { } own
                    ? new StartExportRequest(null, own.Types, own.From, own.To)
                    : null;
        }
        catch (JsonException ex)
        {
            // Serializer messages name .NET types: the answer says what was expected instead.
            var field = FieldOf(ex.Path, ex.Message, fields);
            return (null, ApiProblem.Validation(field, $"The body does not match this request: {Expected(field, fields, legacy)}"));
        }

        return body is null
            ? (null, ApiProblem.Validation("body", legacy ? "A JSON object with at least \"merchantId\" is required." : "The body must be a JSON object (or empty)."))
            : (body, null);
    }

    /// <summary>The message for a field of the body that has the wrong JSON type, or that is not a field of the request at all.</summary>
    public static string Expected(string field, IReadOnlyList<string> fields) =>
        fields.Contains(field)
            ? $"'{field}' has the wrong type or shape."
            : $"'{field}' is not a field of this request; the fields are {string.Join(", ", fields)}.";

    /// <summary>Inclusive days, the convention people type: the first millisecond of <c>from</c> through the last of <c>to</c>.</summary>
    private static (DateTimeOffset? From, DateTimeOffset? End) ParseDays(string? from, string? to, Dictionary<string, string[]> errors)
    {
        DateTimeOffset? start = null, end = null;
        if (from is not null)
        {
            if (ExportDays.TryParse(from, out var day))
            {
                start = ExportDays.StartOf(day);
            }
            else
            {
                errors["from"] = ["'from' must be a day, yyyy-MM-dd (UTC), e.g. 2025-01-01."];
            }
        }

        if (to is not null)
        {
            if (ExportDays.TryParse(to, out var day))
            {
                end = ExportDays.EndOf(day);
            }
            else
            {
                errors["to"] = ["'to' must be a day, yyyy-MM-dd (UTC), e.g. 2025-01-31; it is inclusive."];
            }
        }

        return (start, end);
    }

    /// <summary>The legacy route's convention, kept for its callers: dates or date-times, <c>to</c> exclusive.</summary>
    private static (DateTimeOffset? From, DateTimeOffset? End) ParseLegacyRange(string? from, string? to, Dictionary<string, string[]> errors)
    {
        var start = ParseInstant(from, "from", errors);
        var exclusiveEnd = ParseInstant(to, "to", errors);
        if (start is { } f && exclusiveEnd is { } t && f >= t)
        {
            errors["to"] = ["'to' must be later than 'from' ('to' is exclusive on this route)."];
        }

        return (start, exclusiveEnd?.AddMilliseconds(-1));
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

    private static string Expected(string field, IReadOnlyList<string> fields, bool legacy) => field switch
    {
        "merchantId" when legacy => "'merchantId' must be a string.",
        "types" => "'types' must be an array of strings, e.g. [\"ORDERS\",\"PAYMENTS\"].",
        "from" or "to" when legacy => $"'{field}' must be a string: an ISO 8601 date or date-time.",
        "from" or "to" => $"'{field}' must be a string: a day, yyyy-MM-dd.",
        "body" => $"it must be a JSON object with {(legacy ? "\"merchantId\" and optionally " : "optionally ")}\"types\", \"from\" and \"to\".",
        _ => Expected(field, fields),
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

using System.Text.Json;
using CloverExport.Emulator.Api;
using CloverExport.Emulator.Data;
using CloverExport.Emulator.State;

namespace CloverExport.Emulator.Admin;

/// <summary>Test-only endpoints under /_emulator: ground truth, counters, faults, merchants (never tokens).</summary>
internal static class AdminEndpoints
{
    public const string Prefix = "/_emulator";

    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup(Prefix);
        admin.MapGet("/ground-truth/{mId}", GroundTruth);
        admin.MapGet("/counters", (EmulatorState state) => Results.Json(state.Snapshot(), EmulatorJson.Options));
        admin.MapPost("/faults", AddFaultAsync);
        admin.MapDelete("/faults", (EmulatorState state) =>
        {
            state.Faults.Clear();
            return Results.NoContent();
        });
        admin.MapPost("/external-load", AddExternalLoadAsync);
        admin.MapDelete("/external-load", (EmulatorState state) =>
        {
            state.Exports.ClearExternalLoad();
            return Results.NoContent();
        });
        admin.MapGet("/merchants", (EmulatorState state) => Results.Json(
            state.Merchants.Values.Select(m => new MerchantSummary(
                m.Id,
                m.Region,
                DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(m.Data.DataStartMs).UtcDateTime),
                DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(m.Data.DataEndMs).UtcDateTime))),
            EmulatorJson.Options));
        admin.MapPost("/merchants/{mId}/revoke", (string mId, EmulatorState state) =>
        {
            if (!state.Merchants.TryGetValue(mId, out var merchant))
            {
                return ErrorResults.NotFound("Merchant");
            }

            merchant.Credentials.Revoke();
            return Results.NoContent();
        });
    }

    public static EmulatedMerchant Merchant(EmulatorState state, string merchantId) =>
        state.Merchants.TryGetValue(merchantId, out var merchant)
            ? merchant
            : throw new ArgumentException($"Unknown merchant {merchantId}.", nameof(merchantId));

    private static IResult GroundTruth(string mId, string? type, long? startTime, long? endTime, long? asOf, string? field, bool? full, EmulatorState state)
    {
        if (!state.Merchants.ContainsKey(mId))
        {
            return ErrorResults.NotFound("Merchant");
        }

        if (!ExportTypes.IsValid(type) || startTime is null || endTime is null)
        {
            return ErrorResults.BadRequest("type (ORDERS|PAYMENTS), startTime and endTime (ms) are required");
        }

        FilterField? parsed = field?.ToUpperInvariant() switch
        {
            null or "CREATEDTIME" => FilterField.CreatedTime,
            "MODIFIEDTIME" => FilterField.ModifiedTime,
            _ => null,
        };
        if (parsed is not { } filterField)
        {
            return ErrorResults.BadRequest("field must be createdTime or modifiedTime");
        }

        var truth = GroundTruthQuery.Build(state, mId, type!, startTime.Value, endTime.Value, asOf, filterField);
        return Results.Json(
            new GroundTruthBody(
                mId,
                type!,
                filterField == FilterField.CreatedTime ? "createdTime" : "modifiedTime",
                truth.AsOf,
                truth.Ids,
                truth.Objects.Select(o => new ObjectBody(o.Id, o.CreatedTime, o.ModifiedTime, o.Hash, full == true ? JsonDocument.Parse(o.Json).RootElement : null)).ToList(),
                truth.Deleted),
            EmulatorJson.Options);
    }

    private static async Task<IResult> AddFaultAsync(HttpRequest request, EmulatorState state)
    {
        var (fault, error) = await EmulatorJson.ReadBodyAsync<EmulatorFault>(request);
        if (error is not null)
        {
            return ErrorResults.BadRequest("Invalid fault: " + error);
        }

        if (fault is null || fault.Count < 1)
        {
            return ErrorResults.BadRequest("Invalid fault: count must be at least 1");
        }

        if (fault.Body is { } body && (fault.Kind is not (EmulatorFaultKind.ConcurrencyLimit or EmulatorFaultKind.ClosedHours) ||
            (fault.Kind == EmulatorFaultKind.ConcurrencyLimit && ErrorResults.IsClosedHoursOnly(body))))
        {
            return ErrorResults.BadRequest($"Invalid fault: body {body} does not apply to {fault.Kind}");
        }

        state.Faults.Add(fault);
        return Results.Json(fault, EmulatorJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> AddExternalLoadAsync(HttpRequest request, EmulatorState state)
    {
        var (load, error) = await EmulatorJson.ReadBodyAsync<ExternalLoadRequest>(request);
        if (error is not null)
        {
            return ErrorResults.BadRequest("Invalid external load: " + error);
        }

        if (load is not { Slots: > 0 } || load.DurationSeconds <= 0)
        {
            return ErrorResults.BadRequest("Invalid external load: slots must be at least 1 and durationSeconds (optional) positive");
        }

        var until = load.DurationSeconds is { } seconds ? state.Time.GetUtcNow().AddSeconds(seconds) : (DateTimeOffset?)null;
        state.Exports.AddExternalLoad(new ExternalLoad(load.Slots, until));
        return Results.Json(new ExternalLoadBody(load.Slots, until?.ToUnixTimeMilliseconds()), EmulatorJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private sealed record ExternalLoadRequest(int Slots, int? DurationSeconds);

    private sealed record ExternalLoadBody(int Slots, long? Until);

    private sealed record GroundTruthBody(
        string MerchantId,
        string Type,
        string Field,
        long AsOf,
        IReadOnlyList<string> Ids,
        IReadOnlyList<ObjectBody> Objects,
        IReadOnlyList<DeletedObject> Deleted);

    private sealed record ObjectBody(string Id, long CreatedTime, long ModifiedTime, string Hash, JsonElement? Object);

    private sealed record MerchantSummary(string Id, string Region, DateOnly DataStart, DateOnly DataEnd);
}

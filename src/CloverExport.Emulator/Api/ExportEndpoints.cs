using System.Globalization;
using System.Security.Cryptography;
using CloverExport.Emulator.Data;
using CloverExport.Emulator.State;

namespace CloverExport.Emulator.Api;

/// <summary>Clover's create and status calls.</summary>
internal static class ExportEndpoints
{
    public const string CreateRoute = "/v3/merchants/{mId}/exports";
    public const string StatusRoute = "/v3/merchants/{mId}/exports/{exportId}";

    private const string IdAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").AddEndpointFilter<ApiGateFilter>();
        group.MapPost(CreateRoute, CreateAsync);
        group.MapGet(StatusRoute, GetStatus);
    }

    private static async Task<IResult> CreateAsync(string mId, HttpContext http, EmulatorState state, ILogger<EmulatorState> logger)
    {
        var (request, error) = await CreateExportRequest.ReadAsync(http.Request, http.RequestAborted);
        if (request is null)
        {
            return ErrorResults.BadRequest(error!);
        }

        var merchant = state.Merchants[mId];
        var now = state.Time.GetUtcNow();
        var options = state.Options;
        if (RefusalBeforeCreate(state, mId, merchant.Region, now) is { } refusal)
        {
            return refusal;
        }

        var selection = new ExportSelection(request.Type, request.StartTime, request.EndTime, options.FilterField, now.ToUnixTimeMilliseconds());
        var dayCounts = merchant.Data.SelectionDays(selection)
            .Select(day => (Day: day, Count: merchant.Data.Select(day, selection).Count()))
            .Where(d => d.Count > 0)
            .ToList();
        var objectCount = dayCounts.Sum(d => d.Count);
        ExportJob? job = null;
        var added = state.Exports.TryAdd(mId, now, () => job = new ExportJob
        {
            Id = RandomNumberGenerator.GetString(IdAlphabet, 13),
            MerchantId = mId,
            CreatedAt = now,
            ProcessingTime = options.ProcessingBase + (options.ProcessingPerThousand * (objectCount / 1000.0)),
            Selection = selection,
            DayCounts = dayCounts,
            ObjectCount = objectCount,
            FileCount = (objectCount + options.ObjectsPerFile - 1) / options.ObjectsPerFile,
            Fails = state.Faults.TryConsume(EmulatorFaultKind.ExportFailed, mId) is not null,
            StuckUntil = state.Faults.TryConsume(EmulatorFaultKind.StuckInProgress, mId) is { } stuck
                ? stuck.Fault.DurationSeconds is { } seconds ? now.AddSeconds(seconds) : DateTimeOffset.MaxValue
                : null,
            ExpireFilesAtDone = state.Faults.TryConsume(EmulatorFaultKind.ExpireFiles, mId) is not null,
        });
        if (!added)
        {
            return Concurrency(state, options.ConcurrencyBody);
        }

        logger.LogInformation(
            "Export {ExportId} created for merchant {MerchantId}: {Type} {StartTime}..{EndTime}, {ObjectCount} objects",
            job!.Id, mId, job.Type, job.StartMs, job.EndMs, objectCount);
        return Results.Json(Resource(state, job, new ExportProgress(ExportStatus.Pending, 0, now), []), EmulatorJson.Options);
    }

    /// <summary>The 503 a create gets before any export is made (a closed-hours or concurrency fault, or closed hours), or null.</summary>
    private static IResult? RefusalBeforeCreate(EmulatorState state, string mId, string region, DateTimeOffset now)
    {
        var options = state.Options;
        if (state.Faults.TryConsume(EmulatorFaultKind.ClosedHours, mId) is { } closed)
        {
            var reopens = state.Hours.NextOpen(region, closed.ClosedUntil ?? now.AddMinutes(1));
            return ClosedHours(state, closed.Fault.Body ?? options.ClosedHoursBody, region, reopens);
        }

        if (!state.Hours.IsOpen(region, now))
        {
            return ClosedHours(state, options.ClosedHoursBody, region, state.Hours.NextOpen(region, now));
        }

        return state.Faults.TryConsume(EmulatorFaultKind.ConcurrencyLimit, mId) is { } busy
            ? Concurrency(state, busy.Fault.Body ?? options.ConcurrencyBody)
            : null;
    }

    private static IResult ClosedHours(EmulatorState state, UnavailableBodyStyle style, string region, DateTimeOffset reopens)
    {
        state.Counters.ClosedHoursAnswered();
        return ErrorResults.ClosedHours(style, state.Hours.Describe(region), reopens);
    }

    private static IResult Concurrency(EmulatorState state, UnavailableBodyStyle style)
    {
        state.Counters.ConcurrencyAnswered();
        return ErrorResults.Concurrency(style);
    }

    private static IResult GetStatus(string mId, string exportId, EmulatorState state)
    {
        var job = state.Exports.Find(exportId);
        if (job is null || job.MerchantId != mId)
        {
            return ErrorResults.NotFound("Export");
        }

        var progress = job.Progress(state.Time.GetUtcNow());
        var read = job.RecordStatusRead(progress.Status);
        var listed = job.FileCount;
        if (progress.Status == ExportStatus.Done && state.Faults.TryConsume(EmulatorFaultKind.FileCountChange, mId) is { } change)
        {
            listed = Math.Max(0, job.FileCount + (change.Fault.FileDelta ?? -1));
            job.AllowExtraFiles(listed - job.FileCount);
        }

        return Results.Json(Resource(state, job, progress, FileList.Order(state.Options.FileListOrder, job.Id, listed, read)), EmulatorJson.Options);
    }

    /// <param name="files">File indexes in the order the list shows them (used only when DONE).</param>
    private static ExportResource Resource(EmulatorState state, ExportJob job, ExportProgress progress, IReadOnlyList<int> files)
    {
        var done = progress.Status == ExportStatus.Done;
        var availableUntil = done ? job.AvailableUntil(state.Options.FileLifetime).ToUnixTimeMilliseconds() : 0;
        return new ExportResource(
            job.Id,
            job.Type,
            progress.WireStatus,
            progress.PercentComplete,
            done ? availableUntil : null,
            job.StartMs,
            job.EndMs,
            job.CreatedAt.ToUnixTimeMilliseconds(),
            progress.ModifiedAt.ToUnixTimeMilliseconds(),
            done ? new ElementList<ExportUrl>(files.Select(i => FileUrl(state, job, i, availableUntil)).ToList()) : null,
            new IdRef(job.MerchantId));
    }

    private static ExportUrl FileUrl(EmulatorState state, ExportJob job, int index, long expires)
    {
        var relative = string.Create(
            CultureInfo.InvariantCulture,
            $"files/{job.Id}/{index}?expires={expires}&sig={state.Signer.Sign(job.Id, index, expires)}");
        return new ExportUrl(new Uri(state.FileBaseUrl, relative).ToString(), new IdRef(job.Id));
    }
}

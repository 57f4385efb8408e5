using CloverExport.Emulator.Api;
using CloverExport.Emulator.State;

namespace CloverExport.Emulator.Files;

/// <summary>The pre-signed export file links: no token, HMAC signature and expiry in the query.</summary>
internal static class FileEndpoints
{
    public const string FileRoute = "/files/{exportId}/{index:int}";

    public static void Map(IEndpointRouteBuilder app) => app.MapGet(FileRoute, DownloadAsync);

    private static async Task DownloadAsync(string exportId, int index, HttpContext http, EmulatorState state)
    {
        var request = http.Request;
        state.Counters.FileRequest(request.Headers.ContainsKey("Authorization") || request.Query.ContainsKey("access_token"));
        var result = await CheckAsync(exportId, index, http, state);
        if (result.Error is not null)
        {
            await result.Error.ExecuteAsync(http);
            return;
        }

        var job = result.Job!;
        var damage = FileDamage.None;
        if (state.Faults.TryConsume(EmulatorFaultKind.CutFile, job.MerchantId) is not null)
        {
            damage = FileDamage.Cut;
        }
        else if (state.Faults.TryConsume(EmulatorFaultKind.TruncateFile, job.MerchantId) is not null)
        {
            damage = FileDamage.Truncate;
        }
        else if (state.Faults.TryConsume(EmulatorFaultKind.MalformedFile, job.MerchantId) is not null)
        {
            damage = FileDamage.Malformed;
        }

        var perFile = state.Options.ObjectsPerFile;
        var count = Math.Max(0, Math.Min(perFile, job.ObjectCount - (index * perFile)));
        var objects = ExportFileContent.Objects(job, state.Merchants[job.MerchantId].Data, index, perFile);
        await ExportFileWriter.WriteAsync(http, objects, count, state.Options.FilePaddingBytes, damage, http.RequestAborted);
        if (damage == FileDamage.None)
        {
            job.RecordDownload(index);
        }
    }

    private static async Task<(ExportJob? Job, IResult? Error)> CheckAsync(string exportId, int index, HttpContext http, EmulatorState state)
    {
        if (!long.TryParse(http.Request.Query["expires"], System.Globalization.CultureInfo.InvariantCulture, out var expires) ||
            !state.Signer.Verify(exportId, index, expires, http.Request.Query["sig"]))
        {
            return (null, ErrorResults.Message(StatusCodes.Status403Forbidden, "Access denied"));
        }

        var job = state.Exports.Find(exportId);
        if (job is null || index < 0 || index >= job.FileCount + job.ExtraFiles || state.Time.GetUtcNow().ToUnixTimeMilliseconds() >= expires)
        {
            return (null, ErrorResults.NotFound("File"));
        }

        await RequestFaults.DelayIfSlowAsync(state, job.MerchantId, http.RequestAborted);
        if (state.Faults.TryConsume(EmulatorFaultKind.ServerError, job.MerchantId) is not null)
        {
            return (null, ErrorResults.ServerError());
        }

        return (job, null);
    }
}

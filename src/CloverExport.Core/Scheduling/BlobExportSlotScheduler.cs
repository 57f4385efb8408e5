using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs.Models;
using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Tokens;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Scheduling;

/// <summary>
/// The app-wide export slot scheduler (<c>Export:MaxExportsInFlightPerApp</c> &gt; 0): one JSON blob,
/// <c>scheduler/export-slots.json</c> in the <c>Tokens:Container</c> container, read and written under
/// an ETag condition so that every worker of a scaled-out Functions app and the CLI's in-process
/// engine see one queue. A write that loses the race reads again and decides again; a decision that
/// changes nothing (a waiter asking again) is not written, so waiters cost reads, not conflicts.
/// </summary>
public sealed partial class BlobExportSlotScheduler(TokenContainer container, IOptions<ExportOptions> options, TimeProvider time, ILogger<BlobExportSlotScheduler> logger)
    : IExportSlotGate
{
    public const string BlobName = "scheduler/export-slots.json";

    private const int MaxConflicts = 50;

    public Task<ExportSlotDecision> TryAcquireAsync(ExportSlotRequest request, CancellationToken cancellationToken) =>
        UpdateAsync((board, now, expired) => board.Acquire(request, now, options.Value.MaxExportsInFlightPerApp, expired), cancellationToken);

    public async Task<ExportSlotReleased> ReleaseAsync(ExportSlotRelease release, CancellationToken cancellationToken)
    {
        var limitBefore = 0.0;
        var (wake, limit) = await UpdateAsync(
            (board, now, expired) =>
            {
                limitBefore = board.Limit;
                return (board.Release(release, now, options.Value.MaxExportsInFlightPerApp, expired), board.Limit);
            },
            cancellationToken);
        if (release.Use == ExportSlotUse.ConcurrencyLimited && limit < limitBefore)
        {
            LogLimitLowered(logger, release.HolderId, limit);
        }

        return new ExportSlotReleased(wake);
    }

    /// <summary>The current board, for progress views and tests.</summary>
    public async Task<ExportSlotBoard> ReadAsync(CancellationToken cancellationToken) =>
        (await LoadAsync(cancellationToken)).Board;

    private async Task<T> UpdateAsync<T>(Func<ExportSlotBoard, DateTimeOffset, List<SlotLease>, T> change, CancellationToken cancellationToken)
    {
        var blob = (await container.GetAsync()).GetBlobClient(BlobName);
        for (var conflict = 0; ; conflict++)
        {
            var (board, etag, stored) = await LoadAsync(cancellationToken);
            var expired = new List<SlotLease>();
            var result = change(board, time.GetUtcNow(), expired);
            var content = JsonSerializer.SerializeToUtf8Bytes(board, SchedulingJsonContext.Default.ExportSlotBoard);
            if (etag is not null && content.AsSpan().SequenceEqual(stored.Span))
            {
                return result;
            }

            var conditions = etag is { } current ? new BlobRequestConditions { IfMatch = current } : new BlobRequestConditions { IfNoneMatch = ETag.All };
            try
            {
                await blob.UploadAsync(
                    BinaryData.FromBytes(content),
                    new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                    cancellationToken);
                foreach (var lease in expired)
                {
                    LogReclaimed(logger, lease.HolderId, lease.MerchantId, lease.Until);
                }

                return result;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && conflict < MaxConflicts)
            {
                // Another worker changed the board first: decide again on its state, after a short random
                // pause in real time (not the TimeProvider's: this spreads racing writers, it models nothing).
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 + (conflict * 10))), cancellationToken);
            }
        }
    }

    private async Task<(ExportSlotBoard Board, ETag? ETag, ReadOnlyMemory<byte> Stored)> LoadAsync(CancellationToken cancellationToken)
    {
        var blob = (await container.GetAsync()).GetBlobClient(BlobName);
        try
        {
            var content = (await blob.DownloadContentAsync(cancellationToken)).Value;
            var stored = content.Content.ToMemory();
            var board = JsonSerializer.Deserialize(stored.Span, SchedulingJsonContext.Default.ExportSlotBoard) ?? new ExportSlotBoard();
            return (board, content.Details.ETag, stored);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (new ExportSlotBoard(), null, ReadOnlyMemory<byte>.Empty);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export slot of {HolderId} ({MerchantId}) reclaimed: its lease ended at {Until:O} without a renewal")]
    private static partial void LogReclaimed(ILogger logger, string holderId, string merchantId, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clover answered a concurrency 503 to {HolderId} within the app's limit: effective limit now {Limit}")]
    private static partial void LogLimitLowered(ILogger logger, string holderId, double limit);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ExportSlotBoard))]
internal sealed partial class SchedulingJsonContext : JsonSerializerContext;

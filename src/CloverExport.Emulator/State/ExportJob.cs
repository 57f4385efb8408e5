namespace CloverExport.Emulator.State;

/// <summary>
/// One export. Its progress is a pure function of the clock (no background work): PENDING for the
/// first fifth of its processing time, then IN_PROGRESS with a rising percentage, then DONE (or
/// FAILED / forever IN_PROGRESS when a fault says so).
/// </summary>
internal sealed class ExportJob
{
    public required string Id { get; init; }

    public required string MerchantId { get; init; }

    public required string Type { get; init; }

    public required long StartMs { get; init; }

    public required long EndMs { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required TimeSpan ProcessingTime { get; init; }

    /// <summary>Matching objects per day (day index since the epoch), in day order; lets a file start at the right day.</summary>
    public required IReadOnlyList<(long Day, int Count)> DayCounts { get; init; }

    public required int ObjectCount { get; init; }

    public required int FileCount { get; init; }

    public bool Fails { get; init; }

    public bool Stuck { get; init; }

    public bool ExpireFilesAtDone { get; init; }

    public DateTimeOffset DoneAt => CreatedAt + ProcessingTime;

    /// <summary>PENDING or IN_PROGRESS at this time (a stuck export never stops being active).</summary>
    public bool IsActive(DateTimeOffset now) => Stuck || now < DoneAt;

    public DateTimeOffset AvailableUntil(TimeSpan fileLifetime) => ExpireFilesAtDone ? DoneAt : DoneAt + fileLifetime;

    public ExportProgress Progress(DateTimeOffset now)
    {
        var elapsed = now - CreatedAt;
        if (elapsed <= TimeSpan.Zero || elapsed < ProcessingTime / 5)
        {
            return new ExportProgress(ExportStatuses.Pending, 0, CreatedAt);
        }

        if (elapsed >= ProcessingTime && !Stuck)
        {
            return new ExportProgress(Fails ? ExportStatuses.Failed : ExportStatuses.Done, Fails ? 0 : 100, DoneAt);
        }

        var percent = ProcessingTime <= TimeSpan.Zero ? 99 : (int)Math.Clamp(elapsed / ProcessingTime * 100, 1, 99);
        return new ExportProgress(ExportStatuses.InProgress, percent, now);
    }
}

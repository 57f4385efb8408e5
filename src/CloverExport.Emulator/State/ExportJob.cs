using CloverExport.Emulator.Data;

namespace CloverExport.Emulator.State;

/// <summary>
/// One export. Its progress is a pure function of the clock (no background work): PENDING for the
/// first fifth of its processing time, then IN_PROGRESS with a rising percentage, then DONE (or
/// FAILED, or IN_PROGRESS until <see cref="StuckUntil"/> when a fault says so). It also records what
/// the client did with it (status reads, downloaded files) for the orphan counters.
/// </summary>
internal sealed class ExportJob
{
    private readonly Lock gate = new();
    private readonly HashSet<int> downloadedFiles = [];
    private int statusReads;
    private int extraFiles;
    private bool doneSeen;

    public required string Id { get; init; }

    public required string MerchantId { get; init; }


    public required DateTimeOffset CreatedAt { get; init; }

    public required TimeSpan ProcessingTime { get; init; }

    /// <summary>Its objects: the time field it filters on and the moment (its creation) they are taken as of.</summary>
    public required ExportSelection Selection { get; init; }

    public string Type => Selection.Type;

    public long StartMs => Selection.StartMs;

    public long EndMs => Selection.EndMsInclusive;

    /// <summary>Matching objects per day (day index since the epoch), in day order; lets a file start at the right day.</summary>
    public required IReadOnlyList<(long Day, int Count)> DayCounts { get; init; }

    public required int ObjectCount { get; init; }

    public required int FileCount { get; init; }

    public bool Fails { get; init; }

    /// <summary>Stuck IN_PROGRESS until then (MaxValue = forever), holding its slots; null = not stuck.</summary>
    public DateTimeOffset? StuckUntil { get; init; }

    public bool ExpireFilesAtDone { get; init; }

    /// <summary>When it leaves IN_PROGRESS (DONE or FAILED); MaxValue for an export stuck forever.</summary>
    public DateTimeOffset DoneAt => StuckUntil is { } stuck && stuck > CreatedAt + ProcessingTime ? stuck : CreatedAt + ProcessingTime;

    /// <summary>PENDING or IN_PROGRESS at this time (counts toward the concurrency limits).</summary>
    public bool IsActive(DateTimeOffset now) => now < DoneAt;

    /// <summary>Only meaningful once DONE.</summary>
    public DateTimeOffset AvailableUntil(TimeSpan fileLifetime) => ExpireFilesAtDone ? DoneAt : DoneAt + fileLifetime;

    /// <summary>Time it has held a slot: create to DONE/FAILED, or to now while unfinished.</summary>
    public TimeSpan BusyTime(DateTimeOffset now) => (now < DoneAt ? now : DoneAt) - CreatedAt;

    public ExportProgress Progress(DateTimeOffset now)
    {
        var elapsed = now - CreatedAt;
        if (elapsed <= TimeSpan.Zero || elapsed < ProcessingTime / 5)
        {
            return new ExportProgress(ExportStatus.Pending, 0, CreatedAt);
        }

        if (now >= DoneAt)
        {
            return new ExportProgress(Fails ? ExportStatus.Failed : ExportStatus.Done, Fails ? 0 : 100, DoneAt);
        }

        var percent = ProcessingTime <= TimeSpan.Zero ? 99 : (int)Math.Clamp(elapsed / ProcessingTime * 100, 1, 99);
        return new ExportProgress(ExportStatus.InProgress, percent, now);
    }

    /// <summary>Records a status read; returns how many reads there were before this one.</summary>
    public int RecordStatusRead(ExportStatus status)
    {
        lock (gate)
        {
            doneSeen |= status == ExportStatus.Done;
            return statusReads++;
        }
    }

    /// <summary>Files listed beyond <see cref="FileCount"/> by a FileCountChange fault (they hold no objects).</summary>
    public int ExtraFiles
    {
        get
        {
            lock (gate)
            {
                return extraFiles;
            }
        }
    }

    /// <summary>Lets file links up to FileCount + <paramref name="extra"/> - 1 be served.</summary>
    public void AllowExtraFiles(int extra)
    {
        lock (gate)
        {
            extraFiles = Math.Max(extraFiles, extra);
        }
    }

    /// <summary>A file was served in full.</summary>
    public void RecordDownload(int index)
    {
        lock (gate)
        {
            downloadedFiles.Add(index);
        }
    }

    public bool NeverPolled
    {
        get
        {
            lock (gate)
            {
                return statusReads == 0;
            }
        }
    }

    /// <summary>DONE, but the client never saw it DONE or never downloaded every file in full.</summary>
    public bool IsOrphan(DateTimeOffset now)
    {
        if (Fails || now < DoneAt)
        {
            return false;
        }

        lock (gate)
        {
            return !doneSeen || downloadedFiles.Count(i => i < FileCount) < FileCount;
        }
    }
}

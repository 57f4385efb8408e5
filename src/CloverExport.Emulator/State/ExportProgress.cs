namespace CloverExport.Emulator.State;

/// <summary>Where an export is in its life.</summary>
internal enum ExportStatus
{
    Pending,
    InProgress,
    Done,
    Failed,
}

/// <summary>An export's status at one moment.</summary>
internal sealed record ExportProgress(ExportStatus Status, int PercentComplete, DateTimeOffset ModifiedAt)
{
    /// <summary>The status as Clover writes it.</summary>
    public string WireStatus => Status switch
    {
        ExportStatus.Pending => "PENDING",
        ExportStatus.InProgress => "IN_PROGRESS",
        ExportStatus.Done => "DONE",
        _ => "FAILED",
    };
}

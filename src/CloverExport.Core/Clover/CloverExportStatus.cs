namespace CloverExport.Core.Clover;

/// <summary>
/// Status of an export on Clover's side. Anything other than PENDING, IN_PROGRESS or DONE is
/// treated as terminal and failed, so a poll never runs forever on a status Clover adds later.
/// </summary>
public enum CloverExportStatus
{
    Pending,
    InProgress,
    Done,
    Failed,
}

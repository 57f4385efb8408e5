namespace CloverExport.Core.Planning;

/// <summary>
/// One committed snapshot of a window: <see cref="Window"/> carries its revision, <see cref="ExportedAt"/>
/// when it was taken (committed), so how old the window's data was when Clover exported it.
/// </summary>
public sealed record WindowSnapshot(ExportWindow Window, DateTimeOffset ExportedAt)
{
    /// <summary>How long after the window's end this snapshot was taken.</summary>
    public TimeSpan Age => ExportedAt - Window.End;
}
